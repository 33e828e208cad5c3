"""Loading: the safe YAML subset, positions of every value, and whole knowledge bases.

The error classes of the data contract each have their own test in
test_validation_errors.py; this module covers the parser underneath them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidebook.model import InvalidKnowledgeBase, load_knowledge_base
from guidebook.model.yaml_source import MAX_FILE_BYTES, parse_yaml, read_yaml_file

from .conftest import SMALL_KB

DOCUMENT = """\
id: x
title: "Quoted"
facets:
  - alpha
  - beta
sources:
  - title: A
    url: https://en.wikipedia.org/wiki/Garden
"""


def refused(text: str) -> str:
    """The single problem of a file the parser refuses, formatted as an editor sees it."""
    doc, problems = parse_yaml(text, "f.yml")
    assert doc is None
    assert len(problems) == 1
    return problems[0].format_text()


def test_values_and_keys_keep_their_line_and_column() -> None:
    doc, problems = parse_yaml(DOCUMENT, "f.yml")
    assert problems == [] and doc is not None
    assert doc.data["facets"] == ["alpha", "beta"]
    assert (doc.position(("facets", 1)).line, doc.position(("facets", 1)).column) == (5, 5)
    assert (doc.position(("sources", 0, "url")).line, doc.position(("sources", 0, "url")).column) == (8, 10)
    assert (doc.key_position(("title",)).line, doc.key_position(("title",)).column) == (2, 1)
    # A path that does not exist falls back to its nearest parent (where a missing field is reported).
    assert doc.position(("sources", 0, "missing")).line == 7


def test_unquoted_scalars_keep_yaml_types_except_dates() -> None:
    doc, _ = parse_yaml('country: NO\nquoted: "NO"\nyear: 2019\nlast_reviewed: 2025-03-01\n', "f.yml")
    assert doc is not None
    assert doc.data == {"country": False, "quoted": "NO", "year": 2019, "last_reviewed": "2025-03-01"}
    assert doc.position(("country",)).source == "NO"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("base: &b {a: 1}\n", "f.yml:1:7: anchors (&name) are not allowed"),
        ("a: 1\nb: *x\n", "f.yml:2:4: aliases (*name) are not allowed"),
        ("a: &x [1]\nb: *x\n", "f.yml:1:4: anchors (&name) are not allowed"),
        (
            "a: !!python/object/apply:os.system ['true']\n",
            "f.yml:1:4: the tag '!!python/object/apply:os.system' is not allowed",
        ),
        ("a: !!str 1\n", "f.yml:1:4: the tag '!!str' is not allowed"),
        ("a: !custom {b: 1}\n", "f.yml:1:4: the tag '!custom' is not allowed"),
        ("title: one\nsummary: s\ntitle: two\n", "f.yml:3:1: the key 'title' appears twice"),
        ("a: 1\n---\na: 2\n", "f.yml:2:1: a file must hold one YAML document"),
    ],
)
def test_unsafe_or_ambiguous_yaml_is_refused_where_it_is_written(text: str, expected: str) -> None:
    assert refused(text).startswith(expected)


def test_a_python_tag_never_runs_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    refused(f"a: !!python/object/apply:os.system ['touch {marker}']\n")
    assert not marker.exists()


def test_files_above_the_size_cap_are_refused_unread(tmp_path: Path) -> None:
    file = tmp_path / "big.yml"
    file.write_text("a: " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    doc, problems = read_yaml_file(file, "big.yml")
    assert doc is None
    assert [p.format_text() for p in problems] == [
        f"big.yml:1:1: the file is 256 KB; the limit is {MAX_FILE_BYTES // 1024} KB per file"
    ]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    file = tmp_path / "bom.yml"
    file.write_bytes("\ufeffid: x\n".encode())
    doc, problems = read_yaml_file(file, "bom.yml")
    assert problems == [] and doc is not None and doc.data == {"id": "x"}


def test_the_small_knowledge_base_loads_in_a_stable_order() -> None:
    kb = load_knowledge_base(SMALL_KB)
    assert [p.id for p in kb.pillars] == ["soil", "community"]
    assert [f.id for f in kb.facets] == ["composting", "watering", "volunteers"]
    assert [c.id for c in kb.case_studies] == ["kyoto-rooftop-garden", "lyon-holiday-rota", "nairobi-rain-barrels"]
    assert kb.sources["facet:watering"] == "facets/watering.yml"
    assert kb.sources["pillar:soil"] == "facets/pillars.yml"
    assert kb.sources["case-study:lyon-holiday-rota"] == "case_studies/lyon-holiday-rota.yml"


def test_problems_of_every_file_are_reported_together_with_positions(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    facet = root / "facets" / "watering.yml"
    facet.write_text(facet.read_text(encoding="utf-8").replace("order: 2", "order: 2\norder: 3"), "utf-8")
    case = root / "case_studies" / "kyoto-rooftop-garden.yml"
    case.write_text(case.read_text(encoding="utf-8").replace('country: "JP"', "country: &c JP"), "utf-8")
    with pytest.raises(InvalidKnowledgeBase) as raised:
        load_knowledge_base(root)
    assert [p.format_text()[:44] for p in raised.value.problems] == [
        "case_studies/kyoto-rooftop-garden.yml:3:10: ",
        "facets/watering.yml:4:1: the key 'order' app",
    ]


def test_a_broken_facet_is_reported_once_not_again_by_each_reference(tmp_path: Path) -> None:
    """A plain-text field may not even start a tag: themes print titles raw in the navigation."""
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    facet = root / "facets" / "watering.yml"
    facet.write_text(facet.read_text(encoding="utf-8").replace("title: Watering", "title: Water <img src=x"), "utf-8")
    with pytest.raises(InvalidKnowledgeBase) as raised:
        load_knowledge_base(root)
    assert [p.format_text() for p in raised.value.problems] == [
        "facets/watering.yml:4:8: title: found the HTML '<img'; this field takes plain text only"
    ]
