"""Helpers for the team self-assessment tests: a newer release of a knowledge base, swapped in under one address.

Saved answers live in the browser per origin, so migration is tested as a reader meets it: the
same address serves one build, then the next (whose items differ), and the page is reloaded.
Items are chosen from the knowledge base, never by name, so the tests run on any knowledge base.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from playwright.sync_api import Locator, Page, expect

from guidebook.model import KnowledgeBase
from guidebook.model.schema import Facet

from .conftest import build_or_fail


def item_ids(facet: Facet) -> list[str]:
    return [item.id for principle in facet.principles for item in principle.checklist]


def item(page: Page, item_id: str) -> Locator:
    return page.locator(f'fieldset[data-item="{item_id}"]')


def open_checklist(page: Page, base: str, facet: Facet) -> None:
    page.goto(f"{base}facets/{facet.id}/checklist/")
    expect(page.locator(".gb-checklist .gb-toolbar")).to_be_visible()


def answer(page: Page, item_id: str, status: str, note: str = "") -> None:
    item(page, item_id).get_by_label(status, exact=True).check()
    if note:
        item(page, item_id).get_by_label(f"Note on {item_id}").fill(note)


@dataclass(frozen=True)
class NextRelease:
    """What the next release changes in the first facet with three items or more."""

    facet: Facet
    kept: str
    reworded: str
    removed: str
    added: str
    version: int


def next_release(kb: KnowledgeBase, kb_root: Path, target: Path) -> NextRelease:
    """Copy the knowledge base at `kb_root` to `target` and publish a release that rewords, removes and adds an item."""
    facet = next(f for f in kb.facets if len(item_ids(f)) >= 3)
    reworded, removed, kept = item_ids(facet)[:3]
    history = kb.checklist_history
    used = set(item_ids(facet)) | {c.id for r in (history.releases if history else []) for c in r.changes or []}
    used |= set((history.releases[0].items or {}) if history else {})
    principle = facet.principles[0]
    added = next(f"{principle.id}.{n}" for n in range(90, 999) if f"{principle.id}.{n}" not in used)
    version = kb.checklist_version + 1

    target.mkdir(parents=True)
    # Copied anywhere, a knowledge base builds: guidebook brings its own theme overrides.
    for name in ["mkdocs.yml", "content", "facets", "case_studies"]:
        (shutil.copytree if (kb_root / name).is_dir() else shutil.copy)(kb_root / name, target / name)

    facet_file = target / kb.sources[f"facet:{facet.id}"]
    data = yaml.safe_load(facet_file.read_text(encoding="utf-8"))
    new_text = "Reworded: " + next(i.text for i in principle.checklist if i.id == reworded)
    for p in data["principles"]:
        p["checklist"] = [i for i in p["checklist"] if i["id"] != removed]
        for i in p["checklist"]:
            if i["id"] == reworded:
                i["text"] = new_text
    data["principles"][0]["checklist"].append({"id": added, "text": "A new action added in the next release."})
    facet_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    changes = target / "facets" / "checklist-changes.yml"
    releases = yaml.safe_load(changes.read_text(encoding="utf-8"))["releases"] if changes.exists() else []
    if not releases:  # a knowledge base without history starts one, with its items as release 1
        items = {i.id: i.text for f in kb.facets for p in f.principles for i in p.checklist}
        releases.append({"version": 1, "date": "2026-01-05", "summary": "First release.", "items": items})
    changed = [
        {"id": reworded, "change": "reworded", "text": new_text},
        {"id": removed, "change": "removed", "see": kept},
        {"id": added, "change": "added", "text": "A new action added in the next release."},
    ]
    releases.append({"version": version, "date": "2026-12-01", "summary": "A test release.", "changes": changed})
    changes.write_text(yaml.safe_dump({"releases": releases}, sort_keys=False, allow_unicode=True), "utf-8")
    return NextRelease(facet, kept, reworded, removed, added, version)


class SwappableSite:
    """One address whose site can be replaced by another build, as when a new release is published."""

    def __init__(self, folder: Path, serve: Callable[[Path], str]) -> None:
        self.link = folder / "live"
        folder.mkdir(parents=True, exist_ok=True)
        self.base = serve(folder) + "live/"

    def publish(self, site: Path) -> None:
        if self.link.is_symlink():
            self.link.unlink()
        self.link.symlink_to(site, target_is_directory=True)


def build_next_release(kb: KnowledgeBase, kb_root: Path, tmp: Path) -> tuple[NextRelease, Path]:
    release = next_release(kb, kb_root, tmp / "kb")
    return release, build_or_fail(tmp / "kb" / "mkdocs.yml", tmp / "site-next")


def export_json(kb: KnowledgeBase, answers: dict[str, dict[str, tuple[str, str]]]) -> bytes:
    """A member's export as the checklists write it: facet -> item -> (status, note)."""
    facets = {
        facet: {"items": {i: {"status": status, "note": note} for i, (status, note) in items.items()}}
        for facet, items in answers.items()
    }
    return json.dumps(
        {"format": "guidebook-checklist", "version": 1, "kb_version": kb.checklist_version, "facets": facets}
    ).encode()


