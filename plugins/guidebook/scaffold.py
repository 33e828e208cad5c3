"""`guidebook new-case-study`: write a new, valid, commented case study file.

An editor who knows a little YAML starts from a file with every field in place, a
comment saying what each takes, and `TODO` placeholders where text is still to be
written: `guidebook validate` lists each placeholder left, so a half-written file
cannot be merged. The
comments are the field descriptions of the model (the same text the JSON Schema
carries), so there is one wording to maintain. The first line points YAML editors
(the yaml-language-server used by VS Code and others) at the committed schema,
which gives completion and help while typing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args, get_origin

from .model import CaseStudy
from .model.markdown_policy import PLACEHOLDER
from .model.schema import ID_PATTERN
from .model.validation import validate_document
from .model.yaml_source import SourceDocument

SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/case-study.schema.json"
"""Relative to case_studies/: the committed schemas live in schemas/ at the repository root."""

TODO = PLACEHOLDER
"""Marks the text an editor still has to write; `guidebook validate` reports every one left."""

_MARKDOWN_PLACEHOLDERS = {
    "challenge": "TODO: the problem the initiative set out to solve, in two to four sentences.",
    "approach": "TODO: what was done and how: the people, the rules, the technology.",
    "results": "TODO: what changed. Only facts that one of the sources below backs up.",
    "lessons": "TODO: what another public body can learn from it.",
}


@dataclass(frozen=True)
class CaseStudyDraft:
    """What the editor told the command; everything else starts as a placeholder."""

    title: str
    country: str
    level: str
    year: int
    organisation: str
    facets: list[str]
    id: str = ""
    """Empty: derived from the country and the title."""
    principles: list[str] = field(default_factory=list)
    last_reviewed: dt.date = field(default_factory=dt.date.today)

    @property
    def case_id(self) -> str:
        return self.id or suggest_id(self.country, self.title)


def suggest_id(country: str, title: str, max_length: int = 60) -> str:
    """`("EE", "X-Road: the data exchange layer")` -> `ee-x-road-the-data-exchange-layer`."""
    text = unicodedata.normalize("NFKD", f"{country} {title}").encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug[:max_length].rstrip("-") or "case-study"


def id_problem(case_id: str) -> str | None:
    """Why `case_id` cannot be a file name in case_studies/, or None when it can.

    The pattern also keeps the file inside its folder: no slash, dot or `..` can pass it.
    """
    if re.fullmatch(ID_PATTERN, case_id) and len(case_id) <= 80:
        return None
    return f"'{case_id}' is not a valid id: use lowercase letters a-z, digits and single hyphens, e.g. 'ee-x-road'"


_SOURCE_PLACEHOLDERS = (
    ("the official page that describes the initiative", "address-of-that-page"),
    ("a law, evaluation or report that backs the results", "address-of-that-report"),
)
"""The scaffold's two sources to replace: a case study needs at least two specific pages."""

_VALID_EXAMPLE: dict[str, object] = {
    "id": "xx-example",
    "title": "Example",
    "country": "FR",
    "level": "national",
    "year": 2020,
    "organisation": "Example",
    "summary": "Example.",
    **{name: "Example." for name in _MARKDOWN_PLACEHOLDERS},
    "facets": ["example"],
    "sources": [
        {"title": "Example", "url": "https://en.wikipedia.org/wiki/Open_data"},
        {"title": "Example", "url": "https://en.wikipedia.org/wiki/Open_government"},
    ],
    "last_reviewed": "2020-01-01",
}
"""A valid case study, to check one field at a time while an editor answers the prompts."""


def field_problem(name: str, value: object) -> str | None:
    """What is wrong with `value` for the case study field `name`, in the validator's words; None if valid.

    The command checks each answer the way `guidebook validate` will check the file,
    so an editor never gets a freshly written file that fails.
    """
    data = {**_VALID_EXAMPLE, name: value}
    _, problems = validate_document(CaseStudy, SourceDocument(f"{name}", data), data)
    return "; ".join(p.message for p in problems) or None


def _comment(name: str) -> str:
    """The field's description, plus its allowed values when it has a fixed set of them."""
    info = CaseStudy.model_fields[name]
    comment = f"# {info.description or ''}"
    if get_origin(info.annotation) is Literal:
        comment += " One of: " + ", ".join(get_args(info.annotation)) + "."
    return comment


def _quoted(value: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML), so no value is misread as a number or false."""
    return json.dumps(value, ensure_ascii=False)


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def render_case_study(draft: CaseStudyDraft) -> str:
    """The YAML text of the new case study: every field, each after a comment saying what it takes."""
    entries: list[tuple[str, str]] = [
        ("id", draft.case_id),
        ("title", _quoted(draft.title)),
        ("level", draft.level),
        ("country", _quoted(draft.country)),
        ("year", str(draft.year)),
        ("organisation", _quoted(draft.organisation)),
        ("summary", _quoted(f"{TODO}: one or two sentences on what was done and why it matters.")),
    ]
    entries += [(name, "|\n  " + text) for name, text in _MARKDOWN_PLACEHOLDERS.items()]
    entries += [
        ("facets", _flow_list(draft.facets)),
        ("principles", _flow_list(draft.principles)),
        ("tags", "[]"),
        (
            "sources",
            "".join(
                f'\n  - title: "{TODO}: the title of {kind}"\n    url: "{TODO}: https://{slug}"'
                for kind, slug in _SOURCE_PLACEHOLDERS
            ),
        ),
        ("last_reviewed", draft.last_reviewed.isoformat()),
    ]
    lines = [SCHEMA_LINE, f"# A case study. Replace every {TODO}, then run: guidebook validate", ""]
    for name, value in entries:
        separator = "" if value.startswith("\n") else " "
        lines += [_comment(name), f"{name}:{separator}{value}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


class ScaffoldError(Exception):
    """The file cannot be written (invalid id, or a file that already exists); the message says why."""


def write_case_study(case_studies_dir: Path, draft: CaseStudyDraft) -> Path:
    """Write `<case_studies_dir>/<id>.yml`; never overwrite an existing case study."""
    case_id = draft.case_id
    problem = id_problem(case_id)
    if problem:
        raise ScaffoldError(problem)
    target = case_studies_dir / f"{case_id}.yml"
    for existing in (target, target.with_suffix(".yaml")):
        if existing.exists():
            raise ScaffoldError(f"{existing.name} already exists; choose another id with --id")
    case_studies_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(render_case_study(draft), encoding="utf-8")
    return target
