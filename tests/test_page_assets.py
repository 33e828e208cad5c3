"""Each built page links exactly the guidebook stylesheets and scripts it uses, and its scripts are deferred.

What a page uses is read from its own markup (the elements each script works on), not from the
plugin's table, so a page that gains a checklist without its script, or a script left on pages
that have nothing for it, fails here. Both knowledge bases, every HTML page.
"""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path

CHECKLIST_TOOLS = ('class="gb-checklist"', 'class="gb-overview"', 'class="gb-plan"', 'class="gb-progress-tool"')
"""The checklist and the team tools built on its functions (window.guidebookChecklists)."""
USES = {
    "assets/guidebook/checklist.css": CHECKLIST_TOOLS,
    "assets/guidebook/checklist.js": CHECKLIST_TOOLS,
    "assets/guidebook/case-study-browser.css": ('id="gb-browser"',),
    "assets/guidebook/case-study-browser.js": ('id="gb-browser"',),
    "assets/guidebook/world-map.css": ('class="gb-map"',),
    "assets/guidebook/page/team-merge.js": ('class="gb-team"',),
    "assets/guidebook/page/action-plan.js": ('class="gb-plan"',),
    "assets/guidebook/page/progress.js": ('class="gb-progress-tool"',),
}
"""Page-kind assets and the markup that needs them."""
EVERY_PAGE = {"assets/guidebook/a11y.css", "assets/guidebook-search/search.css", "assets/guidebook-search/search.js"}


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, bool]] = []
        """(href or src, deferred) of every stylesheet and script."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "stylesheet":
            self.links.append((values["href"] or "", False))
        elif tag == "script" and values.get("src"):
            self.links.append((values["src"] or "", "defer" in values or "async" in values))


def guidebook_links(site: Path, page: Path) -> dict[str, bool]:
    """The guidebook assets the page links (site-root paths) and whether each is deferred."""
    parser = _Links()
    text = page.read_text(encoding="utf-8")
    parser.feed(text)
    folder = posixpath.dirname(page.relative_to(site).as_posix())
    found = {}
    for url, deferred in parser.links:
        if url.startswith("/"):  # 404.html links from the site's root path (site_url's), wherever it is served
            path = "assets/" + url.split("/assets/", 1)[-1]
        else:
            path = posixpath.normpath(posixpath.join(folder, url))
        if path.startswith("assets/guidebook"):
            found[path] = deferred
    return found


def test_every_page_links_only_the_assets_it_uses(any_site: tuple[str, Path]) -> None:
    _, site = any_site
    pages = sorted(site.rglob("*.html"))
    seen_kinds: set[str] = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        expected = EVERY_PAGE | {asset for asset, markers in USES.items() if any(m in text for m in markers)}
        seen_kinds |= expected - EVERY_PAGE
        links = guidebook_links(site, page)
        assert set(links) == expected, page.relative_to(site)
        assert all(deferred for path, deferred in links.items() if path.endswith(".js")), page.relative_to(site)
    assert seen_kinds == set(USES), "each page-kind asset is used by some page of the site"


def test_a_facet_page_loads_no_checklist_or_browser_code(ddps_site: Path) -> None:
    facet = next(p for p in sorted((ddps_site / "facets").glob("*/index.html")))
    assert set(guidebook_links(ddps_site, facet)) == EVERY_PAGE
