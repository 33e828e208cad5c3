"""The plugin checks every link and anchor on the pages it generates, whatever the site's `validation:`.

MkDocs reports a link to a missing anchor at info level unless a site raises it in
`validation:`, so a strict build of a minimal mkdocs.yml published principle links that
went nowhere. A broken link on a generated page is guidebook's mistake, not the site's: it
stops the build in every site. The check runs on the rendered HTML of every page (MkDocs has
rendered them all before `on_env`) and before anything is written.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _hrefs(html: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(html)
    return parser.hrefs


def _key(url: str) -> str:
    """A published URL in one spelling: `facets/x/`, `facets/x` and `facets/x/../x/` are the same page."""
    return posixpath.normpath(url or ".")


def broken_links(pages: Iterable[Page], files: Files) -> list[str]:
    """`page: link (why)` for every internal link on `pages` whose file or anchor does not exist."""
    published: dict[str, File] = {_key(file.url): file for file in files}
    problems = []
    for page in pages:
        folder = page.url if not page.url or page.url.endswith("/") else posixpath.dirname(page.url)
        for href in _hrefs(page.content or ""):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # another site: a reader's choice to follow, not this site's file
            target = page.file if not parts.path else published.get(_key(posixpath.join(folder, unquote(parts.path))))
            if target is None:
                problems.append(f"{page.file.src_uri}: {href} (no such page or file)")
            elif (
                parts.fragment
                and target.page is not None
                and parts.fragment not in (target.page.present_anchor_ids or set())
            ):
                problems.append(f"{page.file.src_uri}: {href} (no anchor #{parts.fragment} on {target.src_uri})")
    return problems
