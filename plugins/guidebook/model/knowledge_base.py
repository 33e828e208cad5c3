"""The resolved knowledge base: validated records plus every cross-reference and backlink.

Renderers only read from here; they never look up ids themselves, so a dangling
reference cannot reach a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .countries import country_name
from .schema import CaseStudy, Facet, Pillar, Principle


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
        for case in self.case_studies:
            for facet_id in case.facets:
                self.case_studies_of_facet[facet_id].append(case)
            for principle_id in case.principles:
                self.case_studies_of_principle[principle_id].append(case)
            self.case_studies_of_country.setdefault(case.country, []).append(case)

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

    def related_case_studies(self, case: CaseStudy, limit: int = 5) -> list[CaseStudy]:
        """Case studies sharing the most facets and tags with `case` (ties by title)."""
        facets, tags = set(case.facets), set(case.tags)
        scored = []
        for other in self.case_studies:
            if other.id == case.id:
                continue
            score = 2 * len(facets & set(other.facets)) + len(tags & set(other.tags))
            if score:
                scored.append((-score, other.title, other.id, other))
        return [entry[-1] for entry in sorted(scored, key=lambda e: e[:3])[:limit]]
