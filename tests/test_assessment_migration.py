"""Saved answers survive a new release of the checklists: a reader's answers, then the next build at the same address.

Kept items keep their answers, reworded ones keep them with a mark, removed ones are listed with their
answers, new ones are marked new; exports carry the version, and an older export migrates on import.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .assessment_sites import NextRelease, SwappableSite, answer, build_next_release, item, open_checklist
from .site_pages import kb_root, knowledge_base
from .test_accessibility import AXE, axe_violations, describe


@pytest.fixture
def releases(
    any_site: tuple[str, Path], serve: Callable[[Path], str], tmp_path: Path
) -> tuple[NextRelease, Path, Path, SwappableSite]:
    """The shipped build of a knowledge base, the build of its next release, and one address to serve them."""
    name, site = any_site
    release, newer = build_next_release(knowledge_base(name), kb_root(name), tmp_path)
    return release, site, newer, SwappableSite(tmp_path / "www", serve)


def test_answers_migrate_to_the_next_release(
    releases: tuple[NextRelease, Path, Path, SwappableSite], browser: Browser
) -> None:
    release, older, newer, www = releases
    facet, version = release.facet, release.version
    context = browser.new_context()
    context.add_init_script(path=AXE)
    page: Page = context.new_page()
    try:
        www.publish(older)
        open_checklist(page, www.base, facet)
        answer(page, release.kept, "Done", "Kept as it was.")
        answer(page, release.reworded, "In progress", "Half way there.")
        answer(page, release.removed, "Done", "Finished in spring.")
        with page.expect_download() as exported:
            page.get_by_role("button", name="Export answers (JSON)").click()
        export = json.loads(Path(exported.value.path()).read_text(encoding="utf-8"))
        assert export["kb_version"] == version - 1

        www.publish(newer)
        page.reload()
        notice = page.locator(".gb-changes")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text(f"3 items changed since you last saved (now version {version})")
        expect(item(page, release.kept).get_by_label("Done", exact=True)).to_be_checked()
        expect(item(page, release.kept).locator(".gb-change")).to_have_count(0)
        expect(item(page, release.reworded).get_by_label("In progress")).to_be_checked()
        expect(item(page, release.reworded).get_by_label(f"Note on {release.reworded}")).to_have_value(
            "Half way there."
        )
        expect(item(page, release.reworded).locator("legend")).to_contain_text(
            f"Reworded since you answered (version {version})"
        )
        expect(item(page, release.added).locator("legend")).to_contain_text(f"New in version {version}")
        expect(item(page, release.removed)).to_have_count(0)
        gone = page.locator(".gb-orphans")
        expect(gone).to_be_visible()
        expect(gone).to_contain_text(
            f"{release.removed} removed in version {version}; the action now belongs to {release.kept}"
        )
        expect(gone).to_contain_text("Finished in spring.")
        violations = axe_violations(page)  # the marks and the notice meet WCAG 2.2 AA too
        assert violations == [], describe(violations)

        # Answering a reworded item again clears its mark; the marks survive a reload until then.
        page.reload()
        expect(item(page, release.reworded).locator(".gb-change")).to_have_count(1)
        answer(page, release.reworded, "Done")
        expect(item(page, release.reworded).locator(".gb-change")).to_have_count(0)
        expect(notice).to_contain_text("2 items changed since you last saved")
        page.get_by_role("button", name="Mark the changes as seen").click()
        expect(notice).to_be_hidden()
        with page.expect_download() as exported_again:
            page.get_by_role("button", name="Export answers (JSON)").click()
        assert json.loads(Path(exported_again.value.path()).read_text(encoding="utf-8"))["kb_version"] == version

        # The older export, imported on a fresh profile of the newer site, migrates the same way.
        fresh = browser.new_context().new_page()
        open_checklist(fresh, www.base, facet)
        fresh.locator(".gb-checklist input[type=file][data-action=import]").set_input_files(
            {"name": "old.json", "mimeType": "application/json", "buffer": json.dumps(export).encode()}
        )
        expect(fresh.locator(".gb-checklist .gb-message")).to_contain_text("Imported 3 answers")
        expect(fresh.locator(".gb-changes")).to_contain_text("3 items changed since you last saved")
        expect(item(fresh, release.reworded).locator("legend")).to_contain_text("Reworded since you answered")
        expect(fresh.locator(".gb-orphans")).to_contain_text("Finished in spring.")
        fresh.context.close()
    finally:
        context.close()
