"""Country codes and names, from the ISO 3166-1 data of the `pycountry` package."""

from __future__ import annotations

from functools import cache

import pycountry

REGIONS = {"EU": "European Union"}
"""Region codes (ISO 3166-1 exceptional reservations) that an international case study may be filed under."""
COMMON_MISTAKES = {"UK": "GB", "EL": "GR"}
"""Codes people use that are not the ISO codes (the EU's own abbreviations, 'UK' for the United Kingdom)."""


@cache
def country_name(code: str) -> str | None:
    """The common English name for an alpha-2 code, or None if it is not a country code."""
    if code in REGIONS:
        return REGIONS[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return None
    return str(getattr(country, "common_name", None) or country.name)


def country_code(text: str) -> str | None:
    """The alpha-2 code for a code, name or alpha-3 code an editor typed ('Norway', 'nor', 'no'), or None."""
    wanted = text.strip()
    if wanted.upper() in REGIONS:
        return wanted.upper()
    if wanted.upper() in COMMON_MISTAKES:
        return COMMON_MISTAKES[wanted.upper()]
    try:
        return str(pycountry.countries.lookup(wanted).alpha_2)
    except LookupError:
        return None


def is_region(code: str) -> bool:
    """A region code such as EU: it groups international case studies, it is not a country."""
    return code in REGIONS
