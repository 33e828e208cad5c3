"""A knowledge base larger than one listing page: paged listing, bounded lists, and filters across all pages.

Built from the small fixture with the benchmark's synthetic case studies (a little over
two listing pages), so the paged code path runs in every `make test`. Expected values
come from the model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bench import synthetic

from guidebook.model import KnowledgeBase, load_knowledge_base
from guidebook.render import urls
from guidebook.render.browser_index import CASE_STUDIES_PER_PAGE, LIST_LIMIT

from .conftest import SMALL_KB, build_or_fail
from .site_html import parse, resolve, targets
from .test_discovery import expected_count, html_file, section_targets

SIZE = 2 * CASE_STUDIES_PER_PAGE + CASE_STUDIES_PER_PAGE // 2
PAGE_BUDGET = 500 * 1024
"""Issue 8: no page may weigh more than this; the HTML alone must stay well below it."""


@pytest.fixture(scope="session")
def paged(tmp_path_factory: pytest.TempPathFactory) -> tuple[KnowledgeBase, Path]:
    root = tmp_path_factory.mktemp("paged")
    config_file = synthetic.generate(root / "kb", SIZE, template_root=SMALL_KB)
    return load_knowledge_base(config_file.parent), build_or_fail(config_file, root / "site")


def listing_pages(site: Path) -> list[str]:
    """The listing's HTML files, in order, found by following its "next" links from /case-studies/."""
    found = [html_file(urls.CASE_STUDY_INDEX)]
    while True:
        following = [link for link in parse(site / found[-1]).links if link.rel == "next"]
        if not following:
            return found
        found.append(resolve(found[-1], following[0].href)[0])


def test_the_listing_pages_link_to_each_other_and_together_list_every_case_study(
    paged: tuple[KnowledgeBase, Path],
) -> None:
    kb, site = paged
    pages = listing_pages(site)
    assert len(pages) == math.ceil(SIZE / CASE_STUDIES_PER_PAGE)
    for previous, page in zip(pages, pages[1:], strict=False):
        back = {resolve(page, link.href)[0] for link in parse(site / page).links if link.rel == "prev"}
        assert back == {previous}
    listed = [targets(site, page) for page in pages]
    every = {html_file(urls.case_study_page(case.id)) for case in kb.case_studies}
    assert set().union(*listed) >= every
    entries = [len(re.findall(r'<li class="gb-case"', (site / page).read_text(encoding="utf-8"))) for page in pages]
    assert sum(entries) == SIZE and max(entries) == CASE_STUDIES_PER_PAGE


def test_facet_principle_checklist_and_tag_lists_are_bounded_and_link_to_the_filtered_browser(
    paged: tuple[KnowledgeBase, Path],
) -> None:
    kb, site = paged
    cases = {html_file(urls.case_study_page(case.id)) for case in kb.case_studies}
    for facet in kb.facets:
        page = html_file(urls.facet_page(facet.id))
        listed = section_targets(site, page, "who-has-done-this") & cases
        assert len(listed) == min(LIST_LIMIT, len(kb.case_studies_of_facet[facet.id]))
        html = (site / page).read_text(encoding="utf-8")
        assert f'href="../../case-studies/?facet={facet.id}"' in html
        for principle in facet.principles:
            if len(kb.case_studies_of_principle[principle.id]) > LIST_LIMIT:
                assert f'href="../../case-studies/?principle={principle.id}"' in html
    weakest = (site / html_file(urls.CHECKLIST_INDEX)).read_text(encoding="utf-8")
    for facet in kb.facets:
        total = len(kb.case_studies_of_facet[facet.id])
        assert (f'href="../case-studies/?facet={facet.id}"' in weakest) == (total > LIST_LIMIT)
    listed_on_checklists = re.findall(r'href="\.\./case-studies/[^"?/]+/"', weakest)
    assert len(listed_on_checklists) <= LIST_LIMIT * len(kb.facets)
    for tag in kb.tags:
        listed = section_targets(site, html_file(urls.TAG_INDEX), f"tag:{tag}") & cases
        assert len(listed) == min(LIST_LIMIT, len(kb.case_studies_of_tag[tag]))
    for page in [html_file(urls.TAG_INDEX), html_file(urls.CHECKLIST_INDEX), *listing_pages(site)]:
        assert (site / page).stat().st_size < PAGE_BUDGET / 2, page


