"""guidebook's search on a built site, whichever engine built it: marked pages, the search box, the index.

The MkDocs plugin marks each page as MkDocs renders it; `guidebook index SITE_DIR` does the
same to the HTML files of a site that is already built (by Zensical, or by MkDocs from the
export), so both produce the same `data-pagefind-*` attributes from the same `SearchRanking`
and the same Pagefind index (`StreamingIndex`). No engine is imported here: a page is its
URL and its HTML.

The search box is guidebook's own script (`search_ui/`). The plugin links it through MkDocs'
`extra_css`/`extra_javascript`; on a built site `index_site` copies it and adds `head_tags` to
every page. It draws the box with Material's header and result classes, and loads Pagefind only
when a reader starts to search. Zensical's theme has the header but no search-box styles, so
`index_site` also adds `search_ui/without-material/search-panel.css`, which restates Material's
for pages Zensical generated.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .assets import Asset, scripts, stylesheets
from .search_index import INDEX_DIR, PART_PAGES, StreamingIndex
from .search_pages import CONTENT_ELEMENT, HAND_WRITTEN, SearchEntry, SearchRanking, index_document, mark_for_index

UI_DIR = Path(__file__).resolve().parent.parent / "search_ui"
UI_PUBLISHED_UNDER = "assets/guidebook-search"
"""Two folders below the site root: the script finds the index at `../../pagefind/` from there."""

NOT_FOUND_PAGE = "404.html"
"""The not-found page both engines write at the site root: it gets the search box, but is never indexed."""

OWN_STYLESHEET = re.compile(r'href="([^"]*)assets/guidebook/[^"]*\.css"')
"""guidebook's stylesheets, linked from every page: what comes before `assets/` leads to the site root,
also on the not-found page, whose links are absolute (it is served at any address)."""

HEAD_END = "</head>"


def _published(folder: Path) -> list[Asset]:
    return [Asset(f"{UI_PUBLISHED_UNDER}/{path.name}", path) for path in sorted(folder.iterdir()) if path.is_file()]


def search_ui_assets() -> list[Asset]:
    """The search box's files, as published under the site root."""
    return _published(UI_DIR)


def built_site_assets() -> list[Asset]:
    """What `index_site` adds: the search box, and Material's search-box styles restated for pages
    that a theme without them generated (`without-material/`; the plugin's pages never need them)."""
    return [*search_ui_assets(), *_published(UI_DIR / "without-material")]


def head_tags(to_root: str) -> str:
    """The tags that load the search box, for a page `to_root` (e.g. `../../`) below the site root.

    The script is deferred: it runs once the page is parsed, after the theme's own scripts, as it
    does when MkDocs puts it at the end of the body."""
    published = [asset.path for asset in built_site_assets()]
    links = [f'<link rel="stylesheet" href="{to_root}{path}">' for path in stylesheets(published)]
    return "".join(links + [f'<script src="{to_root}{path}" defer></script>' for path in scripts(published)])


def with_search_box(html: str, to_root: str) -> str:
    """`html` with the search box's tags at the end of its head, unless it links the box already."""
    if UI_PUBLISHED_UNDER in html or HEAD_END not in html:
        return html
    head, _, body = html.partition(HEAD_END)
    return head + head_tags(to_root) + HEAD_END + body


@dataclass(frozen=True)
class BuiltPage:
    """One HTML page of a built site."""

    file: PurePosixPath
    """Its path from the site root: `facets/x/index.html`."""

    @property
    def url(self) -> str:
        """Its address from the site root, as a search result links to it: `/facets/x/`."""
        text = self.file.as_posix()
        return "/" + (text[: -len("index.html")] if self.file.name == "index.html" else text)

    def to_root(self, html: str) -> str:
        """The site root as the page's own links reach it, else as its folder depth does."""
        found = OWN_STYLESHEET.search(html)
        return found.group(1) if found else "../" * (len(self.file.parts) - 1)

    def sources(self) -> list[str]:
        """The docs-relative Markdown files it may be built from, the likelier first: `facets/x/index.html`
        comes from `facets/x/index.md` or, with directory URLs, from `facets/x.md`."""
        stem = self.file.with_suffix("").as_posix()
        if self.file.name != "index.html" or self.file.parent == PurePosixPath("."):
            return [f"{stem}.md"]
        return [f"{stem}.md", f"{self.file.parent.as_posix()}.md"]


def entry_for(page: BuiltPage, ranking: SearchRanking) -> SearchEntry | None:
    """How a built page goes into the index: the ranking of the first of its possible sources that the
    ranking knows (a generated page), else that of a hand-written page."""
    for source in page.sources():
        entry = ranking.entry(source)
        if entry != HAND_WRITTEN:
            return entry
    return HAND_WRITTEN


def built_pages(site_dir: Path) -> Iterator[BuiltPage]:
    """Every page of the site, in a fixed order: its HTML files but the index's own."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = PurePosixPath(path.relative_to(site_dir).as_posix())
        if relative.parts[0] != INDEX_DIR:
            yield BuiltPage(relative)


class NoContentFound(Exception):
    """The folder holds no page with the theme's content element: not a site built with Material or Zensical."""


class MissingSynonymAnchors(Exception):
    """Search synonyms lead to headings that the built pages do not have; the message lists them."""


def index_site(site_dir: Path, ranking: SearchRanking, *, part_pages: int = PART_PAGES) -> int:
    """Mark every page of the built site for the index and add the search box, then write its
    Pagefind index into `site_dir/pagefind/`, in parts of at most `part_pages` pages as the
    plugin's build does (see `StreamingIndex`); return the number of pages indexed.

    Every page is marked in memory first: on a problem nothing is written."""
    pages = list(built_pages(site_dir))
    texts = {page: (site_dir / page.file).read_text(encoding="utf-8") for page in pages}
    if not any(CONTENT_ELEMENT in text for text in texts.values()):
        raise NoContentFound(
            f"{site_dir}: none of its {len(pages)} HTML pages has the element {CONTENT_ELEMENT}; "
            "expected a site built with the material theme, by MkDocs or Zensical (build it first)"
        )
    marked: dict[BuiltPage, tuple[str, SearchEntry | None]] = {}
    problems = []
    for page, text in texts.items():
        entry = None if page.file.as_posix() == NOT_FOUND_PAGE else entry_for(page, ranking)
        html, missing = mark_for_index(text, entry)
        problems += [
            f"{page.file}: no heading with the anchor '{anchor}' that search synonyms lead to" for anchor in missing
        ]
        marked[page] = (with_search_box(html, page.to_root(text)), entry)
    if problems:
        raise MissingSynonymAnchors("\n".join(problems))
    for asset in built_site_assets():
        target = site_dir / asset.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(asset.source, target)
    indexed = sum(entry is not None for _, entry in marked.values())
    index = StreamingIndex(site_dir, part_pages=part_pages, expected_pages=indexed)
    try:
        for page, (html, entry) in marked.items():
            if html != texts[page]:
                (site_dir / page.file).write_text(html, encoding="utf-8")
            if entry is not None:
                index.add(index_document(html), page.url)
    except BaseException:
        index.close()
        raise
    return index.write()
