"""The history of checklist items: `guidebook validate` holds editors to it, the build publishes it.

Each case breaks the small knowledge base's facets/checklist-changes.yml (or a facet against it)
and checks the exact file:line:col and wording an editor sees.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from guidebook.model import load_knowledge_base

from .test_validation_errors import GUIDEBOOK, Bad, broken_copy, replace

HISTORY = "facets/checklist-changes.yml"
COMPOSTING = "facets/composting.yml"

RELEASE_3 = """  - version: 3
    date: 2026-10-01
    summary: Turning comes back.
    changes:
      - {id: CP1.3, change: added, text: "The heap is turned every fortnight."}
"""

HISTORY_MISTAKES = {
    "reworded-without-entry": Bad(
        {COMPOSTING: replace("Pupils log what goes in each week.", "Pupils log every delivery.")},
        COMPOSTING,
        21,
        15,
        "principles[0].checklist[1].text",
        "the text of CP1.2 differs from its text in facets/checklist-changes.yml (line 9); add a release with "
        "'- {id: CP1.2, change: reworded",
    ),
    "removed-id-comes-back": Bad(
        {HISTORY: lambda content: content + RELEASE_3.encode()},
        HISTORY,
        25,
        14,
        "releases[2].changes[0].id",
        "CP1.3 was retired in release 2; an id is never reused, give the new item a new id",
    ),
    "new-item-without-entry": Bad(
        {
            COMPOSTING: replace(
                "      - id: CP1.2\n",
                "      - id: CP1.9\n        text: A sieve hangs by the heap.\n      - id: CP1.2\n",
            )
        },
        COMPOSTING,
        20,
        13,
        "principles[0].checklist[1].id",
        "CP1.9 is not in facets/checklist-changes.yml; add a release with '- {id: CP1.9, change: added",
    ),
    "replaced-by-unknown": Bad(
        {HISTORY: replace("{id: CP1.3, change: removed, see: CP1.2}", "{id: CP1.3, change: replaced, by: CP1.4}")},
        HISTORY,
        19,
        43,
        "releases[1].changes[1].by",
        "CP1.4 is not an item after release 2; name an item that exists",
    ),
    "item-left-out-of-facets": Bad(
        {HISTORY: replace("      - {id: CP1.3, change: removed, see: CP1.2}\n", "")},
        HISTORY,
        10,
        14,
        "releases[0].items.CP1.3",
        "CP1.3 is in no facet; add a release with '- {id: CP1.3, change: removed}'",
    ),
    "replaced-without-by": Bad(
        {HISTORY: replace("{id: CP1.3, change: removed, see: CP1.2}", "{id: CP1.3, change: replaced}")},
        HISTORY,
        19,
        9,
        "releases[1].changes[1]",
        "a 'replaced' change needs `by`",
    ),
    "release-out-of-order": Bad(
        {HISTORY: replace("  - version: 2", "  - version: 3")},
        HISTORY,
        14,
        14,
        "releases[1].version",
        "found 3; expected 2",
    ),
}


@pytest.mark.parametrize("name", list(HISTORY_MISTAKES))
def test_validate_reports_history_mistakes_at_their_place(name: str, tmp_path: Path) -> None:
    bad = HISTORY_MISTAKES[name]
    root = broken_copy(bad, tmp_path)
    result = subprocess.run([GUIDEBOOK, "validate", str(root)], capture_output=True, text=True)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    expected = f"{bad.file}:{bad.line}:{bad.column}: {bad.field}: {bad.fragment}"
    assert expected in result.stdout + result.stderr, result.stdout + result.stderr


def test_a_knowledge_base_without_history_is_version_1(tmp_path: Path) -> None:
    root = broken_copy(Bad({}, "", 0, 0, "", ""), tmp_path)
    (root / HISTORY).unlink()
    kb = load_knowledge_base(root)
    assert kb.checklist_version == 1 and kb.checklist_history is None


def test_the_build_publishes_the_history_and_a_what_changed_page(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    data = json.loads((site / "data" / "checklist-changes.json").read_text(encoding="utf-8"))
    assert data["version"] == data["releases"][-1]["version"]
    page = (site / "checklists" / "changes" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", page)
    assert f"The checklists are at version {data['version']}" in text
    for release in data["releases"]:
        assert f"Version {release['version']}, {release['date']}" in text
        for change in release.get("changes", []):
            assert change["id"] in text
    overview = (site / "checklists" / "index.html").read_text(encoding="utf-8")
    assert 'href="changes/"' in overview
