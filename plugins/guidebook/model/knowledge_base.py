"""The resolved knowledge base: validated records plus every cross-reference and backlink.

Renderers only read from here; they never look up ids themselves, so a dangling
reference cannot reach a page.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from .checklist_history import ChecklistHistory
from .countries import country_name, is_region
from .schema import CaseStudy, Facet, Link, Pillar, Principle, Synonyms

RELATED_POOL = 24
"""Candidates taken from one tag or (tag, facet) group when looking for similar case studies."""
INTERNATIONAL = "International"
"""The place shown for an international case study filed under no country nor region."""
GroupKey = str | tuple[str, str]
"""A tag, or a tag and a facet id."""


@dataclass(frozen=True)
class Country:
    code: str
    """ISO 3166-1 alpha-2 code, upper case (as in the YAML)."""
    name: str

    @property
    def slug(self) -> str:
        """URL segment: /countries/<slug>/."""
        return self.code.lower()

    @property
    def is_region(self) -> bool:
        """A region such as the EU: listed with the international case studies, not as a country."""
        return is_region(self.code)


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
    checklist_history: ChecklistHistory | None = None
    """The history of checklist items, when the knowledge base keeps one (facets/checklist-changes.yml)."""
    synonyms: list[Synonyms] = field(default_factory=list)
    """Words readers search for and where they lead (facets/synonyms.yml), in file order."""
    synonym_places: list[str] = field(default_factory=list)
    """Where each entry of `synonyms` names its target (`file:line:column`), for errors found at build time."""

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
        self.international: list[CaseStudy] = []
        """International case studies filed under no country nor region."""
        self.case_studies_of_tag: dict[str, list[CaseStudy]] = {}
        self._case_studies_of_facet_set: dict[frozenset[str], list[CaseStudy]] = {}
        self._facet_only_leaders: dict[tuple[frozenset[str], int], list[CaseStudy]] = {}
        self._groups: dict[GroupKey, list[str]] = {}
        """Case study ids by tag and by (tag, facet), in title order; filled on first use."""
        self._position: dict[tuple[GroupKey, str], int] = {}
        self._features: dict[str, tuple[int, int]] = {}
        self._related: dict[tuple[str, int], list[CaseStudy]] = {}
        """Answers of `related_case_studies`: the live preview asks again of the previous knowledge base."""
        for case in self.case_studies:
            for facet_id in case.facets:
                self.case_studies_of_facet[facet_id].append(case)
            for principle_id in case.principles:
                self.case_studies_of_principle[principle_id].append(case)
            if case.country is None:
                self.international.append(case)
            else:
                self.case_studies_of_country.setdefault(case.country, []).append(case)
            for tag in case.tags:
                self.case_studies_of_tag.setdefault(tag, []).append(case)
            self._case_studies_of_facet_set.setdefault(frozenset(case.facets), []).append(case)

    @property
    def checklist_version(self) -> int:
        """The checklists' version, saved with answers so they can migrate: the latest release, or 1 without a history."""
        return self.checklist_history.version if self.checklist_history else 1

    @property
    def countries(self) -> list[Country]:
        """Countries and regions that have at least one case study, by name: each has its own page."""
        found = [Country(code, country_name(code) or code) for code in self.case_studies_of_country]
        return sorted(found, key=lambda c: (c.name, c.code))

    @property
    def countries_not_regions(self) -> list[Country]:
        """`countries` without the regions: what the world map shows and the site counts as countries."""
        return [country for country in self.countries if not country.is_region]

    @property
    def regions(self) -> list[Country]:
        """Regions (such as the EU) among `countries`: shown under "International and regional"."""
        return [country for country in self.countries if country.is_region]

    def country(self, code: str) -> Country:
        return Country(code, country_name(code) or code)

    def place(self, case: CaseStudy) -> str:
        """Where a case study is filed, as readers see it: its country or region, else "International"."""
        return self.country(case.country).name if case.country else INTERNATIONAL

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

        Scoring every pair would grow with the square of the number of case studies, and so
        would scoring everyone who shares a tag: a common tag is used by a fixed share of all
        case studies. So every candidate is scored in full, but candidates come from bounded pools:
        - the `limit + 1` best by facets alone among all case studies, computed once per
          distinct set of facets (any other case study that scores by facets alone has
          `limit + 1` case studies ahead of it, at most one of them `case` itself);
        - for each tag of `case`, and each (tag, facet) pair, the `RELATED_POOL` case studies
          around `case` in that group's title order (the whole group when it is that small).
        The result is exact while no group is larger than `RELATED_POOL` + 1, which holds for
        any hand-curated base; beyond that the work per case study stays constant, and the
        neighbours in title order spread the links evenly instead of always naming the same few.
        """
        if (case.id, limit) in self._related:
            return self._related[(case.id, limit)]
        if not self._groups:
            self._group_for_related()
        facets, tags = self._features[case.id]
        candidates = {other.id for other in self._facet_only_leader_list(frozenset(case.facets), limit + 1)}
        keys: list[GroupKey] = [*case.tags, *((tag, facet) for tag in case.tags for facet in case.facets)]
        for key in keys:
            candidates.update(self._pool(key, case.id))
        candidates.discard(case.id)
        ranked = []
        for other_id in candidates:
            other_facets, other_tags = self._features[other_id]
            score = 2 * (facets & other_facets).bit_count() + (tags & other_tags).bit_count()
            if score:
                ranked.append((-score, self.case_study[other_id].title, other_id))
        found = [self.case_study[entry[2]] for entry in heapq.nsmallest(limit, ranked)]
        self._related[(case.id, limit)] = found
        return found

    def keep_related_from(self, previous: KnowledgeBase) -> None:
        """Take the answers `previous` gave to `related_case_studies`, for the same case studies here.

        Only for a knowledge base whose case studies have the titles, tags and facets of
        `previous` (the live preview checks this after an edit of other fields): then every
        answer is the same, and asking again would cost as much as the first time."""
        for (case_id, limit), found in previous._related.items():
            if case_id in self.case_study:
                self._related[(case_id, limit)] = [self.case_study[other.id] for other in found]

    def _group_for_related(self) -> None:
        """Fill the groups by tag and by (tag, facet), and each case study's facets and tags as bit sets
        (one bit per facet or tag: scoring a candidate is then two ANDs and two bit counts)."""
        bit = {
            key: 1 << i for i, key in enumerate([*(f"facet:{f.id}" for f in self.facets), *self.case_studies_of_tag])
        }
        for case in self.case_studies:
            self._features[case.id] = (
                sum(bit[f"facet:{facet}"] for facet in set(case.facets)),
                sum(bit[tag] for tag in set(case.tags)),
            )
            for tag in case.tags:
                keys: list[GroupKey] = [tag, *((tag, facet) for facet in case.facets)]
                for key in keys:
                    group = self._groups.setdefault(key, [])
                    self._position[(key, case.id)] = len(group)
                    group.append(case.id)

    def _pool(self, key: GroupKey, case_id: str) -> list[str]:
        """Up to `RELATED_POOL` + 1 ids of the group `key` around `case_id` (in title order, wrapping around)."""
        group = self._groups[key]
        if len(group) <= RELATED_POOL + 1:
            return group
        start = (self._position[(key, case_id)] - RELATED_POOL // 2) % len(group)
        window = group[start : start + RELATED_POOL + 1]
        return window + group[: RELATED_POOL + 1 - len(window)]

    def _facet_only_leader_list(self, facets: frozenset[str], count: int) -> list[CaseStudy]:
        """The `count` best case studies by shared facets with `facets` alone, ties by title (cached)."""
        key = (facets, count)
        if key not in self._facet_only_leaders:
            by_overlap: dict[int, list[list[CaseStudy]]] = {}
            for group_facets, group in self._case_studies_of_facet_set.items():
                by_overlap.setdefault(len(facets & group_facets), []).append(group)
            ranked: list[tuple[int, str, str]] = []
            # From the largest overlap down, until `count` are found; a group is in title order,
            # so only its first `count` members can lead.
            for overlap in sorted((o for o in by_overlap if o), reverse=True):
                if len(ranked) >= count:
                    break
                ranked += [
                    (-overlap, other.title, other.id) for group in by_overlap[overlap] for other in group[:count]
                ]
            self._facet_only_leaders[key] = [self.case_study[e[2]] for e in heapq.nsmallest(count, ranked)]
        return self._facet_only_leaders[key]
