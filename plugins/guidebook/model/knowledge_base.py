"""The resolved knowledge base: validated records plus every cross-reference and backlink.

Renderers only read from here; they never look up ids themselves, so a dangling
reference cannot reach a page.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

from .countries import country_name
from .schema import CaseStudy, Facet, Link, Pillar, Principle


@dataclass(frozen=True)
class Country:
    code: str
    """ISO 3166-1 alpha-2 code, upper case (as in the YAML)."""
    name: str

    @property
    def slug(self) -> str:
        """URL segment: /countries/<slug>/."""
        return self.code.lower()


@dataclass
class KnowledgeBase:
    """Everything the renderers need, in a stable order (so output is deterministic)."""

    pillars: list[Pillar]
    """By `order`, then id."""
    facets: list[Facet]
    """By pillar order, then facet `order`, then id."""
    case_studies: list[CaseStudy]
    """By title, then id."""
    sources: dict[str, str] = field(default_factory=dict)
    """Record key (`pillar:<id>`, `facet:<id>`, `case-study:<id>`) -> source file relative to the root."""

    def __post_init__(self) -> None:
        self.pillar = {p.id: p for p in self.pillars}
        self.facet = {f.id: f for f in self.facets}
        self.case_study = {c.id: c for c in self.case_studies}
        self.principle: dict[str, Principle] = {}
        self.facet_of_principle: dict[str, Facet] = {}
        for facet in self.facets:
            for principle in facet.principles:
                self.principle[principle.id] = principle
                self.facet_of_principle[principle.id] = facet
        self.facets_of_pillar: dict[str, list[Facet]] = {p.id: [] for p in self.pillars}
        for facet in self.facets:
            self.facets_of_pillar[facet.pillar].append(facet)
        self.case_studies_of_facet: dict[str, list[CaseStudy]] = {f.id: [] for f in self.facets}
        self.case_studies_of_principle: dict[str, list[CaseStudy]] = {p: [] for p in self.principle}
        self.case_studies_of_country: dict[str, list[CaseStudy]] = {}
        self.case_studies_of_tag: dict[str, list[CaseStudy]] = {}
        self._case_studies_of_facet_set: dict[frozenset[str], list[CaseStudy]] = {}
        self._facet_only_leaders: dict[tuple[frozenset[str], int], list[CaseStudy]] = {}
        for case in self.case_studies:
            for facet_id in case.facets:
                self.case_studies_of_facet[facet_id].append(case)
            for principle_id in case.principles:
                self.case_studies_of_principle[principle_id].append(case)
            self.case_studies_of_country.setdefault(case.country, []).append(case)
            for tag in case.tags:
                self.case_studies_of_tag.setdefault(tag, []).append(case)
            self._case_studies_of_facet_set.setdefault(frozenset(case.facets), []).append(case)

    @property
    def countries(self) -> list[Country]:
        """Countries that have at least one case study, by name."""
        found = [Country(code, country_name(code) or code) for code in self.case_studies_of_country]
        return sorted(found, key=lambda c: (c.name, c.code))

    def country(self, code: str) -> Country:
        return Country(code, country_name(code) or code)

    def pillars_of_case_study(self, case: CaseStudy) -> list[Pillar]:
        ids = {self.facet[f].pillar for f in case.facets}
        return [p for p in self.pillars if p.id in ids]

    @property
    def framework_sources(self) -> list[Link]:
        """Publications that every facet cites: what the framework as a whole is based on (for credits)."""
        if not self.facets:
            return []
        common = set.intersection(*({ref.url for ref in facet.references} for facet in self.facets))
        return [ref for ref in self.facets[0].references if ref.url in common]

    @property
    def tags(self) -> list[str]:
        """Every tag used by a case study, alphabetically."""
        return sorted(self.case_studies_of_tag)

    def related_case_studies(self, case: CaseStudy, limit: int = 5) -> list[CaseStudy]:
        """Case studies sharing the most facets and tags with `case` (a shared facet counts 2, a tag 1; ties by title).

        Scoring every pair would grow with the square of the number of case studies, so
        candidates come from two small sets, which is exact:
        - every case study sharing a tag (tag lists are short), scored in full;
        - the `limit + 1` best by facets alone among all case studies, computed once per
          distinct set of facets. Any other case study scores only by facets and has
          `limit + 1` case studies ahead of it (at most one of them `case` itself).
        """
        facets = set(case.facets)
        candidates = {other.id: other for other in self._facet_only_leader_list(frozenset(case.facets), limit + 1)}
        shared_tags = Counter(other.id for tag in case.tags for other in self.case_studies_of_tag[tag])
        candidates.update((other_id, self.case_study[other_id]) for other_id in shared_tags)
        candidates.pop(case.id, None)
        ranked = []
        for other in candidates.values():
            score = 2 * len(facets.intersection(other.facets)) + shared_tags[other.id]
            if score:
                ranked.append((-score, other.title, other.id))
        return [self.case_study[entry[2]] for entry in heapq.nsmallest(limit, ranked)]

    def _facet_only_leader_list(self, facets: frozenset[str], count: int) -> list[CaseStudy]:
        """The `count` best case studies by shared facets with `facets` alone, ties by title (cached)."""
        key = (facets, count)
        if key not in self._facet_only_leaders:
            ranked = []
            for group_facets, group in self._case_studies_of_facet_set.items():
                overlap = len(facets & group_facets)
                if overlap:
                    # A group is in title order: only its first `count` members can lead.
                    ranked += [(-overlap, other.title, other.id) for other in group[:count]]
            self._facet_only_leaders[key] = [self.case_study[e[2]] for e in heapq.nsmallest(count, ranked)]
        return self._facet_only_leaders[key]
