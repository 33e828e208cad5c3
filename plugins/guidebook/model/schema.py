"""The data contract, as typed models: the one source of truth for validation and JSON Schemas.

Every field carries a description. It is what an editor's YAML extension shows as
help (through the JSON Schemas generated from these models), so it is written for
editors, not for programmers.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from .countries import REGIONS, country_code, country_name, is_region
from .markdown_policy import MARKDOWN_RULES, PLACEHOLDER, PLAIN_RULE, check_markdown, check_plain, url_problem

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
PRINCIPLE_ID_PATTERN = r"^[A-Z]{1,6}[0-9]{1,3}$"
ITEM_ID_PATTERN = r"^[A-Z]{1,6}[0-9]{1,3}\.[0-9]{1,3}$"
TAG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
SEARCH_TARGET_PATTERN = r"^((pillar|facet|case-study):[a-z0-9]+(-[a-z0-9]+)*|principle:[A-Z]{1,6}[0-9]{1,3}|page:[^#\s]+\.md#[A-Za-z0-9_-]+)$"

PATTERN_HINTS = {
    ID_PATTERN: "lowercase letters a-z, digits and single hyphens, e.g. 'open-data-portal'",
    PRINCIPLE_ID_PATTERN: "capital letters then a number, e.g. 'LV1'",
    ITEM_ID_PATTERN: "the principle id, a dot and a number, e.g. 'LV1.2'",
    COUNTRY_PATTERN: 'an ISO 3166-1 alpha-2 code in capitals and in quotes, e.g. "NO"',
    SEARCH_TARGET_PATTERN: "'facet:<id>', 'principle:<id>', 'pillar:<id>', 'case-study:<id>' or "
    "'page:<file in content/>#<heading anchor>', e.g. 'page:glossary.md#chief-data-officer'",
}
"""Plain-language wording of each pattern, used in error messages."""

EARLIEST_YEAR = 1950


def _parse_date(value: object) -> object:
    """Accept only ISO dates written as YYYY-MM-DD (the loader keeps them as text)."""
    if isinstance(value, str):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"found '{value}'; expected a date written YYYY-MM-DD, e.g. 2026-01-31")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"found '{value}', which is not a real date; expected YYYY-MM-DD") from None
    return value


def _https_url(value: str) -> str:
    if urlsplit(value).scheme != "https" and PLACEHOLDER not in value:
        raise ValueError(f"found '{value}'; expected an https:// address (not http or another scheme)")
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _not_future_date(value: dt.date) -> dt.date:
    today = dt.date.today()
    if value > today:
        raise ValueError(
            f"found {value.isoformat()}, a date in the future; expected the day an editor last checked it "
            f"(today, {today.isoformat()}, at the latest)"
        )
    return value


LANGUAGE_SEGMENT = re.compile(r"[a-z]{2,3}([-_][a-z]{2,4})?", re.IGNORECASE)
"""A path segment that only names a language or locale, such as `en`, `pt-br` or `en_GB`."""

MIN_SOURCES = 2
"""A case study's facts must be checkable in more than one place (issue 13)."""


def _specific_page(value: str) -> str:
    """Refuse a site's home page as a source: it backs no particular fact and its content moves.

    A home page is an address whose path is empty, `/`, or a single language segment
    such as `/en/`, with no query; the reader could not find the claimed date or number
    there. A query names a page on sites that address articles that way (`/?p=7443`).
    """
    parts = urlsplit(value)
    segments = [part for part in parts.path.split("/") if part]
    bare = not segments or (len(segments) == 1 and LANGUAGE_SEGMENT.fullmatch(segments[0]))
    if bare and not parts.query:
        raise ValueError(
            f"found '{value}', a site's home page; expected the address of the specific page, law or report "
            "that backs the facts (e.g. https://www.example.gov/open-data/annual-report-2024)"
        )
    return value


def _known_country(value: str) -> str:
    if re.fullmatch(COUNTRY_PATTERN, value) and country_name(value) is None:
        code = country_code(value)
        hint = f'write "{code}"' if code else 'expected e.g. "FR"'
        raise ValueError(f"found '{value}', which is not an ISO 3166-1 alpha-2 country code; {hint}")
    return value


def _region_codes() -> str:
    return ", ".join(f'"{code}" for the {name}' for code, name in REGIONS.items())


def _not_future(value: int) -> int:
    this_year = dt.date.today().year
    if value > this_year:
        raise ValueError(f"found {value}, a year in the future; expected the year the initiative started")
    return value


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"'{value}' is listed twice; list each once")
        seen.add(value)
    return values


