"""Render the knowledge base into Markdown pages: pure functions of the model.

Each page kind has one Jinja2 template in `guidebook/templates/`, so the wording and
layout of a page can change without touching Python. Output is deterministic: the
model is already sorted and nothing here reads the clock or the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from ..model import KnowledgeBase
from ..model.markdown_policy import resolve_references
from . import urls
from .assets import PAGE_SCRIPTS, page_assets
from .browser_index import FILTERS_DIR, LIST_LIMIT, is_paged, listing_pages, most_recent
from .data_files import checklist_versions
from .page_reuse import Rendering, reusable_case_study_pages
from .search_pages import END_NOT_SEARCHED, NOT_SEARCHED
from .text import front_matter_value, plain
from .world_map import world_map

OVERVIEW_MARKER = "<!-- guidebook:overview -->"
"""Hand-written pages put this line where the generated pillar and facet overview goes."""


@dataclass(frozen=True)
class Page:
    """A generated Markdown page."""

    path: str
    """Docs-relative path, e.g. `facets/delivery/index.md`."""
    content: str
    source: str | None
    """The YAML file the page is generated from (relative to the root), for edit links."""
    in_nav: bool
    """Whether the page is listed in the navigation (case studies are not: see DESIGN.md)."""
    assets: tuple[str, ...] = ()
    """Published paths of the stylesheets and scripts the page links besides the site-wide ones (render/assets.py)."""


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("guidebook", "templates"),
        autoescape=False,  # the output is Markdown; plain text goes through the `plain` filter
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plain"] = plain
    env.filters["yaml"] = front_matter_value
    env.filters["link"] = _link
    env.filters["markdown"] = _markdown
    env.filters["most_recent"] = most_recent
    env.tests["containing"] = lambda sequence, value: value in sequence
    env.globals.update(
        pillar_page=urls.pillar_page,
        facet_page=urls.facet_page,
        checklist_page=urls.checklist_page,
        checklist_pdf=urls.checklist_pdf,
        ALL_CHECKLISTS_PDF=urls.ALL_CHECKLISTS_PDF,
        case_study_page=urls.case_study_page,
        country_page=urls.country_page,
        anchor=urls.anchor,
        CASE_STUDY_INDEX=urls.CASE_STUDY_INDEX,
        COUNTRY_INDEX=urls.COUNTRY_INDEX,
        CHECKLIST_INDEX=urls.CHECKLIST_INDEX,
        CHECKLIST_CHANGES=urls.CHECKLIST_CHANGES,
        CHECKLIST_ACTION_PLAN=urls.CHECKLIST_ACTION_PLAN,
        CHECKLIST_PROGRESS=urls.CHECKLIST_PROGRESS,
        DATA_DIR=urls.DATA_DIR,
        DATA_INDEX=urls.DATA_INDEX,
        TAG_INDEX=urls.TAG_INDEX,
        FILTERS_DIR=FILTERS_DIR,
        LIST_LIMIT=LIST_LIMIT,
        case_study_listing_page=urls.case_study_listing_page,
        site_root=urls.site_root,
        site_url=urls.site_url,
        page_script=_page_script,
        checklist_versions=checklist_versions,
        NOT_SEARCHED=NOT_SEARCHED,
        END_NOT_SEARCHED=END_NOT_SEARCHED,
    )
    return env


def keep_compiled_templates(cache: jinja2.BytecodeCache | None) -> None:
    """Take guidebook's compiled templates from `cache` (render/build_cache.py) instead of compiling
    them in each process; set before the first page is rendered."""
    environment().bytecode_cache = cache


@jinja2.pass_context
def _page_script(context: jinja2.runtime.Context, name: str) -> str:
    """`{{ page_script("team-merge.js") }}`: load one of the scripts that serve a single page (see render/assets.py).

    Deferred, so it runs after the scripts every page loads (checklist.js, whose functions it uses).
    """
    return f'<script defer src="{urls.site_root(context["page_path"])}{PAGE_SCRIPTS}{name}"></script>'


@jinja2.pass_context
def _link(context: jinja2.runtime.Context, target: str) -> str:
    """`{{ facet_page(f.id) | link }}`: a link to `target` relative to the page being rendered."""
    return urls.relative(context["page_path"], target)


@jinja2.pass_context
def _markdown(context: jinja2.runtime.Context, text: str) -> str:
    """`{{ case.approach | markdown }}`: an editor's Markdown, its `(case-study:<id>)` links made relative links."""
    kb: KnowledgeBase = context["kb"]
    page_path: str = context["page_path"]

    def address(kind: str, target: str) -> str | None:
        page = reference_page(kb, kind, target)
        return None if page is None else urls.relative(page_path, page)

    return resolve_references(text.strip(), address)


