"""Printable checklist PDFs (one per facet and one with every facet), typeset with Typst.

The PDFs come from a dedicated print template (`templates/checklist_print.typ`), not from
the rendered site: they need no browser, no theme and no MkDocs, so the export and any
other generator ship the same files. Typst was chosen by measurement over WeasyPrint
(BENCHMARKS.md): the 13 shipped PDFs take about 0.3 s of CPU instead of 4.5 s, and Typst
writes tagged PDF/UA-1 (title, language, headings, a list per principle, every label as
text), so screen readers get the structure that an untagged PDF hides.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..model import KnowledgeBase
from ..model.schema import Facet
from . import urls
from .build_cache import BuildCache, digest

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
def typeset(data: str) -> tuple[bytes, str | None]:
    """The PDF for one `print_data` JSON, and why it does not conform to PDF/UA (None: it does).
    Cached by that text, so `mkdocs serve` typesets only changed checklists.

    PDF/UA forbids text that no installed font can show (a reader would get empty boxes).
    Such a checklist is still published, tagged but without the PDF/UA claim, and the log
    says which font to install: a missing font on one machine must not stop a site."""
    import typst  # deferred: only builds that write PDFs load the typesetter

    try:
        return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": data}, pdf_standards="ua-1")), None
    except typst.TypstError as error:
        if "could not be displayed" not in str(error):
            raise
        return bytes(typst.compile(str(TEMPLATE), sys_inputs={"data": data})), str(error)


def _typeset_all(sources: list[str]) -> list[tuple[bytes, str | None]]:
    """`typeset` for each source: the work of a `PdfJob`'s process."""
    return [typeset(data) for data in sources]


def _sources(kb: KnowledgeBase, site_name: str, language: str) -> dict[str, str]:
    """The print data of every checklist PDF by path, in a stable order: one per facet, then one with every facet."""
    sources = {
        urls.checklist_pdf(f.id): print_data(kb, [f], f"Checklist: {f.title}", site_name, language) for f in kb.facets
    }
    if kb.facets:
        title = f"All checklists: {site_name}" if site_name else "All checklists"
        sources[urls.ALL_CHECKLISTS_PDF] = print_data(kb, kb.facets, title, site_name, language)
    return sources


class PdfJob:
    """Every checklist PDF of a site, typeset in this process or, with `background`, in a process
    of its own while the caller goes on (`result` waits for it).

    A build's other work (Markdown, templates) runs on one core, and Typst holds Python's lock
    while it typesets, so a thread would wait: a process typesets on another core instead (in a
    cold build of the shipped site the PDFs were a sixth of the build). PDFs that `cache` keeps
    from an earlier build are not typeset again; new ones that conform to PDF/UA are kept."""

    def __init__(
        self,
        kb: KnowledgeBase,
        site_name: str = "",
        language: str = "en",
        cache: BuildCache | None = None,
        *,
        background: bool = False,
    ) -> None:
        self.sources = _sources(kb, site_name, language)
        self._cache = cache
        self._keys: dict[str, str] = {}
        """By path: what the cache keeps the PDF under (the print template, Typst's version, the data)."""
        self._kept: dict[str, bytes] = {}
        if cache is not None:
            typesetter = digest(TEMPLATE.read_bytes(), version("typst"))
            self._keys = {path: digest(typesetter, data) for path, data in self.sources.items()}
            self._kept = {
                path: kept for path, key in self._keys.items() if (kept := cache.read("pdf", key)) is not None
            }
        self._missing = [path for path in self.sources if path not in self._kept]
        self._typesetter: _Typesetter | None = None
        if background and self._missing:
            self._typesetter = _Typesetter([self.sources[path] for path in self._missing])

    def result(self) -> list[PdfFile]:
        try:
            done = (
                self._typesetter.result()
                if self._typesetter
                else _typeset_all([self.sources[p] for p in self._missing])
            )
        finally:
            self.cancel()
        made = dict(zip(self._missing, done, strict=True))
        return [
            PdfFile(path, self._kept[path]) if path in self._kept else self._publish(path, *made[path])
            for path in self.sources
        ]

    def _publish(self, path: str, pdf: bytes, problem: str | None) -> PdfFile:
        data = self.sources[path]
        if problem is not None:
            log.warning(
                "%s: %s; the PDF is published without PDF/UA conformance (install a font with these characters)",
                json.loads(data)["title"],
                problem,
            )
        elif self._cache is not None:
            self._cache.write("pdf", self._keys[path], pdf)
        return PdfFile(path, pdf)

    def cancel(self) -> None:
        """Stop the process (also when the build fails before it needs the PDFs)."""
        if self._typesetter is not None:
            self._typesetter.stop()
            self._typesetter = None


class _Typesetter:
    """`_typeset_all` in a process of its own: `python -m guidebook.render.pdf`, sources as JSON on
    its input, PDFs as JSON on its output. (Python's multiprocessing would import the caller's main
    module again in the new process, which breaks a build started from a script without a main guard.)"""

    def __init__(self, sources: list[str]) -> None:
        command = [sys.executable, "-m", WORKER]
        self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._replies: tuple[bytes, bytes] = (b"", b"")
        request = json.dumps(sources).encode()
        self._talk = threading.Thread(target=self._exchange, args=(request,), name="pdf-typesetter", daemon=True)
        self._talk.start()

    def _exchange(self, request: bytes) -> None:
        self._replies = self._process.communicate(request)

    def result(self) -> list[tuple[bytes, str | None]]:
        self._talk.join()
        output, errors = self._replies
        if self._process.returncode != 0:
            raise RuntimeError(f"The checklist PDFs could not be typeset:\n{errors.decode(errors='replace')}")
        return [(base64.b64decode(pdf), problem) for pdf, problem in json.loads(output)]

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._talk.join()


WORKER = "guidebook.render.pdf"
"""The module `_Typesetter` runs: this one (see `_typeset_requested`)."""


def _typeset_requested() -> None:
    """The typesetting process: PDFs for the sources read from standard input."""
    done = _typeset_all(json.load(sys.stdin))
    json.dump([(base64.b64encode(pdf).decode(), problem) for pdf, problem in done], sys.stdout)


def render_pdfs(
    kb: KnowledgeBase, site_name: str = "", language: str = "en", cache: BuildCache | None = None
) -> list[PdfFile]:
    """Every checklist PDF of the site, typeset in this process (see `PdfJob`)."""
    return PdfJob(kb, site_name, language, cache).result()


if __name__ == "__main__":
    _typeset_requested()
