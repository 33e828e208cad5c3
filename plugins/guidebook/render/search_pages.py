"""How each page goes into the site search: its weight, its kind, its metadata and the words it is found by.

Pagefind reads the built HTML, so all of this travels in the pages as `data-pagefind-*`
attributes. `SearchRanking` decides them once per build from the model and each page's
path; `mark_for_index` writes them into a built page. Both are pure (no MkDocs, no
Pagefind), so the MkDocs plugin and a command that indexes an already built site share them.

What is searched is a page's own text. Page furniture (facts tables, "similar case studies",
related facets, sources, "last reviewed", "see all" links) stays on the page but is wrapped
in `data-pagefind-ignore`: the templates put it between `NOT_SEARCHED` and `END_NOT_SEARCHED`.
Otherwise a case study would be found by a neighbour's title, and results would show excerpts
of lists instead of text. What the furniture says that a reader does search for (a case
study's country, year, organisation and tags) goes into the page's metadata instead,
built from the model, where it ranks below the text and is shown with the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from ..model import KnowledgeBase
from . import urls
from .browser_index import listing_pages

NOT_SEARCHED = "<!-- guidebook:not-searched -->"
"""Templates open page furniture with this line (a Markdown block of its own, blank lines around it)..."""
END_NOT_SEARCHED = "<!-- /guidebook:not-searched -->"
"""...and close it with this one; other Markdown generators keep both as harmless comments."""

CONTENT_ELEMENT = '<article class="md-content__inner md-typeset">'
"""Material's element around a page's content (base.html): navigation, header and footer stay out of the index."""

FACET_WEIGHT = 3.0
"""A facet's page is the answer to its theme: it outranks case studies that mention the theme."""
CONTENT_WEIGHT = 2.0
"""Pillar and case study pages, and what a reader is looking for besides facets."""
PAGE_WEIGHT = 1.0
"""Hand-written pages and country pages (a country page is found by its name, a term of its own)."""
LISTING_WEIGHT = 0.5
"""Pages that list other pages: they repeat every title, so they must not outrank the page itself."""
TermPlacement = tuple[str, tuple[str, ...]]
"""(heading anchor, or "" for the page's title; the words a reader may type for it)."""


@dataclass(frozen=True)
class SearchEntry:
    """How one page goes into the search index."""

    weight: float
    kind: str | None
    """A label shown with the result ("Facet", "Case study"...), or None for hand-written pages."""
    lists: bool = True
    """False for pages that list case studies: their headings and text are indexed, their lists are not.
    A list holds every entry's title and summary, so any case study's words would also match the
    listing, and the reader would download the listing's fragment (megabytes at 10,000 case studies)."""
    meta: tuple[tuple[str, str], ...] = ()
    """Shown with the result, and searched with the weights the search box gives each name (search_ui/search.js)."""
    terms: tuple[TermPlacement, ...] = ()
    """Synonyms and abbreviations: the page's `terms` metadata, which the search box weighs above any
    text (a word declared for a page finds it first), and hidden text after the heading they lead to."""

    def attributes(self) -> dict[str, str]:
        """The Pagefind attributes for the element that holds the page's content."""
        return {"data-pagefind-body": "", "data-pagefind-weight": f"{self.weight:g}"}

    def with_terms(self, anchor: str, terms: list[str]) -> SearchEntry:
        return SearchEntry(self.weight, self.kind, self.lists, self.meta, (*self.terms, (anchor, tuple(terms))))


HAND_WRITTEN = SearchEntry(PAGE_WEIGHT, None)


