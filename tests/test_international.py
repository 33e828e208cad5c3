"""International case studies: filed under no country (or a region such as the EU), never under a host country.

An international body filed under the country it sits in would be listed as that
country's case study on the country pages, on the map and in the open data.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from guidebook.model import InvalidKnowledgeBase, load_knowledge_base

from .conftest import ROOT, SMALL_KB


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    return root


def _messages(root: Path) -> list[str]:
    with pytest.raises(InvalidKnowledgeBase) as caught:
        load_knowledge_base(root)
    return [problem.format_text() for problem in caught.value.problems]


def test_an_international_case_study_names_no_country_or_a_region(kb: Path) -> None:
    case = kb / "case_studies" / "kyoto-rooftop-garden.yml"
    _edit(case, "level: local", "level: international")
    assert _messages(kb) == [
        "case_studies/kyoto-rooftop-garden.yml:3:10: country: found 'JP'; an international case study is not filed "
        'under one country: remove `country`, or give a region code ("EU" for the European Union)'
    ]
    _edit(case, 'country: "JP"', 'country: "EU"')
    in_region = load_knowledge_base(kb)
    assert [r.code for r in in_region.regions] == ["EU"]
    assert [c.id for c in in_region.case_studies_of_country["EU"]] == ["kyoto-rooftop-garden"]
    _edit(case, 'country: "EU"\n', "")
    loaded = load_knowledge_base(kb)
    assert [c.id for c in loaded.international] == ["kyoto-rooftop-garden"]
    assert "JP" not in loaded.case_studies_of_country


def test_a_national_case_study_names_a_country_not_a_region(kb: Path) -> None:
    case = kb / "case_studies" / "kyoto-rooftop-garden.yml"
    _edit(case, 'country: "JP"', 'country: "EU"')
    other = kb / "case_studies" / "lyon-holiday-rota.yml"
    _edit(other, 'country: "FR"\n', "")
    assert _messages(kb) == [
        "case_studies/kyoto-rooftop-garden.yml:3:10: country: found 'EU', a region; a local case study names its "
        'country (e.g. "FR"), or set `level: international`',
        "case_studies/lyon-holiday-rota.yml:1:1: country: a local case study names its country: add `country` "
        'with its ISO code, e.g. "NO"',
    ]


def test_the_shipped_site_lists_international_bodies_apart(ddps_site: Path) -> None:
    kb = load_knowledge_base(ROOT)
    assert kb.international, "the shipped content has international case studies filed under no country"
    countries = (ddps_site / "countries" / "index.html").read_text(encoding="utf-8")
    heading, listed = countries.split('id="international-and-regional"', 1)
    for case in kb.international:
        assert f"../case-studies/{case.id}/" in listed
        assert f"../case-studies/{case.id}/" not in heading
    for region in kb.regions:
        assert f'href="{region.slug}/"' in listed
        assert f'href="{region.slug}/"' not in heading, "a region is not listed as a country"
    for country_page in (ddps_site / "countries").glob("*/index.html"):
        html = country_page.read_text(encoding="utf-8")
        assert not any(f"/case-studies/{case.id}/" in html for case in kb.international), country_page


def test_the_open_data_leaves_the_country_of_international_bodies_empty(ddps_site: Path) -> None:
    kb = load_knowledge_base(ROOT)
    ids = {case.id for case in kb.international}
    data = json.loads((ddps_site / "data" / "knowledge-base.json").read_text(encoding="utf-8"))
    schema = json.loads((ddps_site / "data" / "schemas" / "knowledge-base.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    published = {case["id"]: case for case in data["case_studies"]}
    assert all(published[case_id]["country"] is None for case_id in ids)
    rows = list(csv.DictReader(io.StringIO((ddps_site / "data" / "case-studies.csv").read_text(encoding="utf-8"))))
    for row in rows:
        if row["id"] in ids:
            assert (row["country"], row["country_name"]) == ("", "International")
