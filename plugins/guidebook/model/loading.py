"""Load a knowledge base from its folders: parse, validate, then check every reference.

All problems of all files are collected before anything fails, so an editor sees
every mistake in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .checklist_history import ChecklistHistory, CurrentItem, validate_history
from .knowledge_base import KnowledgeBase
from .problems import InvalidKnowledgeBase, Problem
from .references import Loaded, check_references
from .schema import ID_PATTERN, CaseStudy, Facet, Pillar, Synonyms
from .validation import describe, did_you_mean, validate_document
from .yaml_source import SourceDocument, oversize_problem, parse_yaml_bytes, read_yaml_file

M = TypeVar("M", bound=BaseModel)

PILLARS_FILE = "pillars.yml"
CHECKLIST_CHANGES_FILE = "checklist-changes.yml"
"""The history of checklist items (see its header); beside the facets but not a facet."""
SYNONYMS_FILE = "synonyms.yml"
"""Optional: words readers search for, and the page each leads to (see its header); not a facet."""
NOT_FACETS = (PILLARS_FILE, CHECKLIST_CHANGES_FILE, SYNONYMS_FILE)
"""The files of the facets folder that are not facets."""


@dataclass(frozen=True)
class Layout:
    """Where the knowledge base lives, relative to its root."""

    facets_dir: str = "facets"
    case_studies_dir: str = "case_studies"


def load_knowledge_base(root: Path, layout: Layout = Layout()) -> KnowledgeBase:
    """Load and resolve everything under `root`; raise `InvalidKnowledgeBase` listing every problem."""
    problems: list[Problem] = []
    facets_dir = root / layout.facets_dir
    pillars = _load_pillars(root, facets_dir / PILLARS_FILE, problems)
    facet_files = [f for f in _yaml_files(root, facets_dir, problems) if f.name not in NOT_FACETS]
    all_facets = _load_records(root, facet_files, Facet, problems)
    case_files = _yaml_files(root, root / layout.case_studies_dir, problems)
    all_cases = _load_records(root, case_files, CaseStudy, problems)
    facets_valid = not problems
    synonyms = _load_synonyms(root, facets_dir / SYNONYMS_FILE, problems)
    file_ids = {"facet": _stems(facet_files), "case-study": _stems(case_files)}
    check_references(pillars, all_facets, all_cases, problems, file_ids)
    _check_checklist_ids(_valid(all_facets), problems)
    _check_synonym_targets(synonyms, pillars, _valid(all_facets), _valid(all_cases), problems)
    history = _load_history(
        root, facets_dir / CHECKLIST_CHANGES_FILE, _valid(all_facets) if facets_valid else None, problems
    )
    if problems:
        raise InvalidKnowledgeBase(problems)
    facets, cases = _valid(all_facets), _valid(all_cases)
    sources = {f"pillar:{p.record.id}": p.doc.path for p in pillars}
    sources |= {f"facet:{f.record.id}": f.doc.path for f in facets}
    sources |= {f"case-study:{c.record.id}": c.doc.path for c in cases}
    pillar_order = {p.record.id: p.record.order for p in pillars}
    return KnowledgeBase(
        pillars=sorted((p.record for p in pillars), key=lambda p: (p.order, p.id)),
        facets=sorted((f.record for f in facets), key=lambda f: (pillar_order[f.pillar], f.order, f.id)),
        case_studies=sorted((c.record for c in cases), key=lambda c: (c.title.lower(), c.id)),
        sources=sources,
        checklist_history=history,
        synonyms=[s.record for s in synonyms],
        synonym_places=[s.place for s in synonyms],
    )


def _load_history(
    root: Path, file: Path, facets: list[Loaded] | None, problems: list[Problem]
) -> ChecklistHistory | None:
    """The item history, checked against the facets' items when every facet file is valid.

    A knowledge base without the file is valid: its checklists are at version 1, with no history.
    """
    if not file.is_file():
        return None
    doc, found = read_yaml_file(file, _relative(root, file))
    problems.extend(found)
    if doc is None:
        return None
    current = None
    if facets is not None:
        current = [
            CurrentItem(item.id, item.text, f.doc, ("principles", p_index, "checklist", i_index))
            for f in facets
            for p_index, principle in enumerate(f.record.principles)
            for i_index, item in enumerate(principle.checklist)
        ]
    history, found = validate_history(doc, current)
    problems.extend(found)
    return history


YAML_SUFFIXES = (".yml", ".yaml")


def _stems(files: list[Path]) -> set[str]:
    return {f.stem for f in files}


def _yaml_files(root: Path, folder: Path, problems: list[Problem]) -> list[Path]:
    """The YAML files directly in `folder`; anything else there (a subfolder's files, another extension) is a problem.

    The build reads only `<folder>/<id>.yml`, so a file elsewhere would be silently left out.
    Hidden files (`.gitkeep`, `.DS_Store`) are the tools', not the editor's, and are skipped.
    """
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in entry.relative_to(folder).parts)
        if (hidden and entry.suffix not in YAML_SUFFIXES) or entry.is_dir():
            continue
        if entry.parent == folder and entry.suffix in YAML_SUFFIXES:
            found.append(entry)
            continue
        name = entry.stem if entry.suffix.lower() in (*YAML_SUFFIXES, ".txt", ".yml~") else entry.name
        wanted = _relative(root, folder / f"{name.split('.')[0]}.yml")
        where = "is in a subfolder" if entry.parent != folder else f"has the extension '{entry.suffix or '(none)'}'"
        problems.append(
            Problem(
                _relative(root, entry),
                1,
                1,
                "",
                f"this file {where}, so the build does not read it; "
                f"move or rename it to {wanted} (one file per record, directly in {_relative(root, folder)}/)",
            )
        )
    return found


def _relative(root: Path, file: Path) -> str:
    return file.relative_to(root).as_posix()


def _load_list(
    file: Path, path: str, model: type[M], entry: str, problems: list[Problem]
) -> list[tuple[M, SourceDocument, int]]:
    """Each valid entry of a file holding a list of `model` records, with its document and index."""
    doc, found = read_yaml_file(file, path)
    problems.extend(found)
    if doc is None:
        return []
    if not isinstance(doc.data, list):
        problems.append(doc.problem((), f"expected a list of {entry}"))
        return []
    loaded = []
    for index, item in enumerate(doc.data):
        record, found = validate_document(model, doc, item, (index,))
        problems.extend(found)
        if record is not None:
            loaded.append((record, doc, index))
    return loaded


def _load_pillars(root: Path, file: Path, problems: list[Problem]) -> list[Loaded]:
    path = _relative(root, file)
    if not file.is_file():
        problems.append(
            Problem(path, 1, 1, "", "the pillars file is missing; it lists the pillars (id, title, summary, order)")
        )
        return []
    entries = _load_list(file, path, Pillar, "pillars (each starting with '- id: ...')", problems)
    loaded = [Loaded(pillar, doc) for pillar, doc, _ in entries]
    _check_unique(((p.record.id, p.doc, (i, "id")) for i, p in enumerate(loaded)), "pillar", problems)
    return loaded


@dataclass
class _LoadedSynonyms:
    record: Synonyms
    target: Problem
    """Where the target is written, for messages about it (the message is left empty)."""

    @property
    def place(self) -> str:
        return f"{self.target.file}:{self.target.line}:{self.target.column}"


def _load_synonyms(root: Path, file: Path, problems: list[Problem]) -> list[_LoadedSynonyms]:
    """The optional synonyms file: a list of `{terms, target}` entries."""
    if not file.is_file():
        return []
    entries = _load_list(
        file, _relative(root, file), Synonyms, "entries (each starting with '- target: ...')", problems
    )
    return [_LoadedSynonyms(record, doc.problem((index, "target"), "")) for record, doc, index in entries]


def _check_synonym_targets(
    synonyms: list[_LoadedSynonyms],
    pillars: list[Loaded],
    facets: list[Loaded],
    cases: list[Loaded],
    problems: list[Problem],
) -> None:
    """Each synonym must lead to a record that exists (a hand-written page's heading is checked when the site is built)."""
    known = {
        "pillar": sorted(p.record.id for p in pillars),
        "facet": sorted(f.record.id for f in facets),
        "case-study": sorted(c.record.id for c in cases),
        "principle": sorted(p.id for f in facets for p in f.record.principles),
    }
    for entry in synonyms:
        kind, _, target_id = entry.record.target.partition(":")
        if kind in known and target_id not in known[kind]:
            message = f"unknown {kind.replace('-', ' ')} '{target_id}'{did_you_mean(target_id, known[kind])}"
            problems.append(replace(entry.target, message=message))


def _load_records(root: Path, files: list[Path], model: type[M], problems: list[Problem]) -> list[Loaded]:
    loaded = []
    for file in files:
        record, found = _load_record_cached(file, _relative(root, file), model)
        problems.extend(found)
        if record is not None:
            loaded.append(record)
    kind = "facet" if model is Facet else "case study"
    _check_unique(((r.record.id, r.doc, ("id",)) for r in _valid(loaded)), kind, problems)
    return loaded


def _valid(loaded: list[Loaded]) -> list[Loaded]:
    return [r for r in loaded if r.record is not None]


_RecordResult = tuple[Loaded | None, list[Problem]]
_record_cache: dict[tuple[str, str, type[BaseModel]], tuple[bytes, _RecordResult]] = {}
"""Parsed and validated files by (file, path shown in messages, model), with the bytes they were read from.

`mkdocs serve` reloads the whole knowledge base after every save, and parsing and
validating each file is most of that work; an unchanged file gives the same result.
Keyed on the file's bytes rather than its modification time, so a file rewritten within
the clock's resolution is never served stale. Records are frozen, so sharing them
between loads is safe.
"""
_RECORD_CACHE_LIMIT = 50_000


def _load_record_cached(file: Path, path: str, model: type[M]) -> _RecordResult:
    too_big = oversize_problem(file, path)
    if too_big is not None:
        return None, [too_big]  # refused unread; not worth keeping
    raw, key = file.read_bytes(), (str(file), path, model)
    cached = _record_cache.get(key)
    if cached is not None and cached[0] == raw:
        return cached[1]
    result = _load_record(raw, file, path, model)
    if len(_record_cache) >= _RECORD_CACHE_LIMIT:
        _record_cache.clear()
    _record_cache[key] = (raw, result)
    return result


def _load_record(raw: bytes, file: Path, path: str, model: type[M]) -> _RecordResult:
    """Parse and validate one file from its bytes (its own problems only; cross-file checks come later)."""
    doc, found = parse_yaml_bytes(raw, path)
    if doc is None:
        return None, found
    if not re.fullmatch(ID_PATTERN, file.stem):
        return None, [
            *found,
            doc.problem(
                (),
                f"the file name '{file.name}' is not a valid id; rename it using lowercase letters, digits and hyphens",
            ),
        ]
    if not isinstance(doc.data, dict):
        return None, [*found, doc.problem((), f"expected fields (key: value lines), found {describe(doc.data, '')}")]
    record, invalid = validate_document(model, doc, doc.data)
    found = [*found, *invalid]
    if record is None:
        return Loaded(None, doc), found
    record_id: str = record.id  # type: ignore[attr-defined]
    if record_id != file.stem:
        return Loaded(None, doc), [
            *found,
            doc.problem(("id",), f"found '{record_id}'; the id must equal the file name, '{file.stem}'"),
        ]
    return Loaded(record, doc), found


def _check_unique(
    entries: Iterable[tuple[str, SourceDocument, tuple[Any, ...]]], kind: str, problems: list[Problem]
) -> None:
    first: dict[str, SourceDocument] = {}
    for key, doc, path in entries:
        if key in first:
            problems.append(
                doc.problem(path, f"the {kind} id '{key}' is already used in {first[key].path}; choose another id")
            )
        else:
            first[key] = doc


def _check_checklist_ids(facets: list[Loaded], problems: list[Problem]) -> None:
    """Principle and item ids are cited on paper, so each must be unique across the whole base."""
    entries: list[tuple[str, SourceDocument, tuple[Any, ...]]] = []
    for facet in facets:
        for p_index, principle in enumerate(facet.record.principles):
            entries.append((principle.id, facet.doc, ("principles", p_index, "id")))
            for i_index, item in enumerate(principle.checklist):
                entries.append((item.id, facet.doc, ("principles", p_index, "checklist", i_index, "id")))
    _check_unique(entries, "principle or checklist item", problems)