@dataclass
class SearchRanking:
    """How each page of the site goes into the search index, decided once per build from the model."""

    kb: KnowledgeBase
    _entries: dict[str, SearchEntry | None] = field(init=False, default_factory=dict)
    targets: dict[str, tuple[str, str]] = field(init=False, default_factory=dict)
    """Where each synonyms entry leads: `page:...` target -> (docs path, anchor). Hand-written pages
    are only known to the site generator, so it checks that these exist (`mark_for_index` reports
    anchors it cannot find)."""

    def __post_init__(self) -> None:
        kb, entries = self.kb, self._entries
        for pillar in kb.pillars:
            entries[urls.pillar_page(pillar.id)] = SearchEntry(CONTENT_WEIGHT, "Pillar")
        for facet in kb.facets:
            anchors = " ".join(urls.anchor(p.id) for p in facet.principles)
            entry = SearchEntry(FACET_WEIGHT, "Facet", meta=(("principles", anchors),))
            # Its title is a term of its own: the facet's page answers its theme before case studies using the words.
            entries[urls.facet_page(facet.id)] = entry.with_terms("", [facet.title, *facet.synonyms])
            # A checklist page repeats the principles and items of its facet page word for word:
            # indexing both would list every checklist match twice, so only the facet page (which
            # links to its checklist) is indexed.
            entries[urls.checklist_page(facet.id)] = None
        for case in kb.case_studies:
            meta = (
                ("country", kb.place(case)),
                ("year", str(case.year)),
                ("organisation", case.organisation),
                ("tags", " ".join(case.tags)),
            )
            entries[urls.case_study_page(case.id)] = SearchEntry(CONTENT_WEIGHT, "Case study", meta=meta)
        for country in kb.countries:
            # A country page lists case studies, but it is also the answer to "who has done this in X?".
            entry = SearchEntry(PAGE_WEIGHT, "Country", lists=False)
            entries[urls.country_page(country.code)] = entry.with_terms("", [country.name])
        for listing in (
            urls.CASE_STUDY_INDEX,
            urls.COUNTRY_INDEX,
            urls.CHECKLIST_INDEX,
            urls.TAG_INDEX,
            urls.DATA_INDEX,
        ):
            entries[listing] = SearchEntry(LISTING_WEIGHT, None, lists=False)
        for number in range(2, len(listing_pages(kb)) + 1):
            # Later pages of a split listing hold nothing but entries, which the case study pages index.
            entries[urls.case_study_listing_page(number)] = None
        for synonyms in kb.synonyms:
            path, anchor = self._place(synonyms.target)
            current = entries.get(path, HAND_WRITTEN)
            if current is not None:
                entries[path] = current.with_terms(anchor, synonyms.terms)

    def _place(self, target: str) -> tuple[str, str]:
        """The docs path and heading anchor a (validated) synonyms target leads to."""
        kind, _, name = target.partition(":")
        if kind == "page":
            path, _, anchor = name.partition("#")
            self.targets[target] = (path, anchor)
            return path, anchor
        if kind == "principle":
            return urls.facet_page(self.kb.facet_of_principle[name].id), urls.anchor(name)
        page = {"pillar": urls.pillar_page, "facet": urls.facet_page, "case-study": urls.case_study_page}[kind]
        return page(name), ""

    def entry(self, page_path: str) -> SearchEntry | None:
        """How the page at this docs-relative path is indexed, or None if it is left out."""
        return self._entries.get(page_path, HAND_WRITTEN)


HTML_TAG = re.compile(r"<html\b[^>]*>")


def index_document(html: str) -> str:
    """The part of a marked page that Pagefind reads, as a document of its own: the `<html>` tag
    (the page's language) and the content element (text, headings, meta, weights).

    Pagefind indexes only the `data-pagefind-body` element when a site has one, so the
    navigation, header and footer (two thirds of a page's bytes) need not be sent and parsed:
    the index is the same byte for byte (tests/test_search_bundle.py). A page without the
    content element is sent whole."""
    start = html.find(CONTENT_ELEMENT[:-1])
    end = html.rfind("</article>")
    tag = HTML_TAG.search(html)
    if start < 0 or end < start or tag is None:
        return html
    return f'<!DOCTYPE html>{tag[0]}<head><meta charset="utf-8"></head><body>{html[start:end]}</article></body></html>'


LIST = re.compile(r"<(ul|ol)\b")


def _heading_end(html: str, anchor: str) -> int | None:
    """Where the heading with this id (or the page's first `h1`, for "") ends in `html`, or None."""
    attribute = rf'\sid="{re.escape(anchor)}"' if anchor else ""
    found = re.search(rf"<(h[1-6])\b[^>]*{attribute}[^>]*>.*?</\1>" if anchor else r"<h1\b[^>]*>.*?</h1>", html, re.S)
    return found.end() if found else None


def mark_for_index(html: str, entry: SearchEntry | None) -> tuple[str, list[str]]:
    """Add the Pagefind attributes of `entry` to a built page (None: leave the page out).

    Returns the page and the anchors of `entry.terms` that the page has no heading for.
    Furniture between the template markers is wrapped in `data-pagefind-ignore`; on pages
    whose lists are left out, every list of the content is marked too (the navigation before
    the content is not indexed anyway)."""
    if entry is None:
        return html, []
    head, found, content = html.partition(CONTENT_ELEMENT)
    if not found:
        return html, []
    content = content.replace(NOT_SEARCHED, "<div data-pagefind-ignore>").replace(END_NOT_SEARCHED, "</div>")
    if not entry.lists:
        content = LIST.sub(r"<\1 data-pagefind-ignore", content)
    missing = []
    for anchor, terms in entry.terms:
        end = _heading_end(content, anchor)
        if end is None:
            missing.append(anchor)
        elif anchor:
            # Also in the section's text, so that the section is the result shown under the page.
            words = escape(", ".join(terms))
            content = f"{content[:end]}<span hidden>{words}</span>{content[end:]}"
    meta = [("kind", entry.kind)] if entry.kind else []
    meta += [(name, value) for name, value in entry.meta if value]
    if entry.terms:
        meta.append(("terms", ", ".join(term for _, terms in entry.terms for term in terms)))
    # One field per element: a value may hold commas, which the attribute form would split.
    fields = "".join(f'<span hidden data-pagefind-meta="{escape(f"{name}:{value}")}"></span>' for name, value in meta)
    attributes = "".join(
        f' {name}="{escape(value)}"' if value else f" {name}" for name, value in entry.attributes().items()
    )
    return head + CONTENT_ELEMENT[:-1] + attributes + ">" + fields + content, missing
