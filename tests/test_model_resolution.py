"""Resolution: every cross-reference and backlink the pages are made from.

Renderers never look ids up themselves, so what the knowledge base resolves here is
exactly what readers can follow on the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidebook.model import KnowledgeBase, load_knowledge_base

from .conftest import ROOT, SMALL_KB


@pytest.fixture(scope="module")
def small() -> KnowledgeBase:
    return load_knowledge_base(SMALL_KB)


def ids(records: list) -> list[str]:  # type: ignore[type-arg]
    return [r.id for r in records]


def test_pillar_to_facets(small: KnowledgeBase) -> None:
    assert {p: ids(f) for p, f in small.facets_of_pillar.items()} == {
        "soil": ["composting", "watering"],
        "community": ["volunteers"],
    }


def test_facet_to_case_studies(small: KnowledgeBase) -> None:
    assert {f: ids(c) for f, c in small.case_studies_of_facet.items()} == {
        "composting": ["kyoto-rooftop-garden"],
        "watering": ["kyoto-rooftop-garden", "lyon-holiday-rota", "nairobi-rain-barrels"],
        "volunteers": ["lyon-holiday-rota"],
    }


def test_principle_to_case_studies_and_owning_facet(small: KnowledgeBase) -> None:
    assert {p: ids(c) for p, c in small.case_studies_of_principle.items()} == {
        "CP1": ["kyoto-rooftop-garden"],
        "CP2": [],
        "VO1": ["lyon-holiday-rota"],
        "WA1": ["nairobi-rain-barrels"],
    }
    assert {p: f.id for p, f in small.facet_of_principle.items()} == {
        "CP1": "composting",
        "CP2": "composting",
        "VO1": "volunteers",
        "WA1": "watering",
    }


def test_countries_by_name_with_their_case_studies(small: KnowledgeBase) -> None:
    assert [(c.code, c.name, c.slug) for c in small.countries] == [
        ("FR", "France", "fr"),
        ("JP", "Japan", "jp"),
        ("KE", "Kenya", "ke"),
    ]
    assert ids(small.case_studies_of_country["JP"]) == ["kyoto-rooftop-garden"]
    assert small.country("EU").name == "European Union"


def test_case_study_to_pillars_and_similar_case_studies(small: KnowledgeBase) -> None:
    kyoto = small.case_study["kyoto-rooftop-garden"]
    assert ids(small.pillars_of_case_study(kyoto)) == ["soil"]
    # Lyon shares a facet and a tag, Nairobi only a facet.
    assert ids(small.related_case_studies(kyoto)) == ["lyon-holiday-rota", "nairobi-rain-barrels"]
    assert ids(small.pillars_of_case_study(small.case_study["lyon-holiday-rota"])) == ["soil", "community"]


def test_a_new_case_study_appears_in_every_backlink(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    text = (root / "case_studies" / "nairobi-rain-barrels.yml").read_text(encoding="utf-8")
    new = text.replace("nairobi-rain-barrels", "accra-compost").replace('"KE"', '"GH"')
    new = new.replace("title: Rain barrels", "title: Compost bins").replace("[watering]", "[composting, volunteers]")
    (root / "case_studies" / "accra-compost.yml").write_text(new.replace("[WA1]", "[CP2]"), encoding="utf-8")
    kb = load_knowledge_base(root)
    assert "accra-compost" in ids(kb.case_studies_of_facet["composting"])
    assert "accra-compost" in ids(kb.case_studies_of_facet["volunteers"])
    assert ids(kb.case_studies_of_principle["CP2"]) == ["accra-compost"]
    assert "Ghana" in [c.name for c in kb.countries]


@pytest.mark.parametrize("root", [ROOT, SMALL_KB], ids=["ddps", "small"])
def test_backlinks_mirror_the_references_of_every_case_study(root: Path) -> None:
    kb = load_knowledge_base(root)
    for case in kb.case_studies:
        for facet_id in case.facets:
            assert case in kb.case_studies_of_facet[facet_id]
        for principle_id in case.principles:
            assert case in kb.case_studies_of_principle[principle_id]
        assert case in (kb.case_studies_of_country[case.country] if case.country else kb.international)
    total = sum(len(cases) for cases in kb.case_studies_of_facet.values())
    assert total == sum(len(case.facets) for case in kb.case_studies)
    assert [f for p in kb.pillars for f in kb.facets_of_pillar[p.id]] == kb.facets
