"""Which case-study pages an edit leaves as they were, so the live preview need not render them again.

Under `mkdocs serve --dirty` a save loads the knowledge base again and the plugin compares each
page's Markdown with the last build's to find the pages to render. At 1,000 case studies,
rendering every case-study page's Markdown only to find it unchanged was most of a save's work.
A case-study page reads (templates/case_study.md.j2) its own record and source file, the
pillars, facets and principles it names, and its similar case studies (their ids, titles,
places and years); the links in its text resolve only to ids that validation has checked. So
its last rendering is reused when the pillars and facets are as before, its own record is, and
its similar case studies are the same ones, none of them edited. Finding the similar case
studies of every page again would cost a quarter of a save, so they are taken from the last
rendering when the edit cannot change them: when no edited case study changed what the ranking
reads (title, tags, facets), or for a case study sharing no tag and no facet with any edited one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import KnowledgeBase
from ..model.schema import CaseStudy
from . import urls

if TYPE_CHECKING:
    from .pages import Page


@dataclass(frozen=True)
class Rendering:
    """A knowledge base and the pages rendered from it (by docs-relative path)."""

    kb: KnowledgeBase
    pages: dict[str, Page]

    @classmethod
    def of(cls, kb: KnowledgeBase, pages: list[Page]) -> Rendering:
        return cls(kb, {page.path: page for page in pages})


def _record(kb: KnowledgeBase, case_id: str) -> tuple[CaseStudy | None, str | None]:
    return kb.case_study.get(case_id), kb.sources.get(f"case-study:{case_id}")


def _similar(kb: KnowledgeBase, case: CaseStudy) -> list[str]:
    return [other.id for other in kb.related_case_studies(case)]


def _ranking_features(kb: KnowledgeBase, case_id: str) -> tuple[str, list[str], list[str]] | None:
    """What `related_case_studies` ranks by: title (ties and group order), tags and facets."""
    case = kb.case_study.get(case_id)
    return None if case is None else (case.title, case.tags, case.facets)


def _shares_nothing(case: CaseStudy, tags: set[str], facets: set[str]) -> bool:
    """Whether `case` shares no tag and no facet with the edited case studies (`tags`, `facets`).

    Then its similar case studies are the same as before without asking: an edited one scores
    nothing against it, so it is neither a candidate (it is in none of its tag groups, and a
    zero overlap of facets never leads) nor a result."""
    return tags.isdisjoint(case.tags) and facets.isdisjoint(case.facets)


def reusable_case_study_pages(previous: Rendering, kb: KnowledgeBase) -> dict[str, Page]:
    """By case study id: the pages of `previous` that rendering `kb` would produce unchanged."""
    old = previous.kb
    if (old.pillars, old.facets) != (kb.pillars, kb.facets):
        return {}
    edited = {
        case_id
        for case_id in old.case_study.keys() | kb.case_study.keys()
        if _record(old, case_id) != _record(kb, case_id)
    }
    if all(_ranking_features(old, case_id) == _ranking_features(kb, case_id) is not None for case_id in edited):
        # The usual save (a text, a summary, sources): no case study ranks differently, so every
        # similar list is the one `old` gave; pages whose list shows an edited one change.
        kb.keep_related_from(old)
        versions = []
    else:
        versions = [case for base in (old, kb) for case_id in edited if (case := base.case_study.get(case_id))]
    tags = {tag for case in versions for tag in case.tags}
    facets = {facet for case in versions for facet in case.facets}
    reusable = {}
    for case in kb.case_studies:
        if case.id in edited:
            continue
        if _shares_nothing(case, tags, facets):
            similar = _similar(old, old.case_study[case.id])
        else:
            similar = _similar(kb, case)
            if similar != _similar(old, old.case_study[case.id]):
                continue
        if edited.isdisjoint(similar):
            if (page := previous.pages.get(urls.case_study_page(case.id))) is not None:
                reusable[case.id] = page
    return reusable
