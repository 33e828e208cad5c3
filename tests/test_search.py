"""The site search, as a reader uses it: the header search box on the built site, served locally.

Words and titles come from each site's own open data (`data/knowledge-base.json`), never
from the DDPS content, so the tests run on both knowledge bases. The search index is
Pagefind's, split into chunks: a first search must stay well under 1 MB at any size
(the performance issue's budget at 10,000 case studies).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from click.testing import CliRunner
from playwright.sync_api import Page, Response

from guidebook.cli import main as guidebook_cli
from guidebook.model.countries import country_name

from .conftest import ROOT
from .site_pages import published_url
from .test_accessibility import AXE, axe_violations, describe

FIRST_SEARCH_BUDGET = 300_000
"""Bytes a reader may download for a first search (issue 17: at most 300 KB, even at 10,000 case studies)."""

WORD = re.compile(r"[A-Za-z]{7,}")


def open_data(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "knowledge-base.json").read_text(encoding="utf-8"))
    return data


def case_text(case: dict[str, Any]) -> str:
    return " ".join(str(case[key]) for key in ("title", "summary", "challenge", "approach", "results", "lessons"))


def distinctive_word(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A long word that only one case study uses, and nothing else in the knowledge base: (word, case study)."""
    elsewhere = Counter(
        word.lower()
        for item in [*data["pillars"], *data["facets"]]
        for word in WORD.findall(json.dumps(item, ensure_ascii=False))
    )
    by_case = Counter(word.lower() for case in data["case_studies"] for word in set(WORD.findall(case_text(case))))
    for case in data["case_studies"]:
        for word in sorted(set(WORD.findall(case_text(case)))):
            if by_case[word.lower()] == 1 and word.lower() not in elsewhere:
                return word, case
    raise AssertionError("no case study has a word of its own")


def is_content_page(data: dict[str, Any], path: str) -> bool:
    """Pillar, facet and case study pages hold the guidance; the others list them (or hold hand-written text)."""
    return path in {item["url"] for kind in ("pillars", "facets", "case_studies") for item in data[kind]}


class SearchBox:
    """The header search of a served site, driven like a reader: focus, type, read the results."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.field = page.get_by_role("searchbox", name="Search the site")
        self.prefix = urlsplit(base).path

    def site_url(self, url: str) -> str:
        """A result's URL as the open data writes it: relative to the site's base (`case-studies/x/`)."""
        path = urlsplit(url).path
        assert path.startswith(self.prefix), url
        return path[len(self.prefix) :]

    def search(self, query: str) -> list[str]:
        """Type `query` and return the result paths (site-relative, in ranked order) once they are shown."""
        self.field.fill(query)
        self.page.wait_for_function(
            "q => document.querySelector('.md-search-result__list').dataset.query === q.trim()", arg=query
        )
        self.page.wait_for_load_state("networkidle")
        return [self.site_url(href) for href in self.page.locator(RESULT_LINKS).evaluate_all(HREFS)]


RESULT_LINKS = ".md-search-result__item > .md-search-result__link:first-child"
"""Each result's own link (the sections of the page shown under it are further links)."""
HREFS = "links => links.map(a => a.href)"


@pytest.fixture
def search_box(any_site: tuple[str, Path], serve: Callable[[Path], str], page: Page) -> Iterator[SearchBox]:
    _, site = any_site
    base = published_url(serve, site)
    page.goto(base + "about/" if (site / "about").exists() else base)
    page.wait_for_load_state("networkidle")
    yield SearchBox(page, base)


def test_every_page_but_checklists_is_indexed_from_its_content(any_site: tuple[str, Path]) -> None:
    _, site = any_site
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (site / "search" / "search_index.json").exists(), "Material's one-file index must not be built"
    for html in site.rglob("index.html"):
        marked = "data-pagefind-body" in html.read_text(encoding="utf-8")
        is_checklist = html.parent.name == "checklist" and html.parent.parent.parent.name == "facets"
        assert marked != is_checklist, html.relative_to(site)


def test_a_distinctive_word_finds_its_case_study_with_a_small_first_download(
    any_site: tuple[str, Path], search_box: SearchBox
) -> None:
    word, case = distinctive_word(open_data(any_site[1]))
    downloaded: list[tuple[str, int]] = []

    def record(response: Response) -> None:
        downloaded.append((response.url, len(response.body()) if response.ok else 0))

    search_box.page.on("response", record)
    results = search_box.search(word)
    search_box.page.remove_listener("response", record)

    assert results[:1] == [case["url"]], f"searching {word!r}"
    first_search = sum(size for _, size in downloaded)
    print(f"\n{any_site[0]}: first search for {word!r} downloaded {first_search} bytes in {len(downloaded)} files")
    assert 0 < first_search < FIRST_SEARCH_BUDGET, f"first search downloaded {first_search} bytes"
    origin = urlsplit(search_box.base).netloc
    assert all(urlsplit(url).netloc == origin for url, _ in downloaded), "the search requested another site"
    assert not any("search_index.json" in url for url, _ in downloaded), "Material's one-file index was downloaded"


