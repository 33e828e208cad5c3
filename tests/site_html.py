"""Read built HTML pages the way a reader's browser would: links, ids, text, sidebar.

Integration tests assert on what a reader sees, so they parse the HTML MkDocs wrote
instead of trusting the Markdown that went in. Only the standard library's parser is
used: the pages are MkDocs output, not arbitrary HTML.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Link:
    href: str
    classes: frozenset[str]
    rel: str
    in_primary_nav: bool
    in_article: bool


@dataclass
class ParsedPage:
    links: list[Link] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    article_text: list[str] = field(default_factory=list)
    title: str = ""


class _Parser(HTMLParser):
    """Tracks whether we are inside the primary sidebar (`md-nav--primary`), the article, or hidden text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._stack: list[tuple[str, str]] = []
        self._in_title = False

    def _inside(self, marker: str) -> bool:
        return any(marker == kind for _, kind in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = frozenset(values.get("class", "").split())
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "title":
            self._in_title = True
        if tag == "a" and "href" in values:
            self.page.links.append(
                Link(
                    values["href"],
                    classes,
                    values.get("rel", ""),
                    self._inside("primary"),
                    self._inside("article"),
                )
            )
        if tag in ("nav", "article"):
            kind = "primary" if "md-nav--primary" in classes else tag
            self._stack.append((tag, kind))
        if tag == "span" and "hidden" in values:  # e.g. search synonyms: words no reader sees
            self._stack.append((tag, "hidden"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in ("nav", "article") or (tag == "span" and self._stack and self._stack[-1] == ("span", "hidden")):
            for index in range(len(self._stack) - 1, -1, -1):
                if self._stack[index][0] == tag:
                    del self._stack[index:]
                    break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.page.title += data
        if self._inside("article") and not self._inside("hidden"):
            self.page.article_text.append(data)


@cache
def parse(file: Path) -> ParsedPage:
    """The parsed page (cached: the sites are session fixtures and never change)."""
    parser = _Parser()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser.page


def html_pages(site: Path) -> list[str]:
    """Site-relative paths of every HTML page, sorted."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def is_internal(href: str) -> bool:
    parts = urlsplit(href)
    return not parts.scheme and not parts.netloc and not href.startswith("#")


def resolve(page: str, href: str) -> tuple[str, str]:
    """The site-relative file an internal `href` on `page` opens, and its fragment."""
    parts = urlsplit(href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path.endswith("/") or parts.path in ("", ".", "..") or not posixpath.splitext(target)[1]:
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target, parts.fragment


def targets(site: Path, page: str, *, where: str = "article") -> set[str]:
    """Files (site-relative) linked from `page` in its article or its primary sidebar."""
    found = set()
    for link in parse(site / page).links:
        inside = link.in_article if where == "article" else link.in_primary_nav
        if inside and is_internal(link.href):
            found.add(resolve(page, link.href)[0])
    return found


def text(site: Path, page: str) -> str:
    """The visible text of the page's article, whitespace collapsed."""
    return " ".join("".join(parse(site / page).article_text).split())
