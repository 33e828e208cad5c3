"""Accessibility gate: WCAG 2.2 AA with axe-core on every page type, plus what axe cannot see (keyboard use).

axe-core is the npm package pinned in package.json (installed by `npm ci`), injected from
node_modules into headless Chromium: no request leaves the machine. Each page type is checked
in the light and the dark palette, in the state a reader brings it to (a filled-in checklist,
filtered case studies, open search results). Failures list every violation with the elements
concerned, so the fix can start from the test output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from .conftest import ROOT
from .site_pages import PAGE_TYPES, PageType, knowledge_base, page_types, published_url

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
"""Wide enough for Material to show the sidebar and the search field in the header."""

RUNS = [("ddps", "light"), ("ddps", "dark"), ("small", "light"), ("zensical", "light"), ("zensical", "dark")]
"""The shipped site in both palettes, built by the plugin and by Zensical; the small knowledge base
(light palette only) guards the generator."""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (injected by `session`) with the WCAG 2.0-2.2 A and AA rules on the page as it is now.

    Transitions run to their end first: mid-fade colours are not what a reader reads.
    """
    page.evaluate("() => Promise.all(document.getAnimations().map(animation => animation.finished))")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule: what it requires and which elements fail it, and why."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def session(
    browser: Browser, serve: Callable[[Path], str], request: pytest.FixtureRequest
) -> Iterator[Callable[[str, str, str], Page]]:
    """`session(site_name, scheme, path)` opens a page as one reader would, in a profile of their own per palette.

    Each (site, palette) pair has its own browser profile, so no stored palette choice
    interferes; the pages of one pair share it, as a reader's visit does (the checklist
    overview then shows the state set on a checklist page).
    """
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (the Makefile's install step does)")
    contexts: dict[tuple[str, str], BrowserContext] = {}

    def open_page(site_name: str, scheme: str, path: str) -> Page:
        if (site_name, scheme) not in contexts:
            context = browser.new_context(color_scheme=scheme, viewport=DESKTOP)  # type: ignore[arg-type]
            context.add_init_script(path=AXE)
            contexts[site_name, scheme] = context
        page = contexts[site_name, scheme].new_page()
        page.goto(published_url(serve, request.getfixturevalue(f"{site_name}_site")) + path)
        return page

    yield open_page
    for context in contexts.values():
        context.close()


CASES = [(site, scheme, kind) for site, scheme in RUNS for kind in page_types(site)]


@pytest.mark.parametrize(
    ("site_name", "scheme", "kind"), CASES, ids=[f"{s}-{c}-{k.name.replace(' ', '-')}" for s, c, k in CASES]
)
def test_no_wcag_violations(
    session: Callable[[str, str, str], Page], site_name: str, scheme: str, kind: PageType
) -> None:
    kb = knowledge_base(site_name)
    page = session(site_name, scheme, kind.path(kb))
    kind.prepare(page, kb)
    if scheme == "dark":  # Material follows prefers-color-scheme; make sure its dark palette is what axe sees
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate", "the dark palette is not on"
    violations = axe_violations(page)
    page.close()
    assert violations == [], f"{kind.name} page ({page.url}, {scheme} palette):\n{describe(violations)}"


# What axe cannot see: using the site with the keyboard alone.

FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        html: element.outerHTML.slice(0, 120),
        tag: element.tagName.toLowerCase(),
        href: element.getAttribute('href'),
        visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden',
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        ring: style.boxShadow !== 'none',
        in_main: !!element.closest('main .md-content'),
        in_sidebar: !!element.closest('.md-sidebar--primary nav'),
        in_search: !!element.closest('[class*=search], [role=search], [class*=pagefind]'),
        searchable: element.matches('input[type=search], input[role=combobox], [data-md-component=search-query]'),
    };
}"""
"""Facts about the element that has the keyboard focus."""

TAB_LIMIT = 150
"""More than the header, the sidebar and the start of a page's content hold in tab stops."""

KEYBOARD_SITES = ["ddps", "small", "zensical"]
PAGE_TYPES_BY_NAME = {kind.name: kind for kind in PAGE_TYPES}


def tab_through(page: Page, limit: int = TAB_LIMIT) -> list[dict[str, Any]]:
    """Press Tab `limit` times from the top of the page; what had the focus each time."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
    return stops


def facet_page(session: Callable[[str, str, str], Page], site_name: str) -> Page:
    return session(site_name, "light", PAGE_TYPES_BY_NAME["facet"].path(knowledge_base(site_name)))


@pytest.mark.parametrize("site_name", KEYBOARD_SITES)
def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(
    session: Callable[[str, str, str], Page], site_name: str
) -> None:
    page = facet_page(session, site_name)
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["html"].startswith('<a href="#') and skip["visible"] and skip["outline"], skip
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == skip["href"]
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["in_main"], "after the skip link, Tab goes on inside the page's content"


@pytest.mark.parametrize("site_name", KEYBOARD_SITES)
def test_landmarks_let_screen_reader_users_jump_to_each_region(
    session: Callable[[str, str, str], Page], site_name: str
) -> None:
    page = facet_page(session, site_name)
    counts = {role: page.get_by_role(role).count() for role in ("banner", "main", "navigation", "contentinfo")}  # type: ignore[arg-type]
    assert counts["banner"] == 1 and counts["main"] == 1 and counts["contentinfo"] == 1, counts
    assert counts["navigation"] >= 1, counts


@pytest.mark.parametrize("site_name", KEYBOARD_SITES)
def test_every_tab_stop_shows_where_the_focus_is(session: Callable[[str, str, str], Page], site_name: str) -> None:
    page = facet_page(session, site_name)
    stops = [stop for stop in tab_through(page) if stop["tag"] != "body"]  # body: Tab went past the last stop
    hidden_focus = [stop["html"] for stop in stops if stop["visible"] and not (stop["outline"] or stop["ring"])]
    assert hidden_focus == [], "focused without a visible outline:\n" + "\n".join(hidden_focus)


@pytest.mark.parametrize("site_name", KEYBOARD_SITES)
def test_sidebar_and_search_are_reachable_by_keyboard(session: Callable[[str, str, str], Page], site_name: str) -> None:
    page = facet_page(session, site_name)
    stops = tab_through(page)
    assert any(stop["in_sidebar"] and stop["tag"] == "a" for stop in stops), "no sidebar link takes the focus"
    assert any(stop["searchable"] for stop in stops), "the search field never takes the focus"


@pytest.mark.parametrize("site_name", KEYBOARD_SITES)
def test_search_results_can_be_opened_by_keyboard(session: Callable[[str, str, str], Page], site_name: str) -> None:
    kb = knowledge_base(site_name)
    page = facet_page(session, site_name)
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["searchable"]:
            break
    page.keyboard.type(kb.facets[-1].title)
    page.locator(".md-search-result__item, .pagefind-ui__result").first.wait_for(state="visible")
    # A search box may be a combobox (arrow keys move into the results) or a plain field (Tab does).
    for key in ["ArrowDown", *["Tab"] * 20]:
        page.keyboard.press(key)
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "a" and stop["in_search"]:
            break
    assert stop["tag"] == "a" and stop["in_search"], f"the keyboard does not reach a search result: {stop}"
    before = page.url
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != before)
