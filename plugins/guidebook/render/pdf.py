"""Printable checklist PDFs (one per facet and one with every facet), typeset with Typst.

The PDFs come from a dedicated print template (`templates/checklist_print.typ`), not from
the rendered site: they need no browser, no theme and no MkDocs, so the export and any
other generator ship the same files. Typst was chosen by measurement over WeasyPrint
(BENCHMARKS.md): the 13 shipped PDFs take about 0.3 s of CPU instead of 4.5 s, and Typst
writes tagged PDF/UA-1 (title, language, headings, a list per principle, every label as
text), so screen readers get the structure that an untagged PDF hides.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..model import KnowledgeBase
from ..model.schema import Facet
from . import urls
from .build_cache import BuildCache

log = logging.getLogger(__name__)
TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "checklist_print.typ"
STATUSES = ("Not started", "In progress", "Done", "Not applicable")
"""The boxes printed under each item: the statuses of the on-screen checklist."""


@dataclass(frozen=True)
class PdfFile:
    path: str
    """Docs-relative path, e.g. `facets/delivery/checklist.pdf`."""
    content: bytes


def print_data(kb: KnowledgeBase, facets: list[Facet], title: str, site_name: str = "", language: str = "en") -> str:
    """Everything one PDF shows, as JSON for the Typst template: the wording lives here, the layout there."""
    sheets = [
        {
            "context": f"Pillar: {kb.pillar[facet.pillar].title} · Facet: {facet.title}",
            "title": f"Checklist: {facet.title}",
            "reviewed": " · ".join(
                [*([site_name] if site_name else []), f"Content last reviewed {facet.last_reviewed.isoformat()}"]
            ),
            "principles": [
                {
                    "heading": f"{principle.id}: {principle.title}",
                    "items": [{"id": item.id, "text": item.text} for item in principle.checklist],
                }
                for principle in facet.principles
            ],
        }
        for facet in facets
    ]
    document: dict[str, Any] = {
        "title": title,
        "site_name": site_name,
        "language": language,
        "legend": "Mark one box per item: " + " · ".join(f"☐ {status.lower()}" for status in STATUSES) + ".",
        "statuses": STATUSES,
        "labels": {"owner": "Owner", "date": "Date", "notes": "Notes"},
        "sheets": sheets,
    }
    return json.dumps(document, ensure_ascii=False, sort_keys=True)


@lru_cache(maxsize=256)
def typeset(data: str) -> tuple[bytes, bool]:
    """The PDF for one `print_data` JSON, and whether it conforms to PDF/UA. Cached by that text,
    so `mkdocs serve` typesets only changed checklists.

    PDF/UA forbids text that no installed font can show (a reader would get empty boxes).
    Such a checklist is still published, tagged but without the PDF/UA claim, and the log
    says which font to install: a missing font on one machine must not stop a site."""
    import typst  # deferred: only builds that write PDFs load the typesetter

    try:
        return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": data}, pdf_standards="ua-1")), True
    except typst.TypstError as error:
        if "could not be displayed" not in str(error):
            raise
        title = json.loads(data)["title"]
        log.warning(
            "%s: %s; the PDF is published without PDF/UA conformance (install a font with these characters)",
            title,
            error,
        )
        return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": data})), False


def _pdf(data: str, cache: BuildCache | None) -> bytes:
    """`typeset`, or its result kept by an earlier build in `cache` (render/build_cache.py)."""
    if cache is None:
        return typeset(data)[0]
    key = BuildCache.key(TEMPLATE.read_bytes(), version("typst"), data)
    if (kept := cache.read("pdf", key)) is not None:
        return kept
    pdf, conforming = typeset(data)
    if conforming:
        cache.write("pdf", key, pdf)
    return pdf


def render_pdfs(
    kb: KnowledgeBase, site_name: str = "", language: str = "en", cache: BuildCache | None = None
) -> list[PdfFile]:
    """Every checklist PDF of the site, in a stable order: one per facet, then one with every facet."""
    pdfs = [
        PdfFile(
            urls.checklist_pdf(f.id), _pdf(print_data(kb, [f], f"Checklist: {f.title}", site_name, language), cache)
        )
        for f in kb.facets
    ]
    if kb.facets:
        title = f"All checklists: {site_name}" if site_name else "All checklists"
        data = print_data(kb, kb.facets, title, site_name, language)
        pdfs.append(PdfFile(urls.ALL_CHECKLISTS_PDF, _pdf(data, cache)))
    return pdfs
