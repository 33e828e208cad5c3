"""Turn pydantic's validation errors into problems an editor can act on.

pydantic knows what is wrong; this module says it in plain language, at the line
and column where the editor wrote it, with a suggestion where one is likely.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .countries import country_code
from .markdown_policy import TextProblems
from .problems import Problem
from .schema import COUNTRY_PATTERN, ITEM_ID_PATTERN, PATTERN_HINTS, PRINCIPLE_ID_PATTERN
from .yaml_source import Path_, SourceDocument

M = TypeVar("M", bound=BaseModel)

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "list_type": "a list (lines starting with '- ')",
    "model_type": "a group of fields (key: value lines)",
    "dict_type": "a group of fields (key: value lines)",
    "bool_type": "true or false",
    "date_type": "a date written YYYY-MM-DD",
}


def did_you_mean(found: str, choices: list[str]) -> str:
    """A '; did you mean ...?' suffix when a close match exists (also in another case or with spaces), else ''."""
    for variant in (as_id(found), found.strip().upper()):
        if variant in choices and variant != found:
            return f"; did you mean '{variant}'?"
    close = difflib.get_close_matches(found, choices, n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.startswith(found) or found.startswith(c)][:1]
    return f"; did you mean '{close[0]}'?" if close else ""


def as_id(text: str) -> str:
    """How `text` is written as an id: `Data Infrastructure` -> `data-infrastructure`."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


def _rewrite_hint(pattern: str, found: Any) -> str:
    """How to write a value that does not match its pattern, when it can be guessed."""
    if not isinstance(found, str):
        return ""
    if pattern == COUNTRY_PATTERN:
        code = country_code(found)
        return f'; for {found} write "{code}"' if code else ""
    if pattern in (PRINCIPLE_ID_PATTERN, ITEM_ID_PATTERN):
        fixed = re.sub(r"\s+", "", found).upper()
        return f"; did you mean '{fixed}'?" if re.fullmatch(pattern, fixed) else ""
    fixed = as_id(found)
    return f"; did you mean '{fixed}'?" if fixed and re.fullmatch(pattern, fixed) else ""


def describe(value: Any, source: str) -> str:
    """How a value looked in the file, for 'found ...' phrases."""
    if isinstance(value, bool):
        return f"{source or str(value).lower()} (read as {str(value).lower()})"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value[:60]}'"
    return str(value)


def validate_document(
    model: type[M], doc: SourceDocument, data: Any, base: Path_ = ()
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `base` in `doc`) against `model`."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [p for e in error.errors() for p in _problems(model, doc, base, e)]


def _problems(model: type[BaseModel], doc: SourceDocument, base: Path_, error: Any) -> list[Problem]:
    """One problem per error; a text field's checks may find several, each on its own line of the text."""
    found = error.get("ctx", {}).get("error") if error["type"] == "value_error" else None
    if isinstance(found, TextProblems):
        loc: Path_ = (*base, *error["loc"])
        return [doc.problem(loc, message, text_line=line) for line, message in found.problems]
    return [_problem(model, doc, base, error)]


def _problem(model: type[BaseModel], doc: SourceDocument, base: Path_, error: Any) -> Problem:
    loc: Path_ = (*base, *error["loc"])
    kind: str = error["type"]
    found = error.get("input")
    source = doc.position(loc).source
    name = str(loc[-1]) if loc else ""

    if kind == "missing":
        # A missing field has no position of its own: it is reported where its parent starts.
        expected = _field_description(model, error["loc"])
        return doc.problem(loc, f"the required field '{name}' is missing; add it ({expected})")
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, error["loc"][:-1])
        hint = did_you_mean(name, allowed)
        message = (
            f"unknown field '{name}'{hint}"
            if hint
            else f"unknown field '{name}'; expected one of: {', '.join(allowed)}"
        )
        return doc.problem(loc, message, at_key=True)
    if kind == "string_type" and isinstance(found, bool) and name == "country":
        code = source.upper() if source else "NO"
        return doc.problem(
            loc, f'found {source} (read as {str(found).lower()}); put the country code in quotes: "{code}"'
        )
    if kind in _TYPE_NAMES:
        hint = ""
        if kind == "string_type" and isinstance(found, (bool, int, float)):
            hint = f'; put it in quotes: "{source}"'
        if kind == "int_type" and isinstance(found, str) and found.strip().isdigit():
            hint = f"; remove the quotes: {name}: {found.strip()}"
        return doc.problem(loc, f"found {describe(found, source)}; expected {_TYPE_NAMES[kind]}{hint}")
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        expected = PATTERN_HINTS.get(pattern, f"text matching {pattern}")
        return doc.problem(loc, f"found {describe(found, source)}; expected {expected}{_rewrite_hint(pattern, found)}")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        hint = did_you_mean(str(found), [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")])
        return doc.problem(loc, f"found {describe(found, source)}; expected one of {expected}{hint}")
    if kind == "too_short":
        expected = _field_description(model, error["loc"])
        ctx = error.get("ctx", {})
        minimum, actual = ctx.get("min_length", 1), ctx.get("actual_length", 0)
        if actual == 0:
            return doc.problem(loc, f"this list is empty; expected at least {_entries(minimum)} ({expected})")
        return doc.problem(
            loc,
            f"this list has {_entries(actual)}; expected at least {minimum}: add {minimum - actual} more ({expected})",
        )
    if kind == "string_too_short":
        return doc.problem(loc, "this text is empty; expected some text")
    if kind == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        length = len(found) if isinstance(found, str) else 0
        return doc.problem(
            loc, f"this text is {length} characters long; the limit is {limit}, shorten it by {length - limit}"
        )
    if kind == "greater_than_equal" and name == "year":
        limit = error["ctx"]["ge"]
        return doc.problem(
            loc, f"found {found}, before {limit}; expected the year the initiative started, {limit} or later"
        )
    if kind in ("greater_than_equal", "less_than_equal"):
        return doc.problem(loc, f"found {describe(found, source)}; {error['msg'].lower()}")
    if kind == "value_error":
        return doc.problem(loc, str(error["ctx"]["error"]))
    return doc.problem(loc, f"found {describe(found, source)}; {error['msg']}")


def _entries(count: int) -> str:
    return "one entry" if count == 1 else f"{count} entries"


def _sub_model(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel]:
    """The model that owns the field at `loc` (walking through lists of models)."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        inner = getattr(annotation, "__args__", (annotation,))[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            current = inner
    return current


def _allowed_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    return list(_sub_model(model, loc).model_fields)


def _field_description(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    owner = _sub_model(model, loc[:-1])
    field = owner.model_fields.get(str(loc[-1]))
    return (field.description or "").rstrip(".") if field else ""
