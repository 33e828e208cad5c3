"""Progress over time: dated snapshots kept in the browser, compared item by item, charted per facet with a table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from guidebook.model import KnowledgeBase

from .assessment_sites import answer, item_ids, open_checklist
from .site_pages import knowledge_base


@pytest.fixture
def site(any_site: tuple[str, Path], serve: Callable[[Path], str]) -> tuple[KnowledgeBase, str]:
    name, path = any_site
    return knowledge_base(name), serve(path)


def snapshot(page: Page, base: str, label: str) -> None:
    page.goto(f"{base}checklists/progress/")
    page.get_by_label("Name of the snapshot (optional)").fill(label)
    page.get_by_role("button", name="Save a snapshot of the current answers").click()
    expect(page.locator(".gb-progress-tool .gb-message")).to_contain_text(f"– {label}.")


def test_snapshots_compare_item_by_item_and_chart_each_facet(site: tuple[KnowledgeBase, str], page: Page) -> None:
    kb, base = site
    facet = next(f for f in kb.facets if len(item_ids(f)) >= 3)
    a, b, c = item_ids(facet)[:3]
    applicable = len(item_ids(facet))
    open_checklist(page, base, facet)
    answer(page, a, "Done")
    answer(page, c, "In progress")
    snapshot(page, base, "Baseline")
    open_checklist(page, base, facet)
    answer(page, b, "Done")
    answer(page, c, "Not started")
    snapshot(page, base, "Review")
    expect(page.locator(".gb-snapshot-summary")).to_have_text("2 snapshots are saved in this browser.")

    page.get_by_label("Earlier").select_option(
        label=page.locator("#compare-from option", has_text="Baseline").inner_text()
    )
    page.get_by_label("Later").select_option(label=page.locator("#compare-to option", has_text="Review").inner_text())
    page.get_by_role("button", name="Compare").click()
    comparison = page.locator(".gb-comparison")
    expect(comparison).to_contain_text("2 items changed between the snapshot of")
    expect(comparison).to_contain_text("1 moved forward, 1 moved back")
    expect(comparison.locator("tr", has_text=b)).to_contain_text("Not startedDoneMoved forward")
    expect(comparison.locator("tr", has_text=c)).to_contain_text("In progressNot startedMoved back")
    expect(comparison.locator("tr", has_text=a)).to_have_count(0)

    # The chart: every facet, every snapshot and now, each bar labelled with its figure; the table says the same.
    chart = page.locator(".gb-trend svg[role=img]")
    expect(chart).to_be_visible()
    for f in kb.facets:
        expect(chart).to_contain_text(f.title)
    first, second = round(100 / applicable), round(200 / applicable)
    row = page.locator(".gb-trend-table tr", has_text=facet.title)
    expect(row).to_contain_text(f"{first}%{second}%{second}%")
    headers = page.locator(".gb-trend-table thead th")
    expect(headers).to_have_count(4)
    expect(headers.nth(1)).to_contain_text("Baseline")
    expect(headers.nth(3)).to_have_text("Now")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove the snapshot of").first.click()
    expect(page.locator(".gb-snapshot-summary")).to_have_text("1 snapshot is saved in this browser.")
    page.reload()
    expect(page.locator(".gb-snapshots")).to_contain_text("Review")
    expect(page.locator(".gb-snapshots")).not_to_contain_text("Baseline")
