"""Printable checklist PDFs (one per facet and one with every facet), made with WeasyPrint.

The PDFs come from a dedicated print document (`checklist_print.html.j2`), not from the
rendered site: they need no browser, no theme and no MkDocs, so the export and any other
generator can ship the same files. They share the print rules of `assets/checklist.css`
with the on-screen checklist, so paper looks the same whether it comes from the browser's
print dialog or from the download.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


@dataclass(frozen=True)
class PdfJob:
    """What one PDF is made from: plain strings, so it can be sent to another process."""

    path: str
    documents: tuple[str, ...]
    title: str


def pdf_jobs(kb: KnowledgeBase, site_name: str = "", language: str = "en") -> list[PdfJob]:
    """Every checklist PDF of the site, in a stable order: one per facet, then one with every facet."""
    sheets = [(f, print_document(kb, [f], f"Checklist: {f.title}", site_name, language)) for f in kb.facets]
    jobs = [PdfJob(urls.checklist_pdf(f.id), (html,), f"Checklist: {f.title}") for f, html in sheets]
    if sheets:
        title = f"All checklists: {site_name}" if site_name else "All checklists"
        jobs.append(PdfJob(urls.ALL_CHECKLISTS_PDF, tuple(html for _, html in sheets), title))
    return jobs


def make_pdfs(jobs: list[PdfJob]) -> list[PdfFile]:
    """Lay out and write the PDFs of `jobs` in this process."""
    css = STYLESHEET.read_text(encoding="utf-8")
    return [PdfFile(job.path, _pdf(job.documents, css, job.title)) for job in jobs]


def render_pdfs(kb: KnowledgeBase, site_name: str = "", language: str = "en") -> list[PdfFile]:
    """Every checklist PDF of the site, made in this process (see `pdf_jobs` for the order)."""
    return make_pdfs(pdf_jobs(kb, site_name, language))


_worker: ProcessPoolExecutor | None = None


def make_pdfs_in_background(jobs: list[PdfJob]) -> Future[list[PdfFile]]:
    """Start making the PDFs of `jobs` in a worker process and return at once.

    WeasyPrint is pure Python and holds the GIL for its 7-12 s of layout, so a thread would
    not help; a process lays the checklists out on another core while MkDocs renders the
    pages. The worker is kept for the life of this process: under `mkdocs serve` its
    layout cache (`_laid_out`, `_pdf`) survives rebuilds, so only changed checklists are laid
    out again. It is started with "spawn", never "fork": the caller may run threads (the live
    server, the search indexer) that a forked child would inherit half-way.
    """
    global _worker
    if _worker is None:
        _worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    future = _worker.submit(make_pdfs, jobs)
    future.add_done_callback(_forget_broken_worker)
    return future


def _forget_broken_worker(future: Future[list[PdfFile]]) -> None:
    """A worker that died (killed, out of memory) cannot take jobs: the next build starts a new one."""
    global _worker
    if isinstance(future.exception(), BrokenProcessPool):
        _worker = None
