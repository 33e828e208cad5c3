"""`guidebook report stale`: which facets and case studies are due for a review.

Guidance that nobody has checked for a long time misleads quietly. Every facet and
case study carries `last_reviewed`; this module lists those older than an age such
as `18m`, oldest first, so editors can plan their reviews.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .model import KnowledgeBase

_AGE = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


@dataclass(frozen=True)
class Age:
    """A review age such as 18 months, as written on the command line (`18m`)."""

    amount: int
    unit: str
    """One of d, w, m, y."""

    def __str__(self) -> str:
        return f"{self.amount} {_UNITS[self.unit]}"

    def cutoff(self, today: dt.date) -> dt.date:
        """The date `self` before `today`: anything reviewed before it is stale."""
        if self.unit in "dw":
            return today - dt.timedelta(days=self.amount * (7 if self.unit == "w" else 1))
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        return _clamped_date(year, month + 1, today.day)


def _clamped_date(year: int, month: int, day: int) -> dt.date:
    """The date, or the last day of the month when `day` does not exist in it (31 March - 1 month)."""
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def parse_age(text: str) -> Age:
    """Parse `18m`, `2y`, `6w` or `90d`; raise ValueError with a plain message otherwise."""
    match = _AGE.match(text)
    if not match:
        raise ValueError(
            f"'{text}' is not an age; write a number and a unit: d (days), w (weeks), m (months), y (years), e.g. 18m"
        )
    return Age(int(match.group(1)), match.group(2))


@dataclass(frozen=True)
class StaleEntry:
    kind: str
    """'facet' or 'case study'."""
    id: str
    title: str
    source: str
    """The YAML file to review, relative to the knowledge base root."""
    last_reviewed: dt.date


def stale_entries(kb: KnowledgeBase, age: Age, today: dt.date) -> list[StaleEntry]:
    """Facets and case studies last reviewed before `age` ago, oldest first."""
    cutoff = age.cutoff(today)
    entries = [
        StaleEntry("facet", f.id, f.title, kb.sources.get(f"facet:{f.id}", ""), f.last_reviewed) for f in kb.facets
    ]
    entries += [
        StaleEntry("case study", c.id, c.title, kb.sources.get(f"case-study:{c.id}", ""), c.last_reviewed)
        for c in kb.case_studies
    ]
    stale = [e for e in entries if e.last_reviewed < cutoff]
    return sorted(stale, key=lambda e: (e.last_reviewed, e.kind, e.id))
