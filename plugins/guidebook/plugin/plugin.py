"""The `guidebook` MkDocs plugin: a thin adapter from MkDocs to the model and render layers.

Event order matters:
- `on_config` loads and validates the knowledge base, so invalid content stops the
  build before MkDocs cleans or writes the site directory; it adds guidebook's theme
  overrides and the Markdown extensions its pages need (site_setup.py);
- `on_files` adds the rendered pages, data files and checklist PDFs (typeset by Typst,
  render/pdf.py, in a process of its own until `on_env`) as generated files;
- `on_page_markdown` expands the overview marker of hand-written pages;
- `on_env` (every page rendered, none written) checks the generated pages' links (own_links.py);
- `on_post_page` marks each page's content for the search index (see render/search_index.py)
  and sends the page to Pagefind, which indexes it in its own process meanwhile;
- `on_post_build` writes the search index (under `mkdocs serve --dirty`, after the browser reloads);
- `on_serve` watches the YAML folders so `mkdocs serve` rebuilds as soon as a file is saved (yaml_watch.py).

Under `mkdocs serve --dirty` (what `make serve` runs) the plugin lives for the whole
server (it has `on_startup`), keeps the model cache, the rendering of every page and one
Pagefind index, and re-renders and re-indexes only the pages whose Markdown changed
(plugin/incremental.py); it writes the search index on a thread of its own, logging
"guidebook: search index written" when done, so the browser reloads without waiting for
Pagefind. Without `--dirty` every rebuild is a full one.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from ..model import InvalidKnowledgeBase, KnowledgeBase, Layout, Problem, load_knowledge_base
from ..render import (
    SITE_WIDE,
    Asset,
    Rendering,
    assets,
    expand_overview,
    published,
    render_data_files,
    render_pages,
    scripts,
    stylesheets,
)
from ..render.build_cache import BuildCache
from ..render.navigation import expand_nav
from ..render.pages import keep_compiled_templates
from ..render.pdf import PdfJob, render_pdfs
from ..render.privacy import answer_pages, with_content_security_policy
from ..render.problem_banner import with_problem_banner
from ..render.search_bundle import IncompleteSearchIndex
from ..render.search_index import StreamingIndex
from ..render.search_pages import SearchRanking, index_document, mark_for_index
from ..render.site_search import search_ui_assets
from ..render.world_map import WorldAtlasMissing
from .config import GuidebookConfig
from .incremental import DirtyWarningFilter, GeneratedPage, IncrementalBuilds
from .own_links import LinkChecker
from .site_setup import add_theme_overrides, enable_markdown_extensions
from .yaml_watch import YamlWatcher

log = logging.getLogger("mkdocs.plugins.guidebook")


class GuidebookPlugin(BasePlugin[GuidebookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.root = Path()
        self.ranking: SearchRanking | None = None
        self.index: StreamingIndex | None = None
        self.index_written: Future[int] | None = None
        """Under `mkdocs serve --dirty`: the search index being written after the browser was reloaded."""
        self.generated: list[str] = []
        """Docs-relative paths of the pages the plugin adds, whose links it checks itself."""
        self.files: Files | None = None
        self.page_assets: dict[str, tuple[str, ...]] = {}
        """By generated page: the stylesheets and scripts it links besides the site-wide ones."""
        self.site_wide: tuple[list[str], list[str | ExtraScriptValue]] = ([], [])
        """Stylesheets and scripts every page links: mkdocs.yml's own, then guidebook's."""
        self.published: list[Asset] = []
        """CSS, JavaScript and other files the plugin publishes with every site."""
        self.incremental: IncrementalBuilds | None = None
        """Under `--dirty`: what earlier builds of this process rendered (None: every build is full)."""
        self.rendering: Rendering | None = None
        """Under `--dirty`: the last build's knowledge base and generated pages, for `render_pages` to reuse."""
        self.links = LinkChecker()
        """Reads each generated page's links once per HTML (kept between `--dirty` rebuilds)."""
        self.pdfs: PdfJob | None = None
        """The checklist PDFs being typeset in another process, from `on_files` to `on_env`."""
        self.cache: BuildCache | None = None
        """Compiled templates and PDFs kept between builds, when the `cache_dir` option is set."""
        self._dirty_warning = DirtyWarningFilter()
        self.yaml_watcher = YamlWatcher()
        """Under `mkdocs serve`: rebuilds as soon as a YAML file is saved (yaml_watch.py)."""
        self.private: set[str] = set()
        """The pages where readers type answers: they carry a Content-Security-Policy (render/privacy.py)."""
        self.serving = False
        """Under `mkdocs serve` the live-reload script is injected after the policy is written, so it is left out."""
        self.problems: list[Problem] = []
        """Under `mkdocs serve`: the knowledge base's problems, shown on every page until fixed."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook also makes MkDocs keep this plugin object between `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        if dirty:
            self.incremental = IncrementalBuilds()
            logging.getLogger("mkdocs.commands.build").addFilter(self._dirty_warning)

    def on_shutdown(self) -> None:
        logging.getLogger("mkdocs.commands.build").removeFilter(self._dirty_warning)
        self.yaml_watcher.stop()
        self._wait_for_index()
        if self.index is not None:
            self.index.close()

    @property
    def layout(self) -> Layout:
        return Layout(self.config.facets_dir, self.config.case_studies_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.root = (Path(config.config_file_path).parent / (self.config.root or "")).resolve()
        self.cache = BuildCache(self.root / self.config.cache_dir) if self.config.cache_dir else None
        keep_compiled_templates(self.cache.templates() if self.cache else None)
        had_problems = bool(self.problems)
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
        if self.incremental is not None and (had_problems or self.problems):
            self.incremental.forget()  # the banner comes or goes on every page, so every page is rendered
        add_theme_overrides(config)
        enable_markdown_extensions(config)
        if self.kb is None:
            return config
        self.private = answer_pages(self.kb)
        config.nav = expand_nav(config.nav, self.config.nav_placeholder, self.kb)
        if self.config.search:
            self.ranking = SearchRanking(self.kb)
            # Checked before MkDocs cleans the site folder; a page's headings are checked as it is built.
            absent = [
                target
                for target, (path, _) in self.ranking.targets.items()
                if not (Path(config.docs_dir) / path).is_file()
            ]
            if absent:
                raise PluginError(
                    self._broken_targets(absent, "is not a page of the docs folder; expected e.g. 'index.md'")
                )
        search_ui = search_ui_assets() if self.ranking else []
        self.published = [*assets(), *search_ui]
        site_wide = [*(published(name) for name in SITE_WIDE), *(asset.path for asset in search_ui)]
        config.extra_css.extend(stylesheets(site_wide))
        config.extra_javascript.extend(_deferred(scripts(site_wide)))
        self.site_wide = (list(config.extra_css), list(config.extra_javascript))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if self.kb is None:
            return files
        docs_dir = Path(config.docs_dir)
        language = config.theme.get("language") or "en"
        # One-off builds typeset the PDFs on another core while MkDocs renders the pages; `on_env`
        # puts them in place. A server keeps them in this process (typeset again only when changed).
        pdfs = None if self.serving else PdfJob(self.kb, config.site_name, language, self.cache, background=True)
        self.pdfs = pdfs
        try:
            pages = render_pages(self.kb, self.rendering)
        except WorldAtlasMissing as missing:
            raise PluginError(str(missing)) from None
        if self.incremental is not None:
            self.rendering = Rendering.of(self.kb, pages)
        self.generated = [page.path for page in pages]
        page_file = GeneratedPage if self.incremental is not None else File
        self.page_assets = {page.path: page.assets for page in pages}
        for page in pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = self._add(files, page_file.generated(config, page.path, content=page.content, inclusion=inclusion))
            if page.source is not None:
                # Edit links open the YAML the page is made from, not a generated file.
                file.edit_uri = Path(os.path.relpath(self.root / page.source, docs_dir)).as_posix()
        for data in render_data_files(self.kb):
            self._add(files, File.generated(config, data.path, content=data.content))
        if pdfs is not None:
            for path in pdfs.sources:
                self._add(files, File.generated(config, path, content=b""))  # the PDF comes in `on_env`
        else:
            for pdf in render_pdfs(self.kb, config.site_name, language, self.cache):
                self._add(files, File.generated(config, pdf.path, content=pdf.content))
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

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.kb is None:
            return nav
        self._wait_for_index()  # before the site folder may be cleaned, or pages sent to the index again
        full = True
        if self.incremental is not None:
            markdown = self._markdown_of_pages(files)
            skipped = self.incremental.plan(config, files, nav, markdown)
            full = self.incremental.full
            if not full:
                log.info(
                    f"guidebook: rendering {len(markdown) - len(skipped)} of {len(markdown)} pages (the others are unchanged)"
                )
        if self.ranking is not None and (full or self.index is None):
            # A full build indexes every page afresh; an incremental one re-sends only the pages it
            # renders to the same Pagefind index, which replaces a page sent again under its address.
            if self.index is not None:
                self.index.close()
            if self.incremental is None:
                indexed = [f for f in files.documentation_pages() if self.ranking.entry(f.src_uri) is not None]
                self.index = StreamingIndex(
                    Path(config.site_dir), part_pages=self.config.search_part_pages, expected_pages=len(indexed)
                )
            else:
                self.index = StreamingIndex(Path(config.site_dir))  # one part: a page sent again replaces itself
        self.files = files
        return nav

    def _markdown_of_pages(self, files: Files) -> dict[str, str]:
        """The Markdown each documentation page is rendered from (hand-written pages with their overview)."""
        assert self.kb is not None
        markdown = {}
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            text = file.content_string
            markdown[file.src_uri] = text if file.generated_by else expand_overview(text, file.src_uri, self.kb)
        return markdown

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        """Every page is rendered, none written: stop on a broken link of a generated page (see own_links.py)."""
        if self.pdfs is not None:
            pdfs, self.pdfs = self.pdfs, None
            for pdf in pdfs.result():
                placeholder = files.get_file_from_path(pdf.path)
                assert placeholder is not None
                placeholder.content_bytes = pdf.content
        generated = [file.page for file in map(files.get_file_from_path, self.generated) if file and file.page]
        if self.incremental is None:
            self.links = LinkChecker()  # nothing to keep between builds
        if problems := self.links.broken_links(generated, files):
            raise PluginError("guidebook generated broken links:\n  " + "\n  ".join(problems))
        if self.incremental is not None:
            env.bytecode_cache = self.incremental.templates
        elif self.cache is not None:
            env.bytecode_cache = self.cache.templates()
        return env

    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str | None:
        if self.kb is None:
            return markdown
        if self.incremental is not None:
            self.incremental.read(page.file.src_uri, markdown)
        return expand_overview(markdown, page.file.src_uri, self.kb)

    def on_page_context(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Link the page's own stylesheets and scripts besides the site-wide ones.

        Material's templates read them from the configuration, and pages are rendered one at a
        time, so each page sets the lists just before it is rendered (theme pages such as 404.html,
        rendered earlier, keep the site-wide lists set in `on_config`)."""
        own = self.page_assets.get(page.file.src_uri, ())
        css, javascript = self.site_wide
        config.extra_css = [*css, *stylesheets(own)]
        config.extra_javascript = [*javascript, *_deferred(scripts(own))]
        return context

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        if self.problems:
            output = with_problem_banner(output, self.problems)
        if not self.serving and page.file.src_uri in self.private:
            output = with_content_security_policy(output)
        if self.ranking is None:
            return output
        entry = self.ranking.entry(page.file.src_uri)
        output, missing = mark_for_index(output, entry)
        if missing:
            targets = [f"page:{page.file.src_uri}#{anchor}" for anchor in missing]
            raise PluginError(
                self._broken_targets(
                    targets,
                    "names no heading of that page; expected the id of one of its headings (shown in the address when its permalink sign is clicked)",
                )
            )
        if self.index is not None and entry is not None:
            self.index.add(index_document(output), "/" + page.url)
        return output

    def _broken_targets(self, targets: list[str], problem: str) -> str:
        """Each synonyms entry that leads to one of `targets`, located as the editor must fix it."""
        assert self.kb is not None and self.ranking is not None
        lines = [
            f"{place}: target: {synonyms.target.removeprefix('page:')} {problem}"
            for synonyms, place in zip(self.kb.synonyms, self.kb.synonym_places, strict=True)
            if synonyms.target in targets
        ]
        return "Search synonyms lead to pages or headings that do not exist:\n" + "\n".join(lines)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.incremental is not None and self.files is not None:
            self.incremental.record(self.files)
        if self.index is None:
            return
        if self.serving and self.incremental is not None:
            # The browser reloads when this returns; the search follows a moment later (logged).
            self.index_written = self.index.write_soon()
            self.index_written.add_done_callback(_log_index_written)
            return
        try:
            self.index.write(keep_open=self.incremental is not None)
        except IncompleteSearchIndex as incomplete:
            raise PluginError(str(incomplete)) from None

    def _wait_for_index(self) -> None:
        """Let the search index of the previous live-preview build finish; after a failure start afresh."""
        if self.index_written is None:
            return
        written, self.index_written = self.index_written, None
        if written.exception() is not None:
            self.index = None  # `write` stopped Pagefind
            if self.incremental is not None:
                self.incremental.forget()

    def on_build_error(self, *, error: Exception) -> None:
        if self.pdfs is not None:
            self.pdfs.cancel()
            self.pdfs = None
        self._wait_for_index()
        if self.index is not None:
            self.index.close()
            self.index = None
        if self.incremental is not None:
            self.incremental.forget()  # the site directory and the index are not what was recorded

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if self.config.enabled:
            self.yaml_watcher.watch(
                server, [self.root / self.config.facets_dir, self.root / self.config.case_studies_dir]
            )
        return server


def _log_index_written(written: Future[int]) -> None:
    if (error := written.exception()) is not None:
        log.error("guidebook: the search index was not written, the next save rebuilds it: %s", error)
    else:
        log.info("guidebook: search index written (%d pages)", written.result())


def _deferred(paths: list[str]) -> list[str | ExtraScriptValue]:
    """Scripts that wait until the page is parsed (none of guidebook's is needed for the first paint)."""
    values: list[str | ExtraScriptValue] = []
    for path in paths:
        value = ExtraScriptValue(path)
        value.defer = True
        values.append(value)
    return values
