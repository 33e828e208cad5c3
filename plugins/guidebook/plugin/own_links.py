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


def broken_links(pages: Iterable[Page], files: Files) -> list[str]:
    """`page: link (why)` for every internal link on `pages` whose file or anchor does not exist."""
    published: dict[str, File] = {_key(file.url): file for file in files}
    anchors: dict[str, set[str]] = {}
    problems = []
    for page in pages:
        folder = page.url if not page.url or page.url.endswith("/") else posixpath.dirname(page.url)
        for href in map(unescape, HREF.findall(page.content or "")):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue  # another site: a reader's choice to follow, not this site's file
            target = page.file if not parts.path else published.get(_key(posixpath.join(folder, unquote(parts.path))))
            if target is None:
                problems.append(f"{page.file.src_uri}: {href} (no such page or file)")
            elif parts.fragment and target.page is not None and target.page.content is not None:
                # (A page MkDocs did not render in this build, under `serve --dirty`, has no ids to check.)
                if target.src_uri not in anchors:
                    anchors[target.src_uri] = _anchors(target.page)
                if unquote(parts.fragment) not in anchors[target.src_uri]:
                    problems.append(f"{page.file.src_uri}: {href} (no anchor #{parts.fragment} on {target.src_uri})")
    return problems
