"""The case study listing at any size: static pages of entries, and a chunked index for the browser's filters.

A small knowledge base lists every case study on `/case-studies/` and the browser
filters that list in the page. At thousands of case studies one page holding every
entry weighs megabytes, so beyond `CASE_STUDIES_PER_PAGE` the listing is split into
static pages (`/case-studies/`, `/case-studies/page/2/`, ...) that together list every
case study without JavaScript. The browser then filters over all case studies through
small JSON files under `case-studies/filters/`, fetched only when a reader filters or
sorts: one list of entry numbers per filter value (a facet, a tag...), the years (for
the year range and the sort) and the entries themselves in chunks of `CHUNK` in title
order, so a filtered view downloads only the chunks it shows. Every file stays far below
the 500 KB page budget at 10,000 case studies (the largest, a list of numbers, is
about 6 bytes per case study).
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ..model import KnowledgeBase
from ..model.schema import CaseStudy
from . import urls

CASE_STUDIES_PER_PAGE = 100
"""Entries per static listing page; a knowledge base up to this size keeps one page and in-page filtering."""
CHUNK = 20
"""Entries per chunk file: a filtered view of scattered results fetches one chunk per shown entry at worst."""
LIST_LIMIT = 20
"""Case studies listed on a facet, principle, checklists or tag section before it links to the browser instead."""

FILTERS_DIR = "case-studies/filters"
FILTER_NAMES = ("pillar", "facet", "principle", "country", "level", "tag")
"""The browser's select filters: each has one file per value, `filters/<name>/<value>.json`."""


def is_paged(kb: KnowledgeBase) -> bool:
    return len(kb.case_studies) > CASE_STUDIES_PER_PAGE


def listing_pages(kb: KnowledgeBase) -> list[list[CaseStudy]]:
    """The case studies of each static listing page, in title order (one page, possibly empty, when not paged)."""
    cases = kb.case_studies
    return [cases[start : start + CASE_STUDIES_PER_PAGE] for start in range(0, len(cases), CASE_STUDIES_PER_PAGE)] or [
        []
    ]


def most_recent(cases: list[CaseStudy], limit: int = LIST_LIMIT) -> list[CaseStudy]:
    """The `limit` most recent case studies (by year, then title): a bounded list that still shows what is new."""
    if len(cases) <= limit:
        return cases
    return sorted(cases, key=lambda case: (-case.year, case.title, case.id))[:limit]


def filter_values(kb: KnowledgeBase, case: CaseStudy) -> dict[str, list[str]]:
    """The values of each browser filter that `case` matches."""
    return {
        "pillar": [pillar.id for pillar in kb.pillars_of_case_study(case)],
        "facet": list(case.facets),
        "principle": list(case.principles),
        "country": [case.country] if case.country else [],
        "level": [case.level],
        "tag": list(case.tags),
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def browser_index_files(kb: KnowledgeBase) -> dict[str, str]:
    """Docs-relative path -> content of every file the paged browser fetches (none when the listing is one page)."""
    if not is_paged(kb):
        return {}
    matches: dict[tuple[str, str], list[int]] = defaultdict(list)
    for number, case in enumerate(kb.case_studies):
        for name, values in filter_values(kb, case).items():
            for value in values:
                matches[name, value].append(number)
    files = {f"{FILTERS_DIR}/{name}/{value}.json": _json(numbers) for (name, value), numbers in matches.items()}
    files[f"{FILTERS_DIR}/meta.json"] = _json(
        {
            "count": len(kb.case_studies),
            "chunk": CHUNK,
            "years": [case.year for case in kb.case_studies],
            "facets": {facet.id: [facet.title, urls.site_url(urls.facet_page(facet.id))] for facet in kb.facets},
        }
    )
    for start in range(0, len(kb.case_studies), CHUNK):
        entries = [
            [
                case.title,
                urls.site_url(urls.case_study_page(case.id)),
                kb.place(case),
                case.year,
                case.level,
                list(case.facets),
                case.summary,
            ]
            for case in kb.case_studies[start : start + CHUNK]
        ]
        files[f"{FILTERS_DIR}/entries/{start // CHUNK}.json"] = _json(entries)
    return files
