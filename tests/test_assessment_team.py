"""Team merge on /checklists/: three members' conflicting exports side by side, settled, exported, imported back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from guidebook.model import KnowledgeBase

from .assessment_sites import download, item, item_ids, member_files, open_checklist, upload
from .site_pages import knowledge_base


@pytest.fixture
def site(any_site: tuple[str, Path], serve: Callable[[Path], str]) -> tuple[KnowledgeBase, str]:
    name, path = any_site
    return knowledge_base(name), serve(path)


def test_three_members_merge_settle_export_and_import_back(
    site: tuple[KnowledgeBase, str], page: Page, browser: Browser
) -> None:
    kb, base = site
    files, (facet_id, a, b, c) = member_files(kb)
    page.goto(f"{base}checklists/")
    team = page.locator(".gb-team")
    expect(team).to_be_visible()
    team.locator("input[type=file][multiple]").set_input_files(files)
    expect(team.locator(".gb-message")).to_contain_text("Merged the answers of 3 members: anna, ben, chloe")
    expect(team.locator(".gb-message")).to_contain_text("2 items need the team to settle them")

    rows = team.locator(f'.gb-team-facet[data-facet="{facet_id}"] tr[data-item]')
    expect(rows.and_(page.locator(f'[data-item="{a}"]'))).to_have_class("gb-agree")
    disputed = team.locator(f'tr[data-item="{b}"]')
    expect(disputed).to_have_class("gb-disagree")
    expect(disputed).to_contain_text("Members disagree")
    expect(disputed.locator('td[data-member="anna"]')).to_have_text("In progress")
    expect(disputed.locator('td[data-member="ben"]')).to_contain_text("Ben: finished, see minutes.")
    expect(disputed.locator('td[data-member="chloe"]')).to_contain_text("Not applicable=not for us")
    expect(team.locator(f'tr[data-item="{c}"] td[data-member="chloe"]')).to_have_text("Not started")
    total = len(item_ids(kb.facet[facet_id]))
    summary = team.locator(f'.gb-team-summary tr[data-facet="{facet_id}"]')
    expect(summary).to_contain_text(f"{total - 2} ({round(100 * (total - 2) / total)}%)")

    # Only the disagreements, then the team settles them (by keyboard for the first).
    team.get_by_label("Show only the items where members disagree").check()
    expect(team.locator(f'tr[data-item="{a}"]')).to_be_hidden()
    settle_b = team.get_by_label(f"Settled status of {b}", exact=True)
    settle_b.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # To settle -> Not started -> In progress -> Done
    expect(settle_b).to_have_value("done")
    team.get_by_label(f"Settled note on {b}", exact=True).fill("Agreed: done, minutes of 3 June.")
    team.get_by_label(f"Settled status of {c}", exact=True).select_option("in-progress")
    expect(team.locator(".gb-team-open")).to_have_text("0 items still to settle.")

    settled = json.loads(download(page, "Export the settled assessment (JSON)").read_text(encoding="utf-8"))
    assert settled["kb_version"] == kb.checklist_version
    items = settled["facets"][facet_id]["items"]
    assert items[a] == {**items[a], "status": "done", "note": "anna: Signed off in May."}
    assert items[b]["status"] == "done" and items[b]["note"] == "Agreed: done, minutes of 3 June."
    assert items[c]["status"] == "in-progress"
    spreadsheet = download(page, "Export the settled assessment (CSV)").read_bytes()
    table = list(csv.DictReader(io.StringIO(spreadsheet.decode("utf-8-sig"))))
    assert {r["item"]: r["status"] for r in table if r["facet"] == facet_id} == {
        a: "Done",
        b: "Done",
        c: "In progress",
        **{i: "Not started" for i in item_ids(kb.facet[facet_id])[3:]},
    }

    # The settled assessment becomes this browser's answers; the overview above follows.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Use the settled assessment as my answers").click()
    expect(page.locator(f'.gb-cell[data-facet="{facet_id}"]')).to_contain_text(
        f"2 of {total} applicable items done", use_inner_text=True
    )

    # Both files import back like any other export, on another member's browser.
    for name, content in (("settled.json", json.dumps(settled).encode()), ("settled.csv", spreadsheet)):
        other = browser.new_context().new_page()
        open_checklist(other, base, kb.facet[facet_id])
        other.locator(".gb-checklist input[type=file][data-action=import]").set_input_files(upload(name, content))
        expect(other.locator(".gb-checklist .gb-message")).to_contain_text("Imported 3 answers")
        expect(item(other, b).get_by_label("Done", exact=True)).to_be_checked()
        expect(item(other, b).get_by_label(f"Note on {b}")).to_have_value("Agreed: done, minutes of 3 June.")
        expect(item(other, c).get_by_label("In progress")).to_be_checked()
        other.context.close()


def test_one_file_is_not_a_team(site: tuple[KnowledgeBase, str], page: Page) -> None:
    kb, base = site
    files, _ = member_files(kb)
    page.goto(f"{base}checklists/")
    page.locator(".gb-team input[type=file]").set_input_files([files[0], upload("notes.json", b"not json")])
    message = page.locator(".gb-team .gb-message")
    expect(message).to_contain_text("Choose the exports of at least two members (you chose 1 usable file)")
    expect(message).to_contain_text("notes.json: This file is not valid JSON")
