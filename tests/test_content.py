"""The shipped DDPS knowledge base meets the spread and shape issue 3 asks for.

These tests are about the content, not the generator: the generator itself is
tested on the small fixture knowledge base too. The originality check lives
outside the repository and is not run here.
"""

from __future__ import annotations

import re

import pytest

from guidebook.model import KnowledgeBase, load_knowledge_base

from .conftest import ROOT

FRAMEWORK = {
    "data-governance": [
        ("leadership-and-vision", "leadership and vision"),
        ("coherent-implementation", "coherent implementation"),
        ("rules-and-guidance", "rules and guidance"),
        ("data-infrastructure", "data infrastructure"),
        ("data-architecture", "data architecture"),
    ],
    "public-value": [
        ("anticipation-and-planning", "anticipation and planning"),
        ("delivery", "delivery"),
        ("evaluation-and-monitoring", "evaluation and monitoring"),
    ],
    "trust": [
        ("ethics", "ethics"),
        ("privacy-and-consent", "privacy and consent"),
        ("transparency", "transparency"),
        ("security", "security"),
    ],
}
"""The 3 pillars and 12 facets, named as the OECD source names them."""

CONTINENT = {
    **dict.fromkeys(
        "AT BE BG CH CY CZ DE DK EE ES EU FI FR GB GR HR HU IE IS IT LT LU LV MT NL NO PL PT RO SE SI SK UA".split(),
        "Europe",
    ),
    **dict.fromkeys("CA US MX".split(), "North America"),
    **dict.fromkeys("AR BR CL CO CR PE UY".split(), "South America"),
    **dict.fromkeys("AE CN ID IL IN JP KR MY PH SG TH TR TW VN".split(), "Asia"),
    **dict.fromkeys("AU NZ".split(), "Oceania"),
    **dict.fromkeys("EG GH KE MA NG RW ZA".split(), "Africa"),
}
"""Continent of each country code the content may use; the European Union counts as Europe."""

WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


def words(markdown: str) -> int:
    """Words a reader reads: link targets are not counted."""
    return len(WORD.findall(re.sub(r"\]\([^)]*\)", "]", markdown)))


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT)


def test_three_pillars_and_twelve_facets_named_as_the_source(kb: KnowledgeBase) -> None:
    assert [p.id for p in kb.pillars] == list(FRAMEWORK)
    for pillar, facets in FRAMEWORK.items():
        found = kb.facets_of_pillar[pillar]
        assert [f.id for f in found] == [facet_id for facet_id, _ in facets]
        for facet, (_, name) in zip(found, facets, strict=True):
            assert facet.title.lower().startswith(name), facet.title


def test_facets_have_the_expected_shape(kb: KnowledgeBase) -> None:
    wrong = []
    for facet in kb.facets:
        if not 150 <= words(facet.description) <= 400:
            wrong.append(f"{facet.id}: description has {words(facet.description)} words (150-400)")
        if not 3 <= len(facet.key_questions) <= 6:
            wrong.append(f"{facet.id}: {len(facet.key_questions)} key questions (3-6)")
        if not 3 <= len(facet.principles) <= 5:
            wrong.append(f"{facet.id}: {len(facet.principles)} principles (3-5)")
        for principle in facet.principles:
            if not 60 <= words(principle.guidance) <= 200:
                wrong.append(f"{principle.id}: guidance has {words(principle.guidance)} words (60-200)")
            if not 3 <= len(principle.checklist) <= 5:
                wrong.append(f"{principle.id}: {len(principle.checklist)} checklist items (3-5)")
        if not facet.references:
            wrong.append(f"{facet.id}: no references")
    assert wrong == []


def test_related_facets_go_both_ways(kb: KnowledgeBase) -> None:
    one_way = [f"{f.id} -> {other}" for f in kb.facets for other in f.related if f.id not in kb.facet[other].related]
    assert one_way == []


def test_case_studies_spread(kb: KnowledgeBase) -> None:
    assert len(kb.case_studies) >= 45
    codes = {case.country for case in kb.case_studies if case.country}
    assert len(codes - {"EU"}) >= 30
    unknown = sorted(codes - set(CONTINENT))
    assert unknown == [], f"add {unknown} to CONTINENT in this test"
    assert len({CONTINENT[code] for code in codes}) >= 4
    assert {"national", "local", "international"} <= {case.level for case in kb.case_studies}


def test_every_facet_is_illustrated_at_least_six_times(kb: KnowledgeBase) -> None:
    counts = {facet_id: len(cases) for facet_id, cases in kb.case_studies_of_facet.items()}
    assert {facet_id: n for facet_id, n in counts.items() if n < 6} == {}


def test_every_principle_is_shown_in_practice(kb: KnowledgeBase) -> None:
    assert [principle for principle, cases in kb.case_studies_of_principle.items() if not cases] == []


def test_case_studies_include_what_went_wrong_and_the_sectors_the_source_names(kb: KnowledgeBase) -> None:
    """Court rulings and public inquiries teach as much as successes; health, education and welfare are named by the source."""
    tagged = kb.case_studies_of_tag
    assert len({c.id for tag in ("court-ruling", "public-inquiry") for c in tagged.get(tag, [])}) >= 3
    assert {sector: len(tagged.get(sector, [])) >= 1 for sector in ("health", "education", "social-welfare")} == {
        "health": True,
        "education": True,
        "social-welfare": True,
    }
    assert any(case.facets[0] == "security" for case in kb.case_studies), "security is the main subject of one"


def test_every_pillar_has_case_studies(kb: KnowledgeBase) -> None:
    covered = {pillar.id for case in kb.case_studies for pillar in kb.pillars_of_case_study(case)}
    assert covered == set(FRAMEWORK)


def test_every_case_study_cites_an_https_source(kb: KnowledgeBase) -> None:
    assert [c.id for c in kb.case_studies if not any(s.url.startswith("https://") for s in c.sources)] == []


def test_the_hand_written_pages_exist() -> None:
    pages = {p.name for p in (ROOT / "content").glob("*.md")}
    assert {"index.md", "about.md", "glossary.md", "contribute.md", "accessibility.md"} <= pages