def test_a_facet_ranks_above_listings_and_its_checklist_is_not_a_second_result(
    any_site: tuple[str, Path], search_box: SearchBox
) -> None:
    data = open_data(any_site[1])
    for facet in data["facets"]:
        results = search_box.search(facet["title"])
        assert facet["url"] in results[:3], f"searching {facet['title']!r}: {results}"
        above = results[: results.index(facet["url"])]
        assert all(is_content_page(data, path) for path in above), f"a listing outranks the facet: {results}"
        assert not [path for path in results if path.endswith("/checklist/")]


def test_a_checklist_item_finds_its_facet_page_once(any_site: tuple[str, Path], search_box: SearchBox) -> None:
    facet = open_data(any_site[1])["facets"][0]
    item = facet["principles"][0]["checklist"][0]["text"]
    results = search_box.search(item)
    assert facet["url"] in results[:3], f"searching {item!r}"
    assert not [path for path in results if path.endswith("/checklist/")], results


def test_country_names_and_tags_are_searchable(any_site: tuple[str, Path], search_box: SearchBox) -> None:
    data = open_data(any_site[1])
    cases = data["case_studies"]
    tag_count = Counter(tag for case in cases for tag in case["tags"])
    tag = min(tag_count, key=lambda t: (tag_count[t], t))
    tagged = {case["url"] for case in cases if tag in case["tags"]}
    assert tagged & set(search_box.search(tag)), f"searching the tag {tag!r}"

    country_site = any_site[1] / "countries"
    country_page = sorted(p for p in country_site.iterdir() if (p / "index.html").is_file())[0]
    heading = re.search(r"<h1[^>]*>(.*?)<", (country_page / "index.html").read_text(encoding="utf-8"))
    assert heading
    name = heading.group(1).strip()
    results = search_box.search(name)
    assert f"countries/{country_page.name}/" in results[:3], f"searching {name!r}: {results}"


def test_the_search_works_from_the_keyboard(any_site: tuple[str, Path], search_box: SearchBox) -> None:
    word, case = distinctive_word(open_data(any_site[1]))
    page = search_box.page
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search the site"
    page.keyboard.type(word)
    page.locator(f'.md-search-result__link[href*="/{case["url"]}?"]').first.wait_for()
    page.keyboard.press("ArrowDown")
    assert search_box.site_url(page.evaluate("document.activeElement.href")) == case["url"]
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("/")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: search_box.site_url(url) == case["url"])
    # The opened page marks the searched word in its text.
    page.locator("article mark").first.wait_for()
    assert word.lower() in page.locator("article mark").first.inner_text().lower()


def test_the_search_opener_is_a_button_that_opens_the_search(any_site: tuple[str, Path], search_box: SearchBox) -> None:
    """On a narrow screen the field is hidden behind the header's search button: a real button, in the tab order."""
    page = search_box.page
    page.set_viewport_size({"width": 400, "height": 800})
    opener = page.get_by_role("button", name="Search", exact=True)
    assert opener.evaluate("node => node.tagName") == "BUTTON"
    assert opener.is_visible()
    focused = "button => button === document.activeElement"
    for _ in range(10):  # the skip link, the logo and the menu come first: the header's controls in page order
        page.keyboard.press("Tab")
        if opener.evaluate(focused):
            break
    assert opener.evaluate(focused), "Tab never reaches the search button"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Search the site"
    page.add_script_tag(path=str(AXE))
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_results_say_what_they_are_and_excerpts_come_from_the_text(
    any_site: tuple[str, Path], search_box: SearchBox
) -> None:
    """A case study's result names its kind, country and year; no excerpt quotes page furniture."""
    data = open_data(any_site[1])
    word, case = distinctive_word(data)
    search_box.search(word)
    first = search_box.page.locator(".md-search-result__item").first
    label = first.locator(".guidebook-search__kind").first.inner_text()
    assert label.lower() == f"case study · {country_name(case['country'])} · {case['year']}".lower(), label
    furniture = ["Similar case studies", "Sources", "Last reviewed", "Related facets", "See all"]
    for facet in data["facets"]:
        search_box.search(facet["title"])
        excerpts = search_box.page.locator(
            ".md-search-result__article p:not(.guidebook-search__kind)"
        ).all_inner_texts()
        assert excerpts and not [text for text in excerpts if any(words in text for words in furniture)], excerpts


def test_the_export_falls_back_to_materials_search(tmp_path: Path) -> None:
    """The export has no plugin to build the Pagefind index, so it keeps Material's own search."""
    result = CliRunner().invoke(guidebook_cli, ["export", str(tmp_path / "export"), "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "search" in config["plugins"]
