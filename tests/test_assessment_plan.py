"""The action plan: owner, date, next step and priority for each item not done; filtered, sorted, overdue items
flagged; its CSV and Markdown exports import back, and it prints on A4 without the site's chrome."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from guidebook.model import KnowledgeBase

from .assessment_sites import answer, download, item_ids, open_checklist, upload
from .site_pages import knowledge_base
from .test_checklists import pdf_text

PLAN_COLUMNS = ["item", "owner", "target date", "next step", "priority"]


@pytest.fixture
def site(any_site: tuple[str, Path], serve: Callable[[Path], str]) -> tuple[KnowledgeBase, str]:
    name, path = any_site
    return knowledge_base(name), serve(path)


def plan_row(page: Page, item_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f'.gb-plan-table tr[data-item="{item_id}"]')


def plan_of(csv_bytes: bytes) -> dict[str, tuple[str, ...]]:
    rows = csv.DictReader(io.StringIO(csv_bytes.decode("utf-8-sig")))
    return {r["item"]: tuple(r[c] for c in PLAN_COLUMNS) for r in rows if r["owner"] or r["priority"]}


def test_plan_filters_flags_overdue_and_round_trips(
    site: tuple[KnowledgeBase, str], page: Page, browser: Browser
) -> None:
    kb, base = site
    facet = next(f for f in kb.facets if len(item_ids(f)) >= 3)
    done, late, later = item_ids(facet)[:3]
    open_checklist(page, base, facet)
    answer(page, done, "Done")
    answer(page, late, "In progress")
    page.goto(f"{base}checklists/action-plan/")
    expect(page.locator(".gb-plan .gb-toolbar").first).to_be_visible()
    total = sum(len(item_ids(f)) for f in kb.facets)
    expect(page.locator(".gb-plan-summary")).to_contain_text(f"{total - 1} items are not done")
    expect(plan_row(page, done)).to_have_count(0)
    expect(plan_row(page, late).locator("td").first).to_have_text("In progress")

    page.get_by_label(f"Owner of {late}").fill("Anna =lead")
    page.get_by_label(f"Target date of {late}").fill("2020-01-15")
    page.get_by_label(f"Next step of {late}").fill("Draft the register | share it")
    page.get_by_label(f"Priority of {late}").select_option("high")
    page.get_by_label(f"Owner of {later}").fill("Ben")
    page.get_by_label(f"Target date of {later}").fill("2999-12-31")
    page.get_by_label(f"Priority of {later}").select_option("low")
    expect(plan_row(page, late)).to_contain_text("Overdue")
    expect(plan_row(page, later)).not_to_contain_text("Overdue")

    page.get_by_label("Only overdue items").check()
    expect(page.locator(".gb-plan-table tbody tr")).to_have_count(1)
    expect(plan_row(page, late)).to_be_visible()
    page.get_by_label("Only overdue items").uncheck()
    page.get_by_label("Priority", exact=True).select_option("low")
    expect(page.locator(".gb-plan-table tbody tr")).to_have_count(1)
    expect(plan_row(page, later)).to_be_visible()
    page.get_by_label("Priority", exact=True).select_option("")
    page.get_by_label("Owner contains").fill("ben")
    expect(page.locator(".gb-plan-table tbody tr")).to_have_count(1)
    page.get_by_label("Owner contains").fill("")
    page.get_by_label("Sort by").select_option("priority")
    expect(page.locator(".gb-plan-table tbody tr").first).to_have_attribute("data-item", late)
    page.reload()
    expect(page.get_by_label(f"Owner of {late}")).to_have_value("Anna =lead")

    exported = download(page, "Export the plan (CSV)").read_bytes()
    expected = {
        late: (late, "Anna =lead", "2020-01-15", "Draft the register | share it", "High"),
        later: (later, "Ben", "2999-12-31", "", "Low"),
    }
    assert plan_of(exported) == expected
    assert b"'=lead" not in exported  # the formula guard applies to a cell's start only
    markdown = download(page, "Export the plan (Markdown)").read_text(encoding="utf-8")
    assert "| " + " | ".join(["facet", "item", "text"]) in markdown
    assert "Draft the register \\| share it" in markdown and "| yes |" in markdown

    # Each export, imported in a fresh browser, gives the same plan back.
    for name, content in (("plan.csv", exported), ("plan.md", markdown.encode())):
        other = browser.new_context().new_page()
        other.goto(f"{base}checklists/action-plan/")
        expect(other.locator(".gb-plan .gb-toolbar").first).to_be_visible()
        other.locator(".gb-plan input[type=file][data-action=import]").set_input_files(upload(name, content))
        # Reading the file and redrawing a long plan can take a while on a busy machine: wait up to 30 s.
        expect(other.locator(".gb-plan .gb-message")).to_contain_text(
            f"Imported the plan for 2 items from {name}", timeout=30_000
        )
        assert plan_of(download(other, "Export the plan (CSV)").read_bytes()) == expected
        other.context.close()

    # The printable plan: A4, every open item, no site chrome.
    pages, text = pdf_text(page.pdf(format="A4"))
    assert late in text and "Overdue" in text and "Printed on" in text
    for chrome in ("Export the plan", "Skip to content", "Made with", "Back to all checklists"):
        assert chrome not in text, f"'{chrome}' is printed"


def test_without_javascript_the_plan_is_a_blank_form_for_every_item(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    html = (site / "checklists" / "action-plan" / "index.html").read_text(encoding="utf-8")
    for facet in knowledge_base(name).facets:
        for item_id in item_ids(facet):
            assert f'<tr data-item="{item_id}"' in html
