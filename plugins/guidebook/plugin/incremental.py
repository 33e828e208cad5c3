"""Incremental rebuilds under `mkdocs serve --dirty`: render only the pages whose Markdown changed.

MkDocs' own `--dirty` skips a page when its output is newer than its source file. Alone it
is not enough here, and MkDocs warns that it "will likely lead to inaccurate navigation":
- generated pages have no source file, so MkDocs renders all of them every time;
- a skipped page is never read, so it has no title, metadata or anchors: the navigation of
  the pages that are rendered shows wrong titles, and plugins that collect from every page
  (Material's tags) see only the rendered ones;
- nothing notices that a facet's new title changes the navigation of every page, or that a
  deleted page leaves its output behind.

`IncrementalBuilds` (kept by the plugin between rebuilds) closes those gaps:
- every documentation page gets a fingerprint of the Markdown it is rendered from (for
  hand-written pages after the generated overview is expanded), and a page is skipped only
  when its fingerprint equals that of the previous build and its output is still there;
- the site's fingerprint (mkdocs.yml, the theme overrides, the set of files and every title
  and address in the navigation) must be unchanged too, otherwise the build is a full one on
  a cleaned site directory;
- a skipped page gets back what its last rendering left (Markdown, metadata, HTML, table of
  contents, title, anchors), and the Markdown event is replayed for it so other plugins see
  every page, as in a full build;
- a page that lists tags (Material's tags marker) depends on every page, so it is rendered
  whenever any page changed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_markdown_title, meta

from ..render.build_cache import digest

TAG_LISTING = "<!-- material/tags"
"""Material's marker for a tag listing: the page it is on lists every tagged page."""

DIRTY_WARNING = "A 'dirty' build is being performed"
"""MkDocs' warning for `--dirty`, which counts as an error in strict mode; this module makes it untrue."""


class GeneratedPage(File):
    """A generated page that a dirty build may skip (MkDocs always renders generated files again)."""

    unchanged = False
    """Set by `IncrementalBuilds.plan`: the Markdown is that of the previous build."""

    def is_modified(self) -> bool:
        return not self.unchanged or not os.path.isfile(self.abs_dest_path)


@dataclass
class _Rendered:
    """What rendering a page left on it, to give back to the page when a later build skips it."""

    fingerprint: str
    source: str
    """The Markdown as read, before any plugin changed it (the Markdown event is replayed on it)."""
    markdown: str
    meta: MutableMapping[str, Any]
    content: str
    toc: Any
    title_from_render: str | None
    present_anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]]
    """Links to anchors by the target's source path (files are new objects in every build)."""


def _title(markdown: str) -> str:
    """The title MkDocs would give a page from its Markdown alone (front matter, else first heading)."""
    body, data = meta.get_data(markdown)
    return str(data.get("title") or get_markdown_title(body) or "")