def upload(name: str, content: bytes) -> dict[str, object]:
    """A file for `set_input_files`, as a member would choose it."""
    kind = "text/csv" if name.endswith(".csv") else "text/markdown" if name.endswith(".md") else "application/json"
    return {"name": name, "mimeType": kind, "buffer": content}


def download(page: Page, button: str) -> Path:
    """Click a download button; the downloaded file's path."""
    with page.expect_download() as done:
        page.get_by_role("button", name=button).click()
    return Path(done.value.path())


def member_files(kb: KnowledgeBase) -> tuple[list[dict[str, object]], list[str]]:
    """Anna and Ben export JSON, Chloe a spreadsheet (CSV); they agree on the first item only."""
    facet = next(f for f in kb.facets if len(item_ids(f)) >= 3)
    a, b, c = item_ids(facet)[:3]
    anna = export_json(kb, {facet.id: {a: ("done", "Signed off in May."), b: ("in-progress", ""), c: ("done", "")}})
    ben = export_json(kb, {facet.id: {a: ("done", ""), b: ("done", "Ben: finished, see minutes."), c: ("done", "")}})
    text = {i.id: i.text for p in facet.principles for i in p.checklist}
    rows = [["facet", "principle", "item", "status", "note", "text", "in checklist", "checklist version"]]
    rows += [[facet.id, "", a, "Done", "", text[a], "yes", str(kb.checklist_version)]]
    rows += [[facet.id, "", b, "Not applicable", "=not for us", text[b], "yes", str(kb.checklist_version)]]
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    chloe = ("\ufeff" + out.getvalue().replace('"=not', "\"'=not")).encode()
    files = [upload("anna.json", anna), upload("ben.json", ben), upload("chloe.csv", chloe)]
    return files, [facet.id, a, b, c]


def merge_members(page: Page, kb: KnowledgeBase) -> None:
    """On /checklists/: merge three members' conflicting answers (the merged table, disagreements marked)."""
    team = page.locator(".gb-team")
    expect(team).to_be_visible()
    team.locator("input[type=file][multiple]").set_input_files(member_files(kb)[0])  # type: ignore[arg-type]
    expect(team.locator("tr.gb-disagree").first).to_be_visible()


def plan_overdue(page: Page, kb: KnowledgeBase) -> None:
    """On the action plan: give the first open item an owner, a past target date and a priority (flagged overdue)."""
    expect(page.locator(".gb-plan .gb-toolbar").first).to_be_visible()
    first = page.locator(".gb-plan-table tbody tr").first
    item_id = first.get_attribute("data-item")
    page.get_by_label(f"Owner of {item_id}").fill("Anna")
    page.get_by_label(f"Target date of {item_id}").fill("2020-01-15")
    page.get_by_label(f"Priority of {item_id}").select_option("high")
    expect(first).to_contain_text("Overdue")


def snapshot_and_compare(page: Page, kb: KnowledgeBase) -> None:
    """On the progress page: save a snapshot, compare it with the current answers, chart and table shown."""
    page.get_by_role("button", name="Save a snapshot of the current answers").click()
    page.get_by_role("button", name="Compare").click()
    expect(page.locator(".gb-comparison")).to_contain_text("items changed between")
    expect(page.locator(".gb-trend svg")).to_be_visible()