Identifier = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
PLAIN_MAX_LENGTH = 300
MARKDOWN_MAX_LENGTH = 20000
PlainText = Annotated[str, Field(min_length=1, max_length=PLAIN_MAX_LENGTH), AfterValidator(check_plain)]
Markdown = Annotated[str, Field(min_length=1, max_length=MARKDOWN_MAX_LENGTH), AfterValidator(check_markdown)]


def plain_field(description: str) -> Any:
    """A plain-text field whose description states the rule and the limit (editors read it as help)."""
    return Field(description=f"{description} {limited(PLAIN_RULE, PLAIN_MAX_LENGTH)}")


def markdown_field(description: str) -> Any:
    """A Markdown field whose description states the allowed subset and the limit."""
    return Field(description=f"{description} {limited(MARKDOWN_RULES, MARKDOWN_MAX_LENGTH)}")


def limited(rule: str, length: int) -> str:
    """A rule with its length limit, as field descriptions and CONTRIBUTING word it."""
    return f"{rule} At most {length} characters."


SearchTerm = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(check_plain)]
"""A word or short phrase a reader may type into the search box."""
IsoDate = Annotated[dt.date, BeforeValidator(_parse_date), AfterValidator(_not_future_date)]
CountryCode = Annotated[str, Field(pattern=COUNTRY_PATTERN), AfterValidator(_known_country)]
HttpsUrl = Annotated[
    str, Field(max_length=2000, json_schema_extra={"format": "uri", "pattern": "^https://"}), AfterValidator(_https_url)
]


class _Model(BaseModel):
    """Strict: no type coercion (so `NO` is not silently text) and no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Link(_Model):
    """A web page or publication: its title and https address."""

    title: PlainText = plain_field("The title of the page or publication, as it names itself.")
    url: HttpsUrl = Field(
        description="Its address; must start with https:// and name the specific page, not a placeholder or example.org."
    )


class Source(Link):
    """A source of a case study: a link to the specific page that backs its facts, never a home page."""

    url: Annotated[HttpsUrl, AfterValidator(_specific_page)] = Field(
        description="Address of the specific page, law or report (https://, not a site's home page)."
    )


class Pillar(_Model):
    """One pillar of the framework: a group of facets (an entry of facets/pillars.yml)."""

    id: Identifier = Field(description="Stable identifier used in URLs (/pillars/<id>/) and in facets' `pillar` field.")
    title: PlainText = plain_field("Name of the pillar, as shown in headings and navigation.")
    summary: PlainText = plain_field("One or two sentences on what the pillar is for.")
    order: int = Field(ge=1, description="Position of the pillar in listings, starting at 1.")


class ChecklistItem(_Model):
    """One checkable action of a principle's checklist."""

    id: str = Field(
        pattern=ITEM_ID_PATTERN,
        description="Stable item id such as LV1.2, unique across the knowledge base; printed checklists cite it, so never reuse one.",
    )
    text: PlainText = plain_field(
        "A concrete action a team can check, in one sentence, e.g. 'A named senior official is accountable for ...'."
    )


class Principle(_Model):
    """A principle of a facet: guidance plus the checklist items that show it is applied."""

    id: str = Field(
        pattern=PRINCIPLE_ID_PATTERN,
        description="Stable principle id such as LV1, unique across the knowledge base; it is the principle's anchor on its facet page.",
    )
    title: PlainText = plain_field("The principle in a few words.")
    guidance: Markdown = markdown_field("Plain guidance on applying the principle (60-200 words).")
    checklist: list[ChecklistItem] = Field(
        min_length=1, description="The checkable actions that show the principle is applied."
    )


class Facet(_Model):
    """A facet of the framework (facets/<id>.yml): description, key questions, principles and checklists."""

    id: Identifier = Field(
        description="Stable identifier; equals the file name (facets/<id>.yml) and gives the URL /facets/<id>/."
    )
    pillar: Identifier = Field(description="The id of the pillar this facet belongs to (see facets/pillars.yml).")
    order: int = Field(ge=1, description="Position of the facet in listings, starting at 1.")
    title: PlainText = plain_field("Name of the facet.")
    summary: PlainText = plain_field("One sentence saying what the facet is about.")
    description: Markdown = markdown_field("What the facet covers and why it matters (150-400 words).")
    key_questions: list[PlainText] = Field(
        min_length=1,
        description=f"Questions a team would ask itself about this facet (3-6). {PLAIN_RULE} "
        f"At most {PLAIN_MAX_LENGTH} characters each.",
    )
    principles: list[Principle] = Field(
        min_length=1, description="The facet's principles, each with guidance and checklist items."
    )
    synonyms: Annotated[list[SearchTerm], AfterValidator(_unique)] = Field(
        default_factory=list,
        description="Other words readers use for this facet's theme, and abbreviations (e.g. 'foresight', "
        "'horizon scanning'); the site search finds this facet's page by them. Optional.",
    )
    related: Annotated[list[Identifier], AfterValidator(_unique)] = Field(
        default_factory=list, description="Ids of related facets; relations should go both ways."
    )
    references: list[Link] = Field(
        default_factory=list, description="Publications to read further (title and https address)."
    )
    last_reviewed: IsoDate = Field(description="When an editor last checked this facet (YYYY-MM-DD).")


