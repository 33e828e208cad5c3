"""Integration: real MkDocs builds of both knowledge bases, checked on the HTML."""

from __future__ import annotations

from pathlib import Path

from guidebook.model import load_knowledge_base

from .conftest import ROOT, SMALL_KB


def kb_for(name: str):  # type: ignore[no-untyped-def]
    return load_knowledge_base(ROOT if name == "ddps" else SMALL_KB)


def test_every_page_of_the_page_contract_exists(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = kb_for(name)
    expected = [
        "index.html",
        "checklists/index.html",
        "case-studies/index.html",
        "countries/index.html",
        "data/index.html",
    ]
    expected += [f"pillars/{p.id}/index.html" for p in kb.pillars]
    expected += [f"facets/{f.id}/index.html" for f in kb.facets]
    expected += [f"facets/{f.id}/checklist/index.html" for f in kb.facets]
    expected += [f"case-studies/{c.id}/index.html" for c in kb.case_studies]
    expected += [f"countries/{c.slug}/index.html" for c in kb.countries]
    expected += ["data/knowledge-base.json", "data/case-studies.csv", "data/checklists.csv"]
    missing = [path for path in expected if not (site / path).is_file()]
    assert missing == []
