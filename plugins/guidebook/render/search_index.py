"""The site search: which pages are indexed, how they rank, and the Pagefind index itself.

Material's built-in search sends every reader one JSON file holding the whole site
(about 3.8 KB per page: some 38 MB at 10,000 case studies) before the first result.
Pagefind splits its index into small chunks by word and loads only those that a
query needs, so a first search costs a few hundred kilobytes at any size.

Pagefind reads the built HTML, so the ranking travels in the pages as `data-pagefind-*`
attributes; `SearchRanking` decides them from the page's path and the model (no MkDocs here), and
`build_search_index` is a plain function that the MkDocs plugin calls after each build
and that the benchmark can call on any built site.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from ..model import KnowledgeBase
from . import urls

INDEX_DIR = "pagefind"
"""Folder of the built site that holds the index and Pagefind's search engine (`pagefind.js`)."""

CONTENT_WEIGHT = 2.0
"""Pillar, facet and case study pages: the answers a reader is looking for."""
LISTING_WEIGHT = 0.5
"""Pages that list other pages: they repeat every title, so they must not outrank the page itself."""
PAGE_WEIGHT = 1.0

IGNORED_SELECTORS = [".headerlink", ".md-content__button", ".md-source-file"]
"""Permalink signs, edit buttons and "last update" lines: not words a reader searches for."""


@dataclass(frozen=True)
class SearchEntry:
    """How one page goes into the search index."""

    weight: float
    kind: str | None
    """A label shown with the result ("Facet", "Case study"...), or None for hand-written pages."""

    def attributes(self) -> dict[str, str]:
        """The Pagefind attributes for the element that holds the page's content."""
        attributes = {"data-pagefind-body": "", "data-pagefind-weight": f"{self.weight:g}"}
        if self.kind:
            attributes["data-pagefind-meta"] = f"kind:{self.kind}"
        return attributes


HAND_WRITTEN = SearchEntry(PAGE_WEIGHT, None)


class SearchRanking:
    """How each page of the site goes into the search index, decided once per build from the model."""

    def __init__(self, kb: KnowledgeBase) -> None:
        entries: dict[str, SearchEntry | None] = {}
        for pillar in kb.pillars:
            entries[urls.pillar_page(pillar.id)] = SearchEntry(CONTENT_WEIGHT, "Pillar")
        for facet in kb.facets:
            entries[urls.facet_page(facet.id)] = SearchEntry(CONTENT_WEIGHT, "Facet")
            # A checklist page repeats the principles and items of its facet page word for word:
            # indexing both would list every checklist match twice, so only the facet page (which
            # links to its checklist) is indexed.
            entries[urls.checklist_page(facet.id)] = None
        for case in kb.case_studies:
            entries[urls.case_study_page(case.id)] = SearchEntry(CONTENT_WEIGHT, "Case study")
        for country in kb.countries:
            # A country page lists case studies, but it is also the answer to "who has done this in X?".
            entries[urls.country_page(country.code)] = SearchEntry(PAGE_WEIGHT, "Country")
        for listing in (
            urls.CASE_STUDY_INDEX,
            urls.COUNTRY_INDEX,
            urls.CHECKLIST_INDEX,
            urls.TAG_INDEX,
            urls.DATA_INDEX,
        ):
            entries[listing] = SearchEntry(LISTING_WEIGHT, None)
        self._entries = entries

    def entry(self, page_path: str) -> SearchEntry | None:
        """How the page at this docs-relative path is indexed, or None if it is left out."""
        return self._entries.get(page_path, HAND_WRITTEN)


def build_search_index(site_dir: Path) -> int:
    """Index the built HTML of `site_dir` into `site_dir/pagefind/`; return the number of pages indexed.

    Only elements marked `data-pagefind-body` are indexed (when at least one page has one);
    the output folder is replaced, so no chunk of an earlier build is left behind.
    """
    output = site_dir / INDEX_DIR
    if output.exists():
        shutil.rmtree(output)
    # Pagefind's Python API is asynchronous; a thread of its own keeps it apart from any
    # event loop the caller runs (MkDocs' live server, a test's browser driver).
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, _index(site_dir.resolve(), output.resolve())).result()


async def _index(site_dir: Path, output: Path) -> int:
    config = IndexConfig(exclude_selectors=IGNORED_SELECTORS, output_path=str(output))
    async with PagefindIndex(config=config) as index:
        await index.add_directory(str(site_dir))
    # The reply to add_directory counts the HTML files read; the entry file counts the pages indexed.
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())