class IncrementalBuilds:
    """State kept between the builds of one `mkdocs serve --dirty` (or `mkdocs build --dirty`) process."""

    def __init__(self) -> None:
        self.templates = CompiledTemplates()
        self._site: str | None = None
        self._pages: dict[str, _Rendered] = {}
        self._sources: dict[str, str] = {}
        self._fingerprints: dict[str, str] = {}
        self.full = True
        """Whether the current build renders every page (the first build, or the site changed)."""

    def plan(self, config: MkDocsConfig, files: Files, nav: Navigation, markdown: dict[str, str]) -> list[Page]:
        """Decide what the current build renders; give skipped pages their last rendering; return them.

        `markdown` holds the Markdown each documentation page is rendered from, by source path."""
        pages = self._documentation_pages(files)
        fingerprints = {file.src_uri: digest(markdown[file.src_uri]) for file in pages}
        listing = digest(*sorted(fingerprints.values()))
        for file in pages:
            if TAG_LISTING in markdown[file.src_uri]:
                fingerprints[file.src_uri] = digest(fingerprints[file.src_uri], listing)
        site = digest(
            Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
            *_theme_overrides(config),
            *sorted(f.src_uri for f in files),
            *_navigation(nav.items, markdown),
        )
        self.full = site != self._site
        self._site = site
        if self.full:
            self._pages = {}
            utils.clean_directory(config.site_dir)
        skipped = []
        for file in pages:
            previous = self._pages.get(file.src_uri)
            unchanged = previous is not None and previous.fingerprint == fingerprints[file.src_uri]
            if isinstance(file, GeneratedPage):
                file.unchanged = unchanged
            elif not unchanged and os.path.isfile(file.abs_dest_path):
                os.remove(file.abs_dest_path)  # MkDocs renders a hand-written page whose output is missing
            if previous is not None and not file.is_modified():
                skipped.append(self._restore(file, previous, files, config))
            else:
                self._pages.pop(file.src_uri, None)
        self._fingerprints = fingerprints
        return skipped

    def forget(self) -> None:
        """Make the next build a full one (after a failed build)."""
        self._site = None
        self._pages = {}

    def read(self, src_uri: str, source: str) -> None:
        """Note the Markdown of a page as read (call from the first plugin's Markdown event)."""
        self._sources[src_uri] = source

    def record(self, files: Files) -> None:
        """After a build: keep what rendering left on every page rendered in it."""
        for file in self._documentation_pages(files):
            page = file.page
            if page is None or file.src_uri in self._pages or page.content is None or page.markdown is None:
                continue
            self._pages[file.src_uri] = _Rendered(
                fingerprint=self._fingerprints[file.src_uri],
                source=self._sources.get(file.src_uri, page.markdown),
                markdown=page.markdown,
                meta=page.meta,
                content=page.content,
                toc=page.toc,
                title_from_render=page._title_from_render,
                present_anchor_ids=page.present_anchor_ids,
                links_to_anchors={target.src_uri: links for target, links in (page.links_to_anchors or {}).items()},
            )
        self._sources = {}

    @staticmethod
    def _documentation_pages(files: Files) -> list[File]:
        return list(files.documentation_pages(inclusion=InclusionLevel.is_in_serve))

    @staticmethod
    def _restore(file: File, rendered: _Rendered, files: Files, config: MkDocsConfig) -> Page:
        page = file.page if file.page is not None else Page(None, file, config)
        page.markdown, page.meta = rendered.source, rendered.meta
        # Plugins that collect from every page (Material's tags) see this one as in a full build.
        config.plugins.on_page_markdown(rendered.source, page=page, config=config, files=files)
        page.markdown = rendered.markdown
        page.content = rendered.content
        page.toc = rendered.toc
        page._title_from_render = rendered.title_from_render
        page.present_anchor_ids = rendered.present_anchor_ids
        page.links_to_anchors = {
            target: links
            for src_uri, links in rendered.links_to_anchors.items()
            if (target := files.get_file_from_path(src_uri)) is not None
        }
        return page


def _theme_overrides(config: MkDocsConfig) -> list[str]:
    """The files of the site's own theme folder with their modification times (Material's are installed, not edited)."""
    custom = config.theme.custom_dir
    if not custom or not os.path.isdir(custom):
        return []
    return [f"{p}:{p.stat().st_mtime_ns}" for p in sorted(Path(custom).rglob("*")) if p.is_file()]


def _navigation(items: list[Any], markdown: dict[str, str]) -> list[str]:
    """Every title and address in the navigation, in order: what the sidebar of every page shows."""
    out: list[str] = []
    for item in items:
        if isinstance(item, Section):
            out += [f"section:{item.title}", *_navigation(item.children, markdown), "end"]
        elif isinstance(item, Link):
            out.append(f"link:{item.title}:{item.url}")
        elif isinstance(item, Page):
            given = vars(item).get("title")  # a title from mkdocs.yml, else the page's own
            title = given if given is not None else _title(markdown[item.file.src_uri])
            out.append(f"page:{title}:{item.url}")
    return out


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates compiled once per server, not once per rebuild.

    MkDocs makes a new Jinja environment for every build, which parses and compiles
    Material's templates again (about half a second of a rebuild). Jinja checks each
    template's source checksum before using its cached code, so an edited template is compiled anew."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class DirtyWarningFilter(logging.Filter):
    """Drops MkDocs' `--dirty` warning, which `IncrementalBuilds` makes untrue (it would abort a strict build)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)