def reference_page(kb: KnowledgeBase, kind: str, target: str) -> str | None:
    """The docs-relative page (with anchor) a `[text](<kind>:<id>)` link goes to; None for an unknown id."""
    if kind == "case-study" and target in kb.case_study:
        return urls.case_study_page(target)
    if kind == "facet" and target in kb.facet:
        return urls.facet_page(target)
    if kind == "pillar" and target in kb.pillar:
        return urls.pillar_page(target)
    if kind == "principle" and target in kb.principle:
        return urls.facet_page(kb.facet_of_principle[target].id) + "#" + urls.anchor(target)
    return None


def render_template(name: str, page_path: str, kb: KnowledgeBase, **values: Any) -> str:
    return environment().get_template(name).render(page_path=page_path, kb=kb, **values)


def render_pages(kb: KnowledgeBase, previous: Rendering | None = None) -> list[Page]:
    """Every generated page of the site, in a stable order.

    With the `previous` rendering (the live preview keeps it), case-study pages that an edit
    leaves unchanged are taken from it instead of being rendered again (render/page_reuse.py)."""
    pages: list[Page] = []
    reusable = reusable_case_study_pages(previous, kb) if previous is not None else {}

    def add(path: str, template: str, *, source: str | None = None, in_nav: bool = False, **values: Any) -> None:
        content = render_template(template, path, kb, **values)
        pages.append(Page(path, content, source, in_nav, page_assets(template)))

    for pillar in kb.pillars:
        add(
            urls.pillar_page(pillar.id),
            "pillar.md.j2",
            source=kb.sources[f"pillar:{pillar.id}"],
            in_nav=True,
            pillar=pillar,
        )
    for facet in kb.facets:
        source = kb.sources[f"facet:{facet.id}"]
        add(urls.facet_page(facet.id), "facet.md.j2", source=source, in_nav=True, facet=facet)
        add(urls.checklist_page(facet.id), "checklist.md.j2", source=source, facet=facet)
    add(urls.CHECKLIST_INDEX, "checklists.md.j2", in_nav=True)
    add(urls.CHECKLIST_CHANGES, "checklist_changes.md.j2")
    add(urls.CHECKLIST_ACTION_PLAN, "action_plan.md.j2")
    add(urls.CHECKLIST_PROGRESS, "progress.md.j2")
    listing = listing_pages(kb)
    for number, cases in enumerate(listing, start=1):
        add(
            urls.case_study_listing_page(number),
            "case_studies.md.j2",
            in_nav=number == 1,
            cases=cases,
            page_number=number,
            page_count=len(listing),
        )
    for case in kb.case_studies:
        if case.id in reusable:
            pages.append(reusable[case.id])
        else:
            source = kb.sources[f"case-study:{case.id}"]
            add(urls.case_study_page(case.id), "case_study.md.j2", source=source, case=case)
    add(urls.COUNTRY_INDEX, "countries.md.j2", in_nav=True, world_map=world_map(kb, urls.COUNTRY_INDEX))
    for country in kb.countries:
        add(urls.country_page(country.code), "country.md.j2", country=country)
    add(urls.TAG_INDEX, "tags.md.j2", in_nav=True, paged=is_paged(kb))
    add(urls.DATA_INDEX, "data.md.j2", in_nav=True)
    return pages


def expand_overview(markdown: str, page_path: str, kb: KnowledgeBase) -> str:
    """Replace the overview marker of a hand-written page with the generated overview."""
    if OVERVIEW_MARKER not in markdown:
        return markdown
    overview = render_template("overview.md.j2", page_path, kb).strip()
    return markdown.replace(OVERVIEW_MARKER, overview)
