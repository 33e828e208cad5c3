"""Every shipped case study can be checked: at least two specific https sources, none a home page.

Issue 13 found case studies backed only by a site's home page, where no reader could find
the dates, numbers and laws they name. The schema refuses that for any knowledge base; this
test reads the shipped files directly, so the content keeps the rule even if a later schema
change loosened it, and names every case study that breaks it at once.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .conftest import ROOT

CASE_FILES = sorted((ROOT / "case_studies").glob("*.yml"))
LANGUAGE_ROOTS = {"en", "fr", "de", "es", "pt", "pt-br", "it", "nl", "fi", "sv", "no", "da", "et", "ko", "en-gb"}


def sources_of(path: Path) -> list[dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources: list[dict[str, str]] = data.get("sources") or []
    return sources


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    segments = [part for part in parts.path.split("/") if part]
    bare = not segments or (len(segments) == 1 and segments[0].lower() in LANGUAGE_ROOTS)
    return bare and not parts.query


def test_there_are_case_studies_to_check() -> None:
    assert len(CASE_FILES) >= 32


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_study_has_two_specific_https_sources(path: Path) -> None:
    urls = [source["url"] for source in sources_of(path)]
    assert len(urls) >= 2, f"{path.name} cites {len(urls)} source(s); add specific pages that back its facts"
    assert len(set(urls)) == len(urls), f"{path.name} cites the same address twice"
    assert [u for u in urls if urlsplit(u).scheme != "https"] == [], f"{path.name}: every source must be https"
    assert [u for u in urls if is_home_page(u)] == [], f"{path.name} cites a home page; cite the specific page"
