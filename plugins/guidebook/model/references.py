"""Cross-file checks: every id a file names must exist, and a cited principle's facet must be cited too.

They read each file's parsed data, not only its validated record, so a file with a
wrong field still gets its unknown facet or principle reported in the same run: an
editor fixes everything at once instead of one mistake per run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from .markdown_policy import references
from .problems import Problem
from .schema import ID_PATTERN, PRINCIPLE_ID_PATTERN
from .validation import did_you_mean
from .yaml_source import Path_, SourceDocument


@dataclass
class Loaded:
    """A parsed file (or one pillar of the pillars file) and its record."""

    record: Any
    """The validated record, or None when its fields are invalid (its references are still checked)."""
    doc: SourceDocument

    def field(self, name: str) -> Any:
        """The field as parsed (whatever its type), or None."""
        return self.doc.data.get(name) if isinstance(self.doc.data, dict) else None


def check_references(
    pillars: list[Loaded],
    facets: list[Loaded],
    cases: list[Loaded],
    problems: list[Problem],
    file_ids: dict[str, set[str]],
) -> None:
    """Report every reference to an id that does not exist.

    `file_ids` holds the ids that files promise by their names (`facet`, `case-study`):
    when such a file is itself invalid, references to it are not reported again, so the
    editor has one mistake to fix, not a cascade of them.
    """
    pillar_ids = sorted(p.record.id for p in pillars if p.record is not None)
    facet_ids = sorted(file_ids["facet"] | {f.record.id for f in facets if f.record is not None})
    facet_of_principle = {principle: facet_id for facet in facets for principle, facet_id in _principles_of(facet)}
    known = {
        "pillar": pillar_ids,
        "facet": facet_ids,
        "case-study": sorted(file_ids["case-study"] | {c.record.id for c in cases if c.record is not None}),
        "principle": sorted(facet_of_principle),
    }
    for facet in facets:
        own_id = facet.record.id if facet.record is not None else None
        if pillars:
            for path, pillar in _ids(facet, "pillar", ID_PATTERN):
                if pillar not in pillar_ids:
                    problems.append(facet.doc.problem(path, _unknown("pillar", pillar, pillar_ids)))
        for path, other in _ids(facet, "related", ID_PATTERN):
            if other == own_id:
                problems.append(facet.doc.problem(path, "a facet cannot be related to itself; remove this entry"))
            elif other not in facet_ids:
                problems.append(facet.doc.problem(path, _unknown("facet", other, facet_ids)))
    # A facet file that could not be read defines principles nobody can know: citing them is not reported.
    unreadable = bool(file_ids["facet"] - {PurePath(f.doc.path).stem for f in facets})
    for case in cases:
        cited = {facet_id for _, facet_id in _ids(case, "facets", ID_PATTERN)}
        listed = case.field("facets")
        # A misspelt facet is reported once, not again through each principle that belongs to it.
        facets_readable = isinstance(listed, list) and len(cited) == len(listed)
        for path, facet_id in _ids(case, "facets", ID_PATTERN):
            if facet_id not in facet_ids:
                problems.append(case.doc.problem(path, _unknown("facet", facet_id, facet_ids)))
        for path, principle in _ids(case, "principles", PRINCIPLE_ID_PATTERN):
            owner = facet_of_principle.get(principle)
            if owner is None and not unreadable:
                problems.append(case.doc.problem(path, _unknown("principle", principle, known["principle"])))
            elif owner is not None and owner not in cited and facets_readable:
                problems.append(
                    case.doc.problem(
                        path,
                        f"the principle '{principle}' belongs to the facet '{owner}', which is not in facets; "
                        f"add '{owner}' to facets or remove '{principle}'",
                    )
                )
    for loaded in _one_per_document([*facets, *cases]):
        for path, text in _strings(loaded.doc.data, ()):
            for kind, target, line in references(text):
                if target not in known[kind]:
                    message = f"the link ({kind}:{target}) names {_unknown(kind, target, known[kind])}"
                    problems.append(loaded.doc.problem(path, message, text_line=line))


def _unknown(kind: str, found: str, known: list[str]) -> str:
    noun = kind.replace("-", " ")
    hint = did_you_mean(found, known) or (f"; expected one of: {', '.join(known)}" if len(known) <= 20 else "")
    return f"unknown {noun} '{found}'{hint}"


def _ids(loaded: Loaded, name: str, pattern: str) -> Iterator[tuple[Path_, str]]:
    """The ids in field `name` (one id or a list) that are well formed; malformed ones are the field check's."""
    value = loaded.field(name)
    entries = enumerate(value) if isinstance(value, list) else [(None, value)]
    for index, entry in entries:
        if isinstance(entry, str) and re.fullmatch(pattern, entry):
            yield (name,) if index is None else (name, index), entry


def _principles_of(facet: Loaded) -> Iterator[tuple[str, str]]:
    """(principle id, facet id) for each principle a facet file defines, valid or not."""
    if facet.record is not None:
        for principle in facet.record.principles:
            yield principle.id, facet.record.id
        return
    facet_id = facet.field("id")
    principles = facet.field("principles")
    if not isinstance(facet_id, str) or not isinstance(principles, list):
        return
    for principle in principles:
        principle_id = principle.get("id") if isinstance(principle, dict) else None
        if isinstance(principle_id, str):
            yield principle_id, facet_id


def _one_per_document(loaded: Iterable[Loaded]) -> Iterator[Loaded]:
    seen: set[str] = set()
    for entry in loaded:
        if entry.doc.path not in seen:
            seen.add(entry.doc.path)
            yield entry


def _strings(data: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
