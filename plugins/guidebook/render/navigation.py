"""Expand the nav placeholder into the pillars and their facets.

mkdocs.yml stays hand-written (home, about, listings), while the framework's own
structure comes from the data: adding a facet file adds it to the navigation.
"""

from __future__ import annotations

from typing import Any

from ..model import KnowledgeBase
from . import urls


def framework_nav(kb: KnowledgeBase) -> list[Any]:
    """One section per pillar: its overview page, then its facets."""
    return [
        {
            pillar.title: [
                urls.pillar_page(pillar.id),
                *({f.title: urls.facet_page(f.id)} for f in kb.facets_of_pillar[pillar.id]),
            ]
        }
        for pillar in kb.pillars
    ]


def expand_nav(nav: Any, placeholder: str, kb: KnowledgeBase) -> Any:
    """A copy of `nav` where every entry valued `placeholder` holds the framework nav."""
    if nav == placeholder:
        return framework_nav(kb)
    if isinstance(nav, list):
        return [expand_nav(entry, placeholder, kb) for entry in nav]
    if isinstance(nav, dict):
        return {title: expand_nav(value, placeholder, kb) for title, value in nav.items()}
    return nav
