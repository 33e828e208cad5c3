"""The page types of a built site, and how a reader brings each one into its interesting state.

The accessibility and privacy gates open the same pages in the same states (a filled-in
checklist, filtered case studies, open search results), so both live here, once. Pages are
chosen from the knowledge base, never by name, so the gates run on any knowledge base.

Sites are served under the path of their `site_url` (e.g. `/guidebook/`), as in production:
MkDocs writes the 404 page with absolute links under that path, and the gates must see it
styled and working like readers do.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

from guidebook.model import KnowledgeBase, load_knowledge_base

from .assessment_sites import merge_members, plan_overdue, snapshot_and_compare
from .conftest import ROOT, SMALL_KB


def kb_root(site_name: str) -> Path:
    """The root folder of the knowledge base behind the `ddps` or `small` site fixture."""
    return ROOT if site_name == "ddps" else SMALL_KB


@cache
def knowledge_base(site_name: str) -> KnowledgeBase:
    return load_knowledge_base(kb_root(site_name))


def base_path(site: Path) -> str:
    """The URL path the site is published under, from the canonical link MkDocs writes (`/` without site_url)."""
    found = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    return urlsplit(found.group(1)).path if found else "/"


def published_url(serve: Callable[[Path], str], site: Path) -> str:
    """Serve `site` under its published path and return the site's base URL there."""
    prefix = base_path(site).strip("/")
    if not prefix:
        return serve(site)
    root = site.parent / "published"
    link = root / prefix
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(site, target_is_directory=True)
    return serve(root) + prefix + "/"


def _nothing(page: Page, kb: KnowledgeBase) -> None:
    """Most pages are checked as they load."""


def fill_checklist(page: Page, kb: KnowledgeBase) -> None:
    """Work through the checklist as a team would: set an item's status and write a note, with the page's controls.

    The status may be a choice of radio buttons, a select or a checkbox; the first item's is
    used. A checklist without a status control or a note field fails: it is not interactive.
    """
    content = page.locator("article")
    radios = content.locator("input[type=radio]:visible")
    selects = content.locator("select:visible")
    boxes = content.locator("input[type=checkbox]:visible")
    notes = content.locator("textarea:visible")
    assert radios.count() + selects.count() + boxes.count() and notes.count(), "the checklist has no status or note"
    if radios.count():  # the last choice of the first item's group, e.g. "done"
        group = radios.first.get_attribute("name")
        content.locator(f'input[type=radio][name="{group}"]').last.check()
    elif selects.count():
        selects.first.select_option(index=selects.first.locator("option").count() - 1)
    else:
        boxes.first.check()
    notes.first.fill("Agreed with the data team; review again in June & July.")
    notes.first.blur()


def filter_case_studies(page: Page, kb: KnowledgeBase) -> None:
    """Apply a filter with the case study index's own controls (the first choice of the first filter)."""
    content = page.locator("article")
    selects = content.locator("select:visible")
    boxes = content.locator("input[type=checkbox]:visible")
    assert selects.count() or boxes.count(), "the case study index has no filter controls"
    if selects.count():
        selects.first.select_option(index=1)
    else:
        boxes.first.check()


def show_map(page: Page, kb: KnowledgeBase) -> None:
    """The country index shows its map (drawn at build time, or by a script): check the page with it."""
    page.wait_for_load_state("networkidle")
    assert page.locator("article svg:visible").count(), "the country index shows no map"


def open_search(page: Page, kb: KnowledgeBase) -> None:
    """Open search, type the title of a facet (so any knowledge base has results) key by key, and wait for them."""
    search = page.locator("input[type=search], input[role=combobox], input[data-md-component=search-query]")
    if not search.first.is_visible():
        page.locator("label[for=__search], button[aria-label*=earch]").first.click()
    search.first.press_sequentially(kb.facets[0].title)
    page.locator(".md-search-result__item, .pagefind-ui__result").first.wait_for(state="visible")


@dataclass(frozen=True)
class PageType:
    name: str
    path: Callable[[KnowledgeBase], str]
    """The page's URL path relative to the site's base."""
    prepare: Callable[[Page, KnowledgeBase], None] = _nothing
    """What a reader does on the page before it is checked."""
    hand_written: str | None = None
    """The page's file in content/ when it is hand-written: only knowledge bases that have that file have the page."""


PAGE_TYPES = [
    PageType("home", lambda kb: ""),
    PageType("about", lambda kb: "about/", hand_written="about.md"),
    PageType("pillar", lambda kb: f"pillars/{kb.pillars[0].id}/"),
    PageType("facet", lambda kb: f"facets/{kb.facets[0].id}/"),
    PageType("checklist", lambda kb: f"facets/{kb.facets[0].id}/checklist/", fill_checklist),
    PageType("checklists overview", lambda kb: "checklists/"),
    PageType("team merge", lambda kb: "checklists/", merge_members),
    PageType("action plan", lambda kb: "checklists/action-plan/", plan_overdue),
    PageType("progress", lambda kb: "checklists/progress/", snapshot_and_compare),
    PageType("what changed", lambda kb: "checklists/changes/"),
    PageType("case study index", lambda kb: "case-studies/", filter_case_studies),
    PageType("case study", lambda kb: f"case-studies/{kb.case_studies[0].id}/"),
    PageType("country index", lambda kb: "countries/", show_map),
    PageType("country", lambda kb: f"countries/{kb.countries[0].slug}/"),
    PageType("data page", lambda kb: "data/"),
    PageType("search results", lambda kb: "", open_search),
    PageType("404", lambda kb: "404.html"),
]


def page_types(site_name: str) -> list[PageType]:
    """The page types this knowledge base's site has (decided before the build, so tests can be listed)."""
    content = kb_root(site_name) / "content"
    return [kind for kind in PAGE_TYPES if kind.hand_written is None or (content / kind.hand_written).is_file()]
