"""Checklists as a team uses them: in the browser (saved answers, export/import, reset, keyboard, print)
and as the PDFs built with the site. Every test picks facets and items from the knowledge base, never by name."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from guidebook.model import KnowledgeBase
from guidebook.model.schema import Facet

from .site_pages import knowledge_base

STATE_PREFIX = "guidebook-checklist:"


def item_ids(facet: Facet) -> list[str]:
    return [item.id for principle in facet.principles for item in principle.checklist]


def item(page: Page, item_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f'fieldset[data-item="{item_id}"]')


def open_checklist(page: Page, base: str, facet: Facet) -> None:
    page.goto(f"{base}facets/{facet.id}/checklist/")
    expect(page.locator(".gb-toolbar")).to_be_visible()


def saved_state(page: Page) -> dict[str, object]:
    """Everything the checklists saved in this browser profile."""
    found: dict[str, object] = page.evaluate(
        "p => Object.fromEntries(Object.keys(localStorage).filter(k => k.startsWith(p))"
        ".map(k => [k, JSON.parse(localStorage.getItem(k))]))",
        STATE_PREFIX,
    )
    return found


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def site(gated_site: tuple[str, Path], serve: Callable[[Path], str]) -> tuple[KnowledgeBase, str]:
    name, path = gated_site
    return knowledge_base(name), serve(path)


def test_answers_survive_a_reload_and_removed_items_stay_visible(site: tuple[KnowledgeBase, str], page: Page) -> None:
    kb, base = site
    facet = kb.facets[0]
    first, last = item_ids(facet)[0], item_ids(facet)[-1]
    open_checklist(page, base, facet)
    item(page, first).get_by_label("Done").check()
    item(page, first).get_by_label(f"Note on {first}").fill("Owner: the data office & legal.")
    item(page, last).get_by_label("Not applicable").check()
    page.reload()
    expect(item(page, first).get_by_label("Done")).to_be_checked()
    expect(item(page, first).get_by_label(f"Note on {first}")).to_have_value("Owner: the data office & legal.")
    expect(item(page, last).get_by_label("Not applicable")).to_be_checked()
    applicable = len(item_ids(facet)) - 1
    expect(page.locator(".gb-progress--facet")).to_contain_text(f"1 of {applicable} applicable items done")

    # The checklist changes: an answered item is removed. Its answer stays, marked as such.
    [(key, state)] = saved_state(page).items()
    state["items"]["ZZ9.9"] = {"status": "in-progress", "note": "Asked the auditors."}  # type: ignore[index]
    page.evaluate("([k, v]) => localStorage.setItem(k, JSON.stringify(v))", [key, state])
    page.reload()
    orphans = page.locator(".gb-orphans")
    expect(orphans).to_be_visible()
    expect(orphans).to_contain_text("ZZ9.9")
    expect(orphans).to_contain_text("no longer in this checklist")
    expect(orphans).to_contain_text("Asked the auditors.")
    expect(item(page, first).get_by_label("Done")).to_be_checked()


def test_export_then_import_on_a_fresh_profile(
    small_site: Path, serve: Callable[[Path], str], browser: Browser
) -> None:
    kb, base = knowledge_base("small"), serve(small_site)
    facet = kb.facets[0]
    first, second = item_ids(facet)[:2]
    colleague, me = browser.new_context(), browser.new_context()
    try:
        page = me.new_page()
        open_checklist(page, base, facet)
        item(page, first).get_by_label("In progress").check()
        item(page, second).get_by_label(f"Note on {second}").fill('=SUM(A1), ask "Anna"')
        with page.expect_download() as exported:
            page.get_by_role("button", name="Export answers (JSON)").click()
        export = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
        with page.expect_download() as spreadsheet:
            page.get_by_role("button", name="Export for a spreadsheet (CSV)").click()
        csv_text = Path(spreadsheet.value.path()).read_text(encoding="utf-8-sig")
        assert first in csv_text and "'=SUM(A1)" in csv_text and '""Anna""' in csv_text

        # A colleague imports it, plus entries this site cannot use.
        export["facets"][facet.id]["items"][item_ids(facet)[-1]] = {"status": "finished"}
        export["facets"]["no-such-facet"] = {"items": {"X1.1": {"status": "done"}}}
        other = colleague.new_page()
        open_checklist(other, base, facet)
        other.locator("input[type=file][data-action=import]").set_input_files(
            {"name": "answers.json", "mimeType": "application/json", "buffer": json.dumps(export).encode()}
        )
        message = other.locator(".gb-checklist .gb-message")
        expect(message).to_contain_text("Imported 2 answers")
        expect(message).to_contain_text("unknown status “finished”")
        expect(message).to_contain_text("no-such-facet")
        expect(item(other, first).get_by_label("In progress")).to_be_checked()
        expect(item(other, second).get_by_label(f"Note on {second}")).to_have_value('=SUM(A1), ask "Anna"')

        other.locator("input[type=file][data-action=import]").set_input_files(
            {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not json"}
        )
        expect(message).to_contain_text("not valid JSON, so nothing was imported")
    finally:
        me.close()
        colleague.close()


def test_reset_asks_first(small_site: Path, serve: Callable[[Path], str], page: Page) -> None:
    facet = knowledge_base("small").facets[0]
    first = item_ids(facet)[0]
    open_checklist(page, serve(small_site), facet)
    item(page, first).get_by_label("Done").check()
    questions: list[str] = []

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Reset all answers").click()
    expect(page.locator(".gb-checklist .gb-message")).to_have_text("Nothing was reset.")
    expect(item(page, first).get_by_label("Done")).to_be_checked()

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Reset all answers").click()
    expect(item(page, first).get_by_label("Not started")).to_be_checked()
    assert len(questions) == 2 and "Reset all 1 saved answers" in questions[0]
    page.reload()
    expect(item(page, first).get_by_label("Not started")).to_be_checked()
    assert saved_state(page) == {}


def test_keyboard_alone_completes_an_item(small_site: Path, serve: Callable[[Path], str], page: Page) -> None:
    facet = knowledge_base("small").facets[0]
    first = item_ids(facet)[0]
    open_checklist(page, serve(small_site), facet)
    radio_name = item(page, first).locator("input[type=radio]").first.get_attribute("name")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == radio_name:
            break
    else:
        pytest.fail(f"Tab never reached the status of {first}")
    page.keyboard.press("ArrowRight")  # in progress
    page.keyboard.press("ArrowRight")  # done
    page.keyboard.press("Tab")
    page.keyboard.type("Done by the caretaker.")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused note has no visible focus outline"
    page.reload()
    expect(item(page, first).get_by_label("Done")).to_be_checked()
    expect(item(page, first).locator("textarea")).to_have_value("Done by the caretaker.")


def test_printing_a_checklist_fits_two_a4_pages_without_chrome(site: tuple[KnowledgeBase, str], page: Page) -> None:
    kb, base = site
    for number, facet in enumerate(kb.facets):
        open_checklist(page, base, facet)
        if number == 0:
            first = item_ids(facet)[0]
            item(page, first).get_by_label("Done").check()
            item(page, first).get_by_label(f"Note on {first}").fill("Printed note for the workshop")
        pages, text = pdf_text(page.pdf(format="A4"))
        assert pages <= 2, f"{facet.id}: {pages} A4 pages"
        missing = [i for i in item_ids(facet) if i not in text]
        assert missing == [], f"{facet.id}: item IDs missing on paper"
        assert kb.pillar[facet.pillar].title in text and "Page 1 of" in text and "Printed on" in text
        for chrome in ("Skip to content", "Table of contents", "Made with", "Export answers", "Read the guidance"):
            assert chrome not in text, f"{facet.id}: '{chrome}' is printed"
        if number == 0:
            assert "Printed note for the workshop" in text


def test_overview_charts_saved_answers_and_shows_the_weakest_facets(
    site: tuple[KnowledgeBase, str], page: Page
) -> None:
    kb, base = site
    strongest = kb.facets[0]
    open_checklist(page, base, strongest)
    for item_id in item_ids(strongest):
        item(page, item_id).get_by_label("Done").check()
    page.goto(f"{base}checklists/")
    chart = page.locator(".gb-chart svg[role=img]")
    expect(chart).to_be_visible()
    expect(chart.locator(f'g[data-facet="{strongest.id}"]')).to_contain_text("100%")
    for pillar in kb.pillars:
        expect(chart).to_contain_text(pillar.title)
    done = len(item_ids(strongest))
    expect(page.locator(f'.gb-cell[data-facet="{strongest.id}"]')).to_have_text(
        f"{done} of {done} applicable items done (100%)."
    )
    with page.expect_download() as report:
        page.get_by_role("button", name="Export all answers (CSV)").click()
    rows = Path(report.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + sum(len(item_ids(f)) for f in kb.facets)
    first = strongest.principles[0].checklist[0]
    assert any(first.id in row and '"Done"' in row and first.text.replace('"', '""') in row for row in rows)
    weakest = page.locator(".gb-weak[data-facet]:visible")
    expect(weakest).to_have_count(min(3, len(kb.facets)))
    if len(kb.facets) > 3:
        expect(page.locator(f'.gb-weak[data-facet="{strongest.id}"]')).to_be_hidden()
    weak = kb.facet[weakest.first.get_attribute("data-facet") or ""]
    for case in kb.case_studies_of_facet[weak.id]:
        expect(weakest.first.locator("xpath=following-sibling::ul[1]")).to_contain_text(case.title)


def test_built_pdfs_hold_every_item_and_are_linked(any_site: tuple[str, Path]) -> None:
    name, site_dir = any_site
    kb = knowledge_base(name)
    for facet in kb.facets:
        pages, text = pdf_text((site_dir / "facets" / facet.id / "checklist.pdf").read_bytes())
        assert pages <= 2, f"{facet.id}.pdf has {pages} pages"
        assert [i for i in item_ids(facet) if i not in text] == []
        assert facet.title in text and kb.pillar[facet.pillar].title in text
        page_html = (site_dir / "facets" / facet.id / "checklist" / "index.html").read_text(encoding="utf-8")
        assert 'href="../checklist.pdf"' in page_html
        # Without JavaScript the page is a complete checklist: every item, its text and labelled controls.
        for principle in facet.principles:
            for entry in principle.checklist:
                assert re.search(rf'data-item="{re.escape(entry.id)}"', page_html)
                assert f'<label for="note-{entry.id.lower().replace(".", "-")}">' in page_html
    pages, text = pdf_text((site_dir / "checklists" / "all-checklists.pdf").read_bytes())
    assert [i for f in kb.facets for i in item_ids(f) if i not in text] == []
    assert pages <= 2 * len(kb.facets)
    overview = (site_dir / "checklists" / "index.html").read_text(encoding="utf-8")
    assert 'href="all-checklists.pdf"' in overview
    assert all(f'href="../facets/{f.id}/checklist.pdf"' in overview for f in kb.facets)
