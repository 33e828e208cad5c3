"""Privacy gate: reading the site tells no third party about the reader.

Every resource (fonts, icons, styles, scripts, images, search index, map data) must come
from the site's own host. Two checks: a browser records every request while each page type
is opened and used (so requests made by JavaScript count too), and every built HTML and CSS
file is read for resource references to other hosts (which catches what no test clicks).
Plain links (`<a href>`) are not requests: a reader decides to follow them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from .site_pages import knowledge_base, page_types, published_url

OWN_HOST = "127.0.0.1"
LOCAL_SCHEMES = {"data", "blob", "about"}
"""URLs with these schemes are made in the browser and never leave it."""

RESOURCE_ATTRIBUTES = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
}
"""Attributes whose URL the browser fetches by itself when the page loads."""

FETCHED_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "modulepreload",
    "manifest",
}
"""`<link rel=...>` kinds that make the browser contact the target (canonical, alternate... do not)."""

CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


def third_party(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    return parts.hostname not in (None, OWN_HOST)


def test_pages_request_nothing_from_other_hosts(
    browser: Browser, serve: Callable[[Path], str], gated_site: tuple[str, Path]
) -> None:
    name, site = gated_site
    base = published_url(serve, site)
    kb = knowledge_base(name)
    leaks: dict[str, set[str]] = {}
    requested: list[str] = []
    context = browser.new_context()
    context.on("request", lambda request: requested.append(request.url))  # pages, workers and their fetches
    try:
        for kind in page_types(name):
            first = len(requested)
            page = context.new_page()
            page.goto(base + kind.path(kb))
            kind.prepare(page, kb)
            page.wait_for_load_state("networkidle")
            page.close()
            if found := {url for url in requested[first:] if third_party(url)}:
                leaks[kind.name] = found
    finally:
        context.close()
    assert leaks == {}, "requests to other hosts:\n" + "\n".join(
        f"- {kind}: {', '.join(sorted(urls))}" for kind, urls in leaks.items()
    )


class _ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        names = RESOURCE_ATTRIBUTES.get(tag, [])
        if tag == "link" and FETCHED_LINK_RELS & set(values.get("rel", "").lower().split()):
            names = ["href"]
        for name in names:
            for candidate in values.get(name, "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])
        if "style" in values:
            self.urls.extend(match[0] or match[1] for match in CSS_URL.findall(values["style"]))


def _references(file: Path) -> list[str]:
    text = file.read_text(encoding="utf-8", errors="replace")
    if file.suffix == ".css":
        return [match[0] or match[1] for match in CSS_URL.findall(text)]
    finder = _ResourceFinder()
    finder.feed(text)
    return finder.urls


@pytest.mark.parametrize("suffix", [".html", ".css"])
def test_built_files_load_nothing_from_other_hosts(gated_site: tuple[str, Path], suffix: str) -> None:
    _, site = gated_site
    found = [
        f"{file.relative_to(site)}: {url}"
        for file in sorted(site.rglob(f"*{suffix}"))
        for url in _references(file)
        if third_party(url)
    ]
    assert found == []
