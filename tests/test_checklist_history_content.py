"""The shipped item history replays to exactly the shipped checklists.

Teams cite item ids in plans and keep answers against them, so every change to an item
is recorded in facets/checklist-changes.yml. This test replays that file the way its
header describes (release 1 lists every item, later releases list changes) and compares
the result with the items the shipped facets hold now. It reads the file independently
of the generator so that a content edit without a history entry fails here even before
the generator validates the history itself.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from guidebook.model import KnowledgeBase, load_knowledge_base

from .conftest import ROOT

HISTORY = ROOT / "facets" / "checklist-changes.yml"


def replay(releases: list[dict[str, Any]]) -> tuple[dict[str, str], list[str]]:
    """The items after the last release, and every rule the history breaks (never reuse an id, and so on)."""
    items: dict[str, str] = dict(releases[0]["items"])
    retired: set[str] = set()
    broken: list[str] = []
    for release in releases[1:]:
        version = release["version"]
        for change in release["changes"]:
            item_id, kind = change["id"], change["change"]
            if kind == "added":
                if item_id in items or item_id in retired:
                    broken.append(f"release {version}: {item_id} added but the id was already used")
                items[item_id] = change["text"]
            elif item_id not in items:
                broken.append(f"release {version}: {item_id} {kind} but it is not a current item")
            elif kind == "reworded":
                if change["text"] == items[item_id]:
                    broken.append(f"release {version}: {item_id} reworded to the same text")
                items[item_id] = change["text"]
            else:
                del items[item_id]
                retired.add(item_id)
        for change in release["changes"]:
            for pointer in ("by", "see"):
                if pointer in change and change[pointer] not in items:
                    broken.append(
                        f"release {version}: {change['id']} points ({pointer}) to {change[pointer]}, not an item"
                    )
    return items, broken


@pytest.fixture(scope="module")
def releases() -> list[dict[str, Any]]:
    data = yaml.safe_load(HISTORY.read_text(encoding="utf-8"))
    return list(data["releases"])


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT)


def test_replaying_the_history_gives_the_current_items(releases: list[dict[str, Any]], kb: KnowledgeBase) -> None:
    items, broken = replay(releases)
    assert broken == []
    current = {
        item.id: item.text for facet in kb.facets for principle in facet.principles for item in principle.checklist
    }
    assert {i: t for i, t in current.items() if items.get(i) != t} == {}, "items changed without a history entry"
    assert sorted(set(items) - set(current)) == [], "items in the history that no facet holds"


def test_releases_are_numbered_and_dated_in_order(releases: list[dict[str, Any]]) -> None:
    assert [r["version"] for r in releases] == list(range(1, len(releases) + 1))
    dates = [r["date"] for r in releases]
    assert dates == sorted(dates)


def test_a_replaced_item_names_a_new_item_added_in_the_same_release(releases: list[dict[str, Any]]) -> None:
    wrong = []
    for release in releases[1:]:
        added = {c["id"] for c in release["changes"] if c["change"] == "added"}
        wrong += [c["id"] for c in release["changes"] if c["change"] == "replaced" and c["by"] not in added]
    assert wrong == []


def test_every_principle_keeps_at_least_three_items(kb: KnowledgeBase) -> None:
    thin = [p.id for facet in kb.facets for p in facet.principles if len(p.checklist) < 3]
    assert thin == []


def test_new_ids_continue_their_principles_numbering(releases: list[dict[str, Any]]) -> None:
    """A new item of principle AP5 is AP5.<n> with n above every AP5 item of the earlier releases."""
    highest: dict[str, int] = {}
    for item_id in releases[0]["items"]:
        principle, number = item_id.rsplit(".", 1)
        highest[principle] = max(highest.get(principle, 0), int(number))
    wrong = []
    for release in releases[1:]:
        added = [c["id"].rsplit(".", 1) for c in release["changes"] if c["change"] == "added"]
        wrong += [f"{p}.{n}" for p, n in added if int(n) <= highest.get(p, 0)]
        for principle, number in added:
            highest[principle] = max(highest.get(principle, 0), int(number))
    assert wrong == []