def shown(page: Any) -> int:
    return int(page.locator("li.gb-case:visible").count())


def wait_for_filtered_count(page: Any) -> None:
    """Wait until the browser has counted a filtered view over all SIZE case studies."""
    page.wait_for_function(
        f"(document.getElementById('gb-browser-count') || {{}}).textContent?.includes(' of {SIZE} ')"
    )


def status(page: Any) -> str:
    return str(page.locator("#gb-browser-count").inner_text())


def test_filters_count_across_every_page(
    paged: tuple[KnowledgeBase, Path], serve: Callable[[Path], str], page: Any
) -> None:
    kb, site = paged
    base = serve(site)
    page.goto(base + "case-studies/page/2/")
    page.wait_for_selector("#gb-browser:not([hidden])")
    assert shown(page) == CASE_STUDIES_PER_PAGE
    facet = max(kb.facets, key=lambda f: len(kb.case_studies_of_facet[f.id]))
    levels = [case.level for case in kb.case_studies_of_facet[facet.id]]
    level = max(set(levels), key=levels.count)
    form = page.locator("#gb-browser")
    form.locator("select[name=facet]").select_option(facet.id)
    form.locator("select[name=level]").select_option(level)
    expected = expected_count(kb, {"facet": facet.id, "level": level})
    assert CASE_STUDIES_PER_PAGE // 2 < expected < SIZE
    wait_for_filtered_count(page)
    assert f"Showing {expected} of {SIZE} case studies." == status(page)
    assert "facet=" in page.url and "level=" in page.url
    # The first results are shown; the rest come with "Show more", entry by entry from the model.
    page.wait_for_function("document.querySelectorAll('.gb-results li.gb-case').length > 0")
    while page.locator("button.gb-more").is_visible():
        before = page.locator(".gb-results li.gb-case").count()
        page.locator("button.gb-more").click()
        page.wait_for_function(f"document.querySelectorAll('.gb-results li.gb-case').length > {before}")
    page.wait_for_function(f"document.querySelectorAll('.gb-results li.gb-case').length === {expected}")
    titles = page.locator(".gb-results li.gb-case strong a").all_inner_texts()
    wanted = [c for c in kb.case_studies if facet.id in c.facets and c.level == level]
    assert titles == [c.title for c in wanted]
    page.locator(".gb-results li.gb-case strong a").first.click()
    page.wait_for_url(base + urls.site_url(urls.case_study_page(wanted[0].id)))


def test_see_all_links_and_sort_restore_the_filtered_view_across_pages(
    paged: tuple[KnowledgeBase, Path], serve: Callable[[Path], str], page: Any
) -> None:
    kb, site = paged
    base = serve(site)
    facet = kb.facets[0]
    page.goto(base + "facets/" + facet.id + "/")
    page.get_by_role("link", name=re.compile(r"^see all \d+ case studies on this facet$", re.I)).click()
    page.wait_for_url(re.compile(r"/case-studies/\?facet="))
    wait_for_filtered_count(page)
    assert status(page) == f"Showing {len(kb.case_studies_of_facet[facet.id])} of {SIZE} case studies."
    principle = max(kb.case_studies_of_principle, key=lambda p: len(kb.case_studies_of_principle[p]))
    page.goto(base + f"case-studies/?principle={principle}&sort=year")
    wait_for_filtered_count(page)
    assert status(page) == f"Showing {len(kb.case_studies_of_principle[principle])} of {SIZE} case studies."
    # The count comes first; the entries follow once their chunks are fetched.
    page.wait_for_function("document.querySelectorAll('.gb-results li.gb-case').length > 0")
    years = [int(y) for y in page.locator("li.gb-case:visible").evaluate_all("es => es.map(e => e.dataset.year)")]
    assert years and years == sorted(years, reverse=True)
    assert years[0] == max(c.year for c in kb.case_studies_of_principle[principle])
    page.locator("#gb-browser button[type=reset]").click()
    page.wait_for_function(f"document.querySelectorAll('li.gb-case:not([hidden])').length === {CASE_STUDIES_PER_PAGE}")
    assert status(page) == f"{SIZE} case studies. Page 1 of {math.ceil(SIZE / CASE_STUDIES_PER_PAGE)}."
    assert "?" not in page.url
