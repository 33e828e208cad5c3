"""The plugin checks every link and anchor on the pages it generates, whatever the site's `validation:`.

MkDocs reports a link to a missing anchor at info level unless a site raises it in
`validation:`, so a strict build of a minimal mkdocs.yml published principle links that
went nowhere. A broken link on a generated page is guidebook's mistake, not the site's: it
stops the build in every site. The check runs on the rendered HTML of every page (MkDocs has
rendered them all before `on_env`; under `serve --dirty`, those a save changed) and before
anything is written.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

HREF = re.compile(r'<a\s[^>]*?\bhref="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')
"""Python-Markdown and MkDocs write attributes in double quotes; a regular expression reads the
links of 10,000 pages in a fraction of the time an HTML parser takes."""


def _anchors(page: Page) -> set[str]:
    """Ids on `page`: those MkDocs saw while rendering it, and those in its content now (another
    plugin, such as Material's tags listing, may have added headings since)."""
    return (page.present_anchor_ids or set()) | {unescape(found) for found in ID.findall(page.content or "")}


def _key(url: str) -> str:
    """A published URL in one spelling: `facets/x/`, `facets/x` and `facets/x/../x/` are the same page."""
    return posixpath.normpath(url or ".")


@dataclass(frozen=True)
class _Link:
    href: str
    """As written, for the message."""
    target: str | None
    """The key of the linked file (None: the page itself)."""
    fragment: str


def _internal_links(page: Page) -> list[_Link]:
    folder = page.url if not page.url or page.url.endswith("/") else posixpath.dirname(page.url)
    links = []
    for href in map(unescape, HREF.findall(page.content or "")):
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue  # another site: a reader's choice to follow, not this site's file
        target = _key(posixpath.join(folder, unquote(parts.path))) if parts.path else None
        links.append(_Link(href, target, unquote(parts.fragment)))
    return links


class LinkChecker:
    """Checks links, reading each page's links once for as long as its HTML stays the same.

    Under `serve --dirty` the plugin keeps one checker, so a save re-reads only the pages it
    rendered again (at 1,000 case studies reading every page's links was a tenth of a save)."""

    def __init__(self) -> None:
        self._links: dict[str, tuple[str, list[_Link]]] = {}

    def _links_of(self, page: Page) -> list[_Link]:
        content = page.content or ""
        known = self._links.get(page.file.src_uri)
        if known is None or known[0] != content:
            known = (content, _internal_links(page))
            self._links[page.file.src_uri] = known
        return known[1]

    def broken_links(self, pages: Iterable[Page], files: Files) -> list[str]:
        """`page: link (why)` for every internal link on `pages` whose file or anchor does not exist."""
        published: dict[str, File] = {_key(file.url): file for file in files}
        anchors: dict[str, set[str]] = {}
        problems = []
        for page in pages:
            for link in self._links_of(page):
                target = page.file if link.target is None else published.get(link.target)
                if target is None:
                    problems.append(f"{page.file.src_uri}: {link.href} (no such page or file)")
                elif link.fragment and target.page is not None and target.page.content is not None:
                    # (A page MkDocs did not render in this build, under `serve --dirty`, has no ids to check.)
                    if target.src_uri not in anchors:
                        anchors[target.src_uri] = _anchors(target.page)
                    if link.fragment not in anchors[target.src_uri]:
                        problems.append(
                            f"{page.file.src_uri}: {link.href} (no anchor #{link.fragment} on {target.src_uri})"
                        )
        return problems
