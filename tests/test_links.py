"""Link gate: every internal link and `#anchor` of the built site leads somewhere.

MkDocs checks the links written in Markdown (`validation:` in mkdocs.yml, strict builds),
but not those that templates, theme overrides or plugins write into the HTML. This test
reads the HTML that readers get, so it checks all of them: each internal `href`/`src` must
name a file of the site, and each `#anchor` an element id on the target page. All broken
links are reported at once, grouped by the page they are on.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from .conftest import ROOT, mkdocs_build
from .site_pages import base_path

LINK_ATTRIBUTES = {"href", "src", "srcset", "poster", "data"}
SITE = "http://site.invalid"
"""A stand-in origin: URLs are resolved against it like a browser would, then mapped back to files."""


class _PageParser(HTMLParser):
    """Collects a page's links and the ids its anchors can point to."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name == "srcset":
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())
            elif name in LINK_ATTRIBUTES and not (tag == "link" and name == "href" and _is_meta_link(attrs)):
                self.links.append(value)


def _is_meta_link(attrs: list[tuple[str, str | None]]) -> bool:
    """`<link rel=canonical|alternate>` names the page's public address (site_url), not a file to follow here."""
    rel = dict(attrs).get("rel") or ""
    return bool({"canonical", "alternate"} & set(rel.split()))


@cache
def _parse(file: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def _target_file(site: Path, url_path: str) -> Path | None:
    """The file a browser gets for `url_path` (relative to the site root), or None when there is none."""
    candidate = site / unquote(url_path)
    if url_path.endswith("/") or url_path == "" or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path) -> dict[str, list[str]]:
    """Every internal link of every HTML page that does not resolve, by page."""
    base = base_path(site)
    broken: dict[str, list[str]] = {}
    for file in sorted(site.rglob("*.html")):
        page = file.relative_to(site).as_posix()
        page_url = urljoin(SITE + base, page.removesuffix("index.html"))
        for link in _parse(file).links:
            problem = _problem(site, base, page_url, link)
            if problem:
                broken.setdefault(page, []).append(f"{link} ({problem})")
    return broken


def _problem(site: Path, base: str, page_url: str, link: str) -> str | None:
    parts = urlsplit(urljoin(page_url, link.strip()))
    if parts.scheme in ("mailto", "tel", "data"):
        return None
    if parts.scheme in ("javascript", "vbscript"):
        return "script URL"
    if f"{parts.scheme}://{parts.netloc}" != SITE:
        return None  # another site: not ours to check
    if not parts.path.startswith(base):
        return f"outside the site's base path {base}"
    target = _target_file(site, parts.path[len(base) :])
    if target is None:
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
        return f"no element with id '{fragment}' on {target.relative_to(site).as_posix()}"
    return None


def test_every_internal_link_and_anchor_resolves(gated_site: tuple[str, Path]) -> None:
    _, site = gated_site
    broken = broken_links(site)
    count = sum(len(links) for links in broken.values())
    report = "\n".join(f"{page}:\n  " + "\n  ".join(links) for page, links in broken.items())
    assert broken == {}, f"{count} broken links on {len(broken)} pages:\n{report}"


def test_every_sitemap_entry_is_a_page(gated_site: tuple[str, Path]) -> None:
    _, site = gated_site
    sitemap = site / "sitemap.xml"
    base = base_path(site)
    missing = [
        url
        for url in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
        if _target_file(site, urlsplit(url).path.removeprefix(base)) is None
    ]
    assert missing == []


def test_strict_build_refuses_broken_links_anchors_and_pages_left_out(tmp_path: Path) -> None:
    """The shipped mkdocs.yml's `validation:` settings, with `strict`, stop a build on each kind of mistake."""
    for name in ("mkdocs.yml", "content", "facets", "case_studies"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    (tmp_path / "content" / "orphan.md").write_text("# Not in the navigation\n", encoding="utf-8")
    with (tmp_path / "content" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\n[a missing page](missing.md) and [a missing anchor](index.md#no-such-heading)\n")
    result = mkdocs_build(tmp_path / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "'missing.md'" in output, output
    assert "'#no-such-heading'" in output, output
    assert "orphan.md" in output, output