Level = Literal["national", "regional", "local", "international"]


class CaseStudy(_Model):
    """A case study (case_studies/<id>.yml): a real public-sector initiative, with sources."""

    id: Identifier = Field(
        description="Stable identifier; equals the file name (case_studies/<id>.yml) and gives the URL /case-studies/<id>/."
    )
    title: PlainText = plain_field("Name of the initiative, as a reader would search for it.")
    level: Level = Field(
        description="Level of government that runs the initiative; `international` for a body of several countries."
    )
    country: CountryCode | None = Field(
        default=None,
        validate_default=True,
        description=(
            'ISO 3166-1 alpha-2 code of the country, in quotes (e.g. "NO"). An international case study is not '
            f"filed under one country: leave `country` out, or give a region code ({_region_codes()})."
        ),
    )
    year: Annotated[int, AfterValidator(_not_future)] = Field(
        ge=EARLIEST_YEAR, description="The year the initiative started."
    )
    organisation: PlainText = plain_field("The public body that runs the initiative.")
    summary: PlainText = plain_field("One or two sentences on what was done and why it matters.")
    challenge: Markdown = markdown_field("The problem the initiative set out to solve.")
    approach: Markdown = markdown_field("What was done and how.")
    results: Markdown = markdown_field("What changed, with sourced facts only.")
    lessons: Markdown = markdown_field("What others can learn from it.")
    facets: Annotated[list[Identifier], AfterValidator(_unique)] = Field(
        min_length=1, description="Ids of the facets this case study illustrates (at least one)."
    )
    principles: Annotated[list[Annotated[str, Field(pattern=PRINCIPLE_ID_PATTERN)]], AfterValidator(_unique)] = Field(
        default_factory=list, description="Ids of principles it illustrates, e.g. LV1 (optional)."
    )
    tags: Annotated[list[Annotated[str, Field(pattern=TAG_PATTERN, max_length=40)]], AfterValidator(_unique)] = Field(
        default_factory=list, description="Lowercase keywords, e.g. open-data."
    )
    sources: list[Source] = Field(
        min_length=MIN_SOURCES,
        description=(
            f"At least {MIN_SOURCES} specific pages (not home pages) of the organisation, a law, an evaluation"
            " or a reputable report; every date, number and law named in the text is found in one of them."
        ),
    )
    last_reviewed: IsoDate = Field(description="When an editor last checked this case study (YYYY-MM-DD).")

    @field_validator("country")
    @classmethod
    def _country_fits_level(cls, country: str | None, info: ValidationInfo) -> str | None:
        """A national, regional or local initiative belongs to one country; an international one to none.

        Filing an international body under its host country would list it as that country's
        case study on the country pages and in the open data.
        """
        level = info.data.get("level")
        if level is None:  # the level itself is invalid and reported on its own
            return country
        if level == "international":
            if country is not None and not is_region(country):
                raise ValueError(
                    f"found '{country}'; an international case study is not filed under one country: "
                    f"remove `country`, or give a region code ({_region_codes()})"
                )
        elif country is None:
            raise ValueError(f'a {level} case study names its country: add `country` with its ISO code, e.g. "NO"')
        elif is_region(country):
            raise ValueError(
                f"found '{country}', a region; a {level} case study names its country "
                '(e.g. "FR"), or set `level: international`'
            )
        return country


class Synonyms(_Model):
    """Words readers search for, and the page (or the section of a page) that answers them (facets/synonyms.yml)."""

    terms: Annotated[list[SearchTerm], AfterValidator(_unique)] = Field(
        min_length=1, description="Synonyms and abbreviations a reader may type, e.g. 'CDO' or 'head of data'."
    )
    target: str = Field(
        pattern=SEARCH_TARGET_PATTERN,
        description="Where they lead: 'facet:<id>', 'principle:<id>', 'pillar:<id>', 'case-study:<id>', or a heading "
        "of a hand-written page, 'page:<file in content/>#<anchor>' (e.g. 'page:glossary.md#chief-data-officer').",
    )
