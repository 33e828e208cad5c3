"""Printable checklist PDFs (one per facet and one with every facet), made with WeasyPrint.

The PDFs come from a dedicated print document (`checklist_print.html.j2`), not from the
rendered site: they need no browser, no theme and no MkDocs, so the export and any other
generator can ship the same files. They share the print rules of `assets/checklist.css`
with the on-screen checklist, so paper looks the same whether it comes from the browser's
print dialog or from the download.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..model import KnowledgeBase
from ..model.schema import Facet
from . import urls
from .assets import ASSETS_DIR
from .pages import environment

STYLESHEET = ASSETS_DIR / "checklist.css"


@dataclass(frozen=True)
class PdfFile:
    path: str
    """Docs-relative path, e.g. `facets/delivery/checklist.pdf`."""
    content: bytes


def print_document(
    kb: KnowledgeBase, facets: list[Facet], title: str, site_name: str = "", language: str = "en"
) -> str:
    """The HTML that a PDF is made from: each facet on its own sheet, with empty boxes and lines.

    Every facet of the combined PDF is laid out as its own document, so page numbers count
    the pages of one checklist, as a handout in a workshop needs."""
    template = environment().get_template("checklist_print.html.j2")
    return template.render(kb=kb, facets=facets, title=title, site_name=site_name, language=language)


@lru_cache(maxsize=64)
def _laid_out(html: str, css: str) -> Any:
    """Laying out takes the most time: each facet is laid out once per build and reused by the combined PDF,
    and `mkdocs serve` lays out again only the facets whose checklist changed."""
    import weasyprint  # deferred: loading WeasyPrint is slow, and only builds that write PDFs need it

    return weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=css)])


@lru_cache(maxsize=64)
def _pdf(documents: tuple[str, ...], css: str, title: str) -> bytes:
    """The pages of one or more print documents as one PDF; each keeps its own page numbers."""
    laid_out = [_laid_out(html, css) for html in documents]
    combined = laid_out[0].copy([page for document in laid_out for page in document.pages])
    combined.metadata.title = title
    return bytes(combined.write_pdf())


def render_pdfs(kb: KnowledgeBase, site_name: str = "", language: str = "en") -> list[PdfFile]:
    """Every checklist PDF of the site, in a stable order: one per facet, then one with every facet."""
    css = STYLESHEET.read_text(encoding="utf-8")
    sheets = [(f, print_document(kb, [f], f"Checklist: {f.title}", site_name, language)) for f in kb.facets]
    files = [PdfFile(urls.checklist_pdf(f.id), _pdf((html,), css, f"Checklist: {f.title}")) for f, html in sheets]
    if sheets:
        title = f"All checklists: {site_name}" if site_name else "All checklists"
        files.append(PdfFile(urls.ALL_CHECKLISTS_PDF, _pdf(tuple(html for _, html in sheets), css, title)))
    return files
