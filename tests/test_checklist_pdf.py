"""The checklist PDFs are tagged (PDF/UA-1): a screen reader gets the title, language, headings and lists.

The structure tree is read with pypdf, as assistive technology reads it: one H1 per
facet, one H2 and one list per principle, one list item per checklist item, and the
item ids and texts as real text.
"""

from __future__ import annotations

import io
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from guidebook.model import KnowledgeBase, load_knowledge_base
from guidebook.render.pdf import WORKER, PdfJob, render_pdfs

from .conftest import ROOT, SMALL_KB


def _roles(node: Any, found: Counter[str]) -> Counter[str]:
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            found[str(node["/S"])] += 1
        kids = node.get("/K")
        for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
            _roles(kid, found)
    return found


def _read(site: Path, path: str) -> PdfReader:
    return PdfReader(io.BytesIO((site / path).read_bytes()))


def _words(text: str) -> str:
    """Text without white space: pypdf puts spaces where kerning moves a letter ("T ake-up")."""
    return re.sub(r"\s+", "", text)


def _kb(name: str) -> KnowledgeBase:
    return load_knowledge_base(ROOT if name == "ddps" else SMALL_KB)


def test_each_facet_pdf_is_tagged_with_its_structure(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = _kb(name)
    for facet in kb.facets:
        reader = _read(site, f"facets/{facet.id}/checklist.pdf")
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == "en"
        assert bool(catalog["/MarkInfo"]["/Marked"])
        assert reader.metadata is not None and reader.metadata.title == f"Checklist: {facet.title}"
        assert b"pdfuaid:part>1<" in catalog["/Metadata"].get_object().get_data(), "declares PDF/UA-1"
        roles = _roles(catalog["/StructTreeRoot"], Counter())
        items = sum(len(principle.checklist) for principle in facet.principles)
        assert (roles["/H1"], roles["/H2"], roles["/L"], roles["/LI"]) == (
            1,
            len(facet.principles),
            len(facet.principles),
            items,
        )
        text = _words(" ".join(page.extract_text() for page in reader.pages))
        assert len(reader.pages) <= 2, f"{facet.id}: at most 2 A4 pages"
        for principle in facet.principles:
            assert _words(f"{principle.id}: {principle.title}") in text
            for item in principle.checklist:
                assert _words(f"{item.id} {item.text}") in text, item.id


def test_the_combined_pdf_numbers_each_facet_on_its_own(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = _kb(name)
    reader = _read(site, "checklists/all-checklists.pdf")
    assert all(
        round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842 for page in reader.pages
    )
    footers = [re.search(r"Page (\d+) of (\d+)", page.extract_text()) for page in reader.pages]
    assert all(footers), "every page has its 'Page N of M'"
    assert [m.group(1) for m in footers if m].count("1") == len(kb.facets), "each facet starts at page 1"
    roles = _roles(reader.trailer["/Root"]["/StructTreeRoot"], Counter())
    assert roles["/H1"] == len(kb.facets)


@pytest.mark.parametrize("background", [False, True], ids=["in process", "own process"])
def test_text_that_no_font_shows_still_gives_a_tagged_pdf(
    background: bool, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """PDF/UA refuses missing glyphs; the checklist is still published, and the build's log names the problem."""
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    facet_file = next(
        p for p in (root / "facets").glob("*.yml") if p.name not in ("pillars.yml", "checklist-changes.yml")
    )
    facet_file.write_text(facet_file.read_text(encoding="utf-8").replace("title: ", "title: 語 ", 1), encoding="utf-8")
    kb = load_knowledge_base(root)
    pdfs = {pdf.path: pdf.content for pdf in PdfJob(kb, "Gardens", background=background).result()}
    reader = PdfReader(io.BytesIO(pdfs[f"facets/{facet_file.stem}/checklist.pdf"]))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and b"pdfuaid" not in catalog["/Metadata"].get_object().get_data()
    assert "could not be displayed" in caplog.text and "without PDF/UA conformance" in caplog.text


def test_pdfs_typeset_in_their_own_process_equal_those_typeset_in_this_one() -> None:
    """What `mkdocs build` publishes (PDFs typeset beside the build) is what `mkdocs serve` and the export do."""
    kb = load_knowledge_base(SMALL_KB)
    job = PdfJob(kb, "Gardens", background=True)
    assert _typesetters(), "typesetting in a process of its own"
    assert job.result() == render_pdfs(kb, "Gardens")
    assert _typesetters() == [], "that process has ended"


def _typesetters() -> list[str]:
    """The command lines of this process's children that typeset PDFs."""
    children = [pid for task in Path("/proc/self/task").iterdir() for pid in (task / "children").read_text().split()]
    commands = [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode() for pid in children]
    return [command for command in commands if WORKER in command]
