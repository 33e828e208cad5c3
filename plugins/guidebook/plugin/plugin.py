"""The `guidebook` MkDocs plugin: a thin adapter from MkDocs to the model and render layers.

Event order matters:
- `on_config` loads and validates the knowledge base, so invalid content stops the
  build before MkDocs cleans or writes the site directory;
- `on_files` adds the rendered pages, data files and checklist PDFs (typeset by Typst in a
  fraction of a second, render/pdf.py) as generated files;
- `on_page_markdown` expands the overview marker of hand-written pages;
- `on_post_page` marks each page's content for the search index (see render/search_index.py)
  and sends the page to Pagefind, which indexes it in its own process meanwhile;
- `on_post_build` writes the search index;
- `on_serve` watches the YAML folders so `mkdocs serve` rebuilds on every save.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from ..model import InvalidKnowledgeBase, KnowledgeBase, Layout, Problem, load_knowledge_base
from ..render import Asset, assets, expand_overview, render_data_files, render_pages, scripts, stylesheets
from ..render.pdf import render_pdfs
from ..render.problem_banner import with_problem_banner
from ..render.search_index import SearchRanking, StreamingIndex
from ..render.world_map import WorldAtlasMissing
from .config import GuidebookConfig
from .navigation import expand_nav
from .search import mark_for_index, search_ui_assets

log = logging.getLogger(f"mkdocs.plugins.{__name__}")


class GuidebookPlugin(BasePlugin[GuidebookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.root = Path()
        self.ranking: SearchRanking | None = None
        self.index: StreamingIndex | None = None
        self.published: list[Asset] = []
        """CSS, JavaScript and other files the plugin publishes with every site."""
        self.serving = False
        self.problems: list[Problem] = []
        """Under `mkdocs serve`: the knowledge base's problems, shown on every page until fixed."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @property
    def layout(self) -> Layout:
        return Layout(self.config.facets_dir, self.config.case_studies_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.root = (Path(config.config_file_path).parent / (self.config.root or "")).resolve()
        try:
            self.kb = load_knowledge_base(self.root, self.layout)
            self.problems = []
        except InvalidKnowledgeBase as invalid:
            if not self.serving:
                raise PluginError("The knowledge base has problems:\n" + invalid.report()) from None
            # A failed rebuild would leave the browser waiting; instead the last good content is
            # served with the problems on every page, and the next save that fixes them removes them.
            log.error("The knowledge base has problems:\n%s", invalid.report())
            self.problems = invalid.problems
            if self.kb is None:
                return config
        config.nav = expand_nav(config.nav, self.config.nav_placeholder, self.kb)
        if self.config.search:
            self.ranking = SearchRanking(self.kb)
        self.published = [*assets(), *(search_ui_assets() if self.ranking else [])]
        config.extra_css.extend(stylesheets(self.published))
        config.extra_javascript.extend(scripts(self.published))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if self.kb is None:
            return files
        docs_dir = Path(config.docs_dir)
        try:
            pages = render_pages(self.kb)
        except WorldAtlasMissing as missing:
            raise PluginError(str(missing)) from None
        for page in pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = self._add(files, File.generated(config, page.path, content=page.content, inclusion=inclusion))
            if page.source is not None:
                # Edit links open the YAML the page is made from, not a generated file.
                file.edit_uri = Path(os.path.relpath(self.root / page.source, docs_dir)).as_posix()
        for data in render_data_files(self.kb):
            self._add(files, File.generated(config, data.path, content=data.content))
        for pdf in render_pdfs(self.kb, config.site_name, config.theme.get("language") or "en"):
            self._add(files, File.generated(config, pdf.path, content=pdf.content))
        if self.ranking is not None:
            self.index = StreamingIndex(Path(config.site_dir))
        for asset in self.published:
            self._add(files, File.generated(config, asset.path, abs_src_path=str(asset.source)))
        return files

    @staticmethod
    def _add(files: Files, file: File) -> File:
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(
                f"content/{file.src_uri} clashes with a page that guidebook generates; rename or remove it"
            )
        files.append(file)
        return file

    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str | None:
        if self.kb is None:
            return markdown
        return expand_overview(markdown, page.file.src_uri, self.kb)

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        if self.problems:
            output = with_problem_banner(output, self.problems)
        if self.ranking is None:
            return output
        entry = self.ranking.entry(page.file.src_uri)
        output = mark_for_index(output, entry)
        if self.index is not None and entry is not None:
            self.index.add(output, "/" + page.url)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.index is not None:
            self.index.write()

    def on_build_error(self, *, error: Exception) -> None:
        if self.index is not None:
            self.index.close()

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if self.config.enabled:
            server.watch(str(self.root / self.config.facets_dir))
            server.watch(str(self.root / self.config.case_studies_dir))
        return server
