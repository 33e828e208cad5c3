"""Finding things: listings, the case study browser, the countries map, tags and the open data.

Build-level tests read the HTML and data files MkDocs wrote for both knowledge bases;
browser tests drive the case study browser and the map in headless Chromium. Expected
values always come from the model, never from the page under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jsonschema
import pytest

from guidebook.model import CaseStudy, KnowledgeBase, load_knowledge_base
from guidebook.render import urls
from guidebook.render.world_map import WIDTH, find_atlas, load_shapes

from .conftest import ROOT, SMALL_KB
from .site_html import is_internal, resolve, targets

LinkPattern = re.compile(r'<a [^>]*href="([^"]+)"')


def knowledge_base(name: str) -> KnowledgeBase:
    return load_knowledge_base(ROOT if name == "ddps" else SMALL_KB)


def html_file(page_path: str) -> str:
    """The HTML file MkDocs writes for a docs-relative Markdown page."""
    return urls.site_url(page_path) + "index.html"


def section_targets(site: Path, page: str, anchor: str) -> set[str]:
    """Files linked between the heading with id `anchor` and the next heading of the same or a higher level."""
    html = (site / page).read_text(encoding="utf-8")
    found = re.search(rf'<h([1-6]) id="{re.escape(anchor)}"', html)
    assert found, f"{page} has no heading #{anchor}"
    level = int(found.group(1))
    end = re.compile(rf"<h[1-{level}][ >]").search(html, found.end())
    section = html[found.end() : end.start() if end else len(html)]
    return {resolve(page, href)[0] for href in LinkPattern.findall(section) if is_internal(href)}


# -- Every case study appears in every listing it belongs to ---------------------------------------------------


def test_every_case_study_is_listed_by_its_facets_principles_country_and_tags(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    missing = []
    for case in kb.case_studies:
        page = html_file(urls.case_study_page(case.id))
        listings = [html_file(urls.facet_page(f)) for f in case.facets]
        # An international case study filed under no country is listed with the international ones.
        place = urls.country_page(case.country) if case.country else urls.COUNTRY_INDEX
        listings += [html_file(place), html_file(urls.CASE_STUDY_INDEX)]
        missing += [(case.id, listing) for listing in listings if page not in targets(site, listing)]
        for principle in case.principles:
            facet_page = html_file(urls.facet_page(kb.facet_of_principle[principle].id))
            if page not in section_targets(site, facet_page, urls.anchor(principle)):
                missing.append((case.id, f"{facet_page}#{urls.anchor(principle)}"))
        for tag in case.tags:
            if page not in section_targets(site, html_file(urls.TAG_INDEX), f"tag:{tag}"):
                missing.append((case.id, f"tags#{tag}"))
    assert missing == []


def test_case_study_pages_show_their_tags_linked_to_the_tag_index(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    for case in knowledge_base(name).case_studies:
        html = (site / html_file(urls.case_study_page(case.id))).read_text(encoding="utf-8")
        shown = re.findall(r'<a href="[^"]*tags/#tag:([^"]+)" class="md-tag">', html)
        assert sorted(shown) == sorted(case.tags)


def test_country_pages_list_the_facets_their_case_studies_cover(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    for country in kb.countries:
        covered = {facet for case in kb.case_studies_of_country[country.code] for facet in case.facets}
        linked = targets(site, html_file(urls.country_page(country.code)))
        assert {html_file(urls.facet_page(f)) for f in covered} <= linked


def test_similar_case_studies_share_a_facet_or_tag(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    for case in kb.case_studies:
        expected = kb.related_case_studies(case)
        listed = (
            section_targets(site, html_file(urls.case_study_page(case.id)), "similar-case-studies")
            if expected
            else set()
        )
        assert listed == {html_file(urls.case_study_page(other.id)) for other in expected}
        assert all(set(case.facets) & set(o.facets) or set(case.tags) & set(o.tags) for o in expected)


# -- Open data ---------------------------------------------------------------------------------------------------


def test_knowledge_base_json_validates_against_its_published_schema(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    schema = json.loads((site / "data/schemas/knowledge-base.schema.json").read_text(encoding="utf-8"))
    data = json.loads((site / "data/knowledge-base.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    kb = knowledge_base(name)
    assert [c["id"] for c in data["case_studies"]] == [c.id for c in kb.case_studies]
    assert all((site / c["url"] / "index.html").is_file() for c in data["case_studies"] + data["facets"])


def test_the_schema_rejects_what_the_model_rejects(ddps_site: Path) -> None:
    schema = json.loads((ddps_site / "data/schemas/knowledge-base.schema.json").read_text(encoding="utf-8"))
    data = json.loads((ddps_site / "data/knowledge-base.json").read_text(encoding="utf-8"))
    data["case_studies"][0]["country"] = "Norway"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(data)


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    raw.decode("utf-8")  # strict: any non-UTF-8 byte fails here
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def case_study_row(kb: KnowledgeBase, case: CaseStudy) -> dict[str, str]:
    return {
        "id": case.id,
        "title": case.title,
        "country": case.country or "",
        "country_name": kb.place(case),
        "level": case.level,
        "year": str(case.year),
        "organisation": case.organisation,
        "summary": case.summary,
        "facets": ";".join(case.facets),
        "principles": ";".join(case.principles),
        "tags": ";".join(case.tags),
        "sources": " ".join(s.url for s in case.sources),
        "last_reviewed": case.last_reviewed.isoformat(),
        "url": urls.site_url(urls.case_study_page(case.id)),
    }


def test_case_studies_csv_round_trips_to_the_model(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    assert read_csv(site / "data/case-studies.csv") == [case_study_row(kb, c) for c in kb.case_studies]


def test_checklists_csv_has_one_row_per_item(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    rows = read_csv(site / "data/checklists.csv")
    expected = [
        (facet.pillar, facet.id, principle.id, principle.title, item.id, item.text)
        for facet in kb.facets
        for principle in facet.principles
        for item in principle.checklist
    ]
    assert [
        (r["pillar"], r["facet"], r["principle"], r["principle_title"], r["item"], r["text"]) for r in rows
    ] == expected


def test_data_page_states_the_licence_and_links_every_file(any_site: tuple[str, Path]) -> None:
    _, site = any_site
    page = html_file(urls.DATA_INDEX)
    html = (site / page).read_text(encoding="utf-8")
    assert "CC BY 4.0" in html
    files = ["knowledge-base.json", "case-studies.csv", "checklists.csv", "schemas/knowledge-base.schema.json"]
    assert {f"data/{f}" for f in files} <= targets(site, page)


# -- The countries map -------------------------------------------------------------------------------------------


def test_map_links_every_mapped_country_and_lists_the_rest(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    html = (site / html_file(urls.COUNTRY_INDEX)).read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"gb-map\".*?</svg>", html, re.DOTALL)
    assert svg, "the countries page has no map"
    assert "<title" in svg.group(0) and "<desc" in svg.group(0)
    on_map = set(re.findall(r'data-country="([A-Z]{2})"', svg.group(0)))
    assert on_map, "no country is linked from the map"
    after_map = html[svg.end() :]
    for country in kb.countries:
        page = html_file(urls.country_page(country.code))
        if country.code in on_map:
            assert f'href="{country.slug}/"' in svg.group(0)
        elif country.is_region:
            # Regions (the EU) are listed with the international case studies, after the table.
            assert f'href="{country.slug}/"' in after_map.split("</table>")[1], page
        else:
            # Countries without a shape (small states) are listed beside the map.
            assert f'href="{country.slug}/"' in after_map.split("<table")[0], page


# -- In the browser ----------------------------------------------------------------------------------------------


def expected_count(kb: KnowledgeBase, filters: dict[str, str]) -> int:
    def keep(case: CaseStudy) -> bool:
        pillars = {p.id for p in kb.pillars_of_case_study(case)}
        return (
            (not filters.get("pillar") or filters["pillar"] in pillars)
            and (not filters.get("facet") or filters["facet"] in case.facets)
            and (not filters.get("country") or filters["country"] == case.country)
            and (not filters.get("level") or filters["level"] == case.level)
            and (not filters.get("tag") or filters["tag"] in case.tags)
            and (not filters.get("from") or case.year >= int(filters["from"]))
            and (not filters.get("to") or case.year <= int(filters["to"]))
        )

    return sum(1 for case in kb.case_studies if keep(case))


def combined_filters(kb: KnowledgeBase) -> dict[str, str]:
    """Filters from the model that match some but not all case studies: facet, level and a year range."""
    case = max(kb.case_studies, key=lambda c: len(kb.case_studies_of_facet[c.facets[0]]))
    years = sorted(c.year for c in kb.case_studies)
    return {
        "pillar": kb.facet[case.facets[0]].pillar,
        "facet": case.facets[0],
        "level": case.level,
        "from": str(years[0]),
        "to": str(case.year),
    }


def visible_entries(page: Any) -> int:
    return int(page.locator("li.gb-case:visible").count())


def open_index(page: Any, base: str, query: str = "") -> None:
    page.goto(base + "case-studies/" + (f"?{query}" if query else ""))
    page.wait_for_selector("#gb-browser:not([hidden])")


def test_combined_filters_give_the_count_of_the_model(
    any_site: tuple[str, Path], serve: Callable[[Path], str], page: Any
) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    filters = combined_filters(kb)
    open_index(page, serve(site))
    assert visible_entries(page) == len(kb.case_studies)
    form = page.locator("#gb-browser")
    for field in ("pillar", "facet", "level"):
        form.locator(f"select[name={field}]").select_option(filters[field])
    form.locator("input[name=from]").fill(filters["from"])
    form.locator("input[name=to]").fill(filters["to"])
    expected = expected_count(kb, filters)
    assert 0 < expected
    assert visible_entries(page) == expected
    status = page.locator("#gb-browser-count")
    assert status.get_attribute("aria-live") == "polite"
    assert f" {expected} of {len(kb.case_studies)} " in f" {status.inner_text()} "
    # The URL holds the filters, so the view can be shared.
    assert dict(re.findall(r"(\w+)=([^&]+)", page.url.split("?", 1)[1])) == filters


def test_the_url_restores_filters_and_sort(any_site: tuple[str, Path], serve: Callable[[Path], str], page: Any) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    case = [case for case in kb.case_studies if case.country][-1]
    filters = {"country": case.country, "tag": case.tags[0] if case.tags else "", "sort": "year"}
    filters = {k: v for k, v in filters.items() if v}
    open_index(page, serve(site), urlencode(filters))
    form = page.locator("#gb-browser")
    assert form.locator("select[name=country]").input_value() == case.country
    assert form.locator("select[name=sort]").input_value() == "year"
    assert visible_entries(page) == expected_count(kb, filters)
    years = [int(y) for y in page.locator("li.gb-case:visible").evaluate_all("es => es.map(e => e.dataset.year)")]
    assert years == sorted(years, reverse=True)
    form.locator("button[type=reset]").click()
    page.wait_for_function(f"document.querySelectorAll('li.gb-case:not([hidden])').length === {len(kb.case_studies)}")
    assert "?" not in page.url


def test_without_javascript_the_full_list_is_shown(ddps_site: Path, serve: Callable[[Path], str], browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(serve(ddps_site) + "case-studies/?facet=ethics")
        assert page.locator("li.gb-case:visible").count() == len(knowledge_base("ddps").case_studies)
        assert not page.locator("#gb-browser").is_visible()
    finally:
        context.close()


def test_the_map_links_to_country_pages(any_site: tuple[str, Path], serve: Callable[[Path], str], page: Any) -> None:
    name, site = any_site
    kb = knowledge_base(name)
    page.goto(serve(site) + "countries/")
    links = page.locator("svg.gb-map a.gb-map__country")
    assert links.count() > 0
    first = links.first
    code = first.get_attribute("data-country")
    # Keyboard: the country links are in the tab order and open like any link.
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/countries/{code.lower()}/")
    assert page.locator("h1").inner_text().removesuffix("¶").strip() == kb.country(code).name


def test_map_shapes_that_cross_the_180th_meridian_are_drawn_without_a_line_across_the_map() -> None:
    for shape in load_shapes(find_atlas()):
        for ring in shape.rings:
            jumps = [abs(a[0] - b[0]) for a, b in zip(ring, ring[1:], strict=False)]
            assert max(jumps, default=0) < WIDTH / 2, shape.numeric
