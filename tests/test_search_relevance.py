"""Search relevance: everyday queries, typed into the header search box of each built site.

Each knowledge base has its own set (tests/relevance/<site>.yml): countries, laws, names of
initiatives, a facet's theme in other words, abbreviations, checklist items, each with the
page a reader wants first. A `#anchor` also asks that the result shows that section of the
page (a principle, a glossary entry) under it. The test prints the rank-1 and top-3 rates
and every miss; it fails below 90 % at rank 1 or below 100 % in the top 3.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from playwright.sync_api import Page

from .conftest import ROOT
from .site_pages import published_url
from .test_search import SearchBox

QUERIES = ROOT / "tests" / "relevance"
RANK_1_MINIMUM = 0.9
TOP_3_MINIMUM = 1.0

SECTIONS = """(list) => [...list.children].map(item => [...item.querySelectorAll('.md-search-result__link')]
    .map(link => link.href))"""
"""Each result's links: the page first, then the sections shown under it."""


def rank(results: list[list[str]], expected: str) -> int | None:
    """1-based rank of the result for `expected` (its `#anchor` must be one of the result's sections), or None."""
    page, _, anchor = expected.partition("#")
    for position, links in enumerate(results, start=1):
        if links[0] == page and (not anchor or any(link == expected for link in links[1:])):
            return position
    return None


def test_everyday_queries_find_the_right_page_first(
    any_site: tuple[str, Path], serve: Callable[[Path], str], page: Page
) -> None:
    name, site = any_site
    queries = yaml.safe_load((QUERIES / f"{name}.yml").read_text(encoding="utf-8"))
    base = published_url(serve, site)
    page.goto(base)
    box = SearchBox(page, base)
    ranks: dict[str, int | None] = {}
    shown: dict[str, list[str]] = {}
    for entry in queries:
        box.search(entry["query"])
        results = [
            [box.site_url(link) + ("#" + link.split("#", 1)[1] if "#" in link else "") for link in links]
            for links in page.locator(".md-search-result__list").evaluate(SECTIONS)
        ]
        ranks[entry["query"]] = rank(results, entry["first"])
        shown[entry["query"]] = [links[0] for links in results[:3]]
    first = sum(1 for found in ranks.values() if found == 1) / len(ranks)
    top_3 = sum(1 for found in ranks.values() if found is not None and found <= 3) / len(ranks)
    misses = [
        f"  {entry['query']!r}: wanted {entry['first']} first, rank {ranks[entry['query']]}; top 3: {shown[entry['query']]}"
        for entry in queries
        if ranks[entry["query"]] != 1
    ]
    print(f"\n{name}: {len(ranks)} queries, rank 1: {first:.0%}, top 3: {top_3:.0%}", *misses, sep="\n")
    assert first >= RANK_1_MINIMUM and top_3 >= TOP_3_MINIMUM, "\n".join(misses)
