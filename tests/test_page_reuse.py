"""Reusing case-study pages between live-preview builds gives exactly the pages of a full rendering.

Under `mkdocs serve --dirty` the plugin renders a saved knowledge base with the previous
rendering at hand (render/page_reuse.py); each edit below is made to a copy of the shipped
knowledge base, and every page rendered that way must equal, byte for byte, the page
rendered from scratch.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from guidebook.model import KnowledgeBase, load_knowledge_base
from guidebook.render import Rendering, render_pages
from guidebook.render.page_reuse import reusable_case_study_pages

from .conftest import ROOT, SMALL_KB

CASE = "ee-x-road"
"""A case study with several tags and facets, so editing it changes other pages' similar lists."""


def _replace(path: str, pattern: str, replacement: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        file = root / path
        text, count = re.subn(pattern, replacement, file.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
        assert count == 1, f"{pattern} not in {path}"
        file.write_text(text, encoding="utf-8")

    return edit


def _add_copy(root: Path) -> None:
    text = (root / f"case_studies/{CASE}.yml").read_text(encoding="utf-8")
    text = text.replace(f"id: {CASE}", "id: ee-x-road-again").replace('title: "X-Road:', 'title: "A second X-Road:')
    (root / "case_studies/ee-x-road-again.yml").write_text(text, encoding="utf-8")


def _remove_unreferenced(root: Path) -> None:
    files = sorted((root / "case_studies").glob("*.yml"))
    texts = "".join(file.read_text(encoding="utf-8") for file in files)
    (victim,) = [file for file in files if texts.count(f"case-study:{file.stem})") == 0][:1]
    victim.unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "summary": _replace(f"case_studies/{CASE}.yml", r"^summary: ", "summary: Edited. "),
    "title": _replace(f"case_studies/{CASE}.yml", r'^title: "X-Road', 'title: "Zeta X-Road'),
    "tags": _replace(f"case_studies/{CASE}.yml", r"^tags: \[.*\]$", "tags: [open-source, health]"),
    # Common tags and facets: the edited case study enters the similar lists of others.
    "tags and facets of many": _replace(
        f"case_studies/{CASE}.yml",
        r"^tags: \[.*\]$",
        "tags: [open-data, accountability, data-portal, algorithms, cybersecurity, artificial-intelligence]",
    ),
    "facets": _replace(
        f"case_studies/{CASE}.yml", r"^facets: \[.*\]$", "facets: [data-infrastructure, data-architecture]"
    ),
    "year": _replace(f"case_studies/{CASE}.yml", r"^year: 2001$", "year: 2002"),
    "country": _replace(f"case_studies/{CASE}.yml", r'^country: "EE"$', 'country: "FI"'),
    "added": _add_copy,
    "removed": _remove_unreferenced,
    "facet title": _replace("facets/security.yml", r"^title: ", "title: Edited "),
}


def _copy(source: Path, target: Path) -> Path:
    for folder in ("facets", "case_studies"):
        shutil.copytree(source / folder, target / folder)
    return target


def _pages(kb: KnowledgeBase, previous: Rendering | None = None) -> dict[str, str]:
    return {page.path: page.content for page in render_pages(kb, previous)}


@pytest.mark.parametrize("edit", EDITS)
def test_pages_rendered_with_reuse_equal_a_full_rendering(edit: str, tmp_path: Path) -> None:
    root = _copy(ROOT, tmp_path)
    before = load_knowledge_base(root)
    previous = Rendering.of(before, render_pages(before))
    EDITS[edit](root)
    after = load_knowledge_base(root)

    assert _pages(after, previous) == _pages(load_knowledge_base(root))  # a fresh one: nothing carried over


def test_an_edit_reuses_the_pages_it_does_not_touch(tmp_path: Path) -> None:
    """A new summary re-renders the edited page and those listing it as similar; a facet's new title, all."""
    root = _copy(ROOT, tmp_path)
    before = load_knowledge_base(root)
    previous = Rendering.of(before, render_pages(before))
    EDITS["summary"](root)
    after = load_knowledge_base(root)

    def shows_edited(kb: KnowledgeBase, case_id: str) -> bool:
        return CASE in {other.id for other in kb.related_case_studies(kb.case_study[case_id])}

    untouched = {
        case.id
        for case in after.case_studies
        if case.id != CASE and not shows_edited(before, case.id) and not shows_edited(after, case.id)
    }
    assert len(untouched) > len(after.case_studies) // 2
    assert set(reusable_case_study_pages(previous, after)) == untouched

    EDITS["facet title"](root)
    assert reusable_case_study_pages(Rendering.of(after, render_pages(after)), load_knowledge_base(root)) == {}


def test_reuse_on_the_small_knowledge_base(tmp_path: Path) -> None:
    root = _copy(SMALL_KB, tmp_path)
    before = load_knowledge_base(root)
    previous = Rendering.of(before, render_pages(before))
    file = next((root / "case_studies").glob("*.yml"))
    file.write_text(
        re.sub(r"^summary: ", "summary: Edited. ", file.read_text(encoding="utf-8"), count=1, flags=re.M),
        encoding="utf-8",
    )
    after = load_knowledge_base(root)

    assert _pages(after, previous) == _pages(load_knowledge_base(root))  # a fresh one: nothing carried over
