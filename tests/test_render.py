"""Rendering: escaping, the Markdown fields, deterministic output, and one golden page.

Pages are converted to HTML with Python-Markdown and the small knowledge base's
extensions, so the assertions are about what a reader sees, not about backslashes.

To accept an intended change of the golden page, regenerate it and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py -k golden
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import markdown
import pytest
import yaml

from guidebook.model import KnowledgeBase, load_knowledge_base
from guidebook.model.markdown_policy import check_plain
from guidebook.render import Page, expand_overview, render_data_files, render_pages
from guidebook.render.text import plain

from .conftest import ROOT, SMALL_KB

GOLDEN = Path(__file__).parent / "golden" / "small-kb-facets-composting.md"
GOLDEN_PAGE = "facets/composting/index.md"


def _extensions() -> tuple[list[str], dict[str, dict[str, object]]]:
    """The Markdown extensions and their options, as the small knowledge base's mkdocs.yml lists them."""
    entries = yaml.safe_load((SMALL_KB / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
    names = [e if isinstance(e, str) else next(iter(e)) for e in entries]
    configs = {next(iter(e)): next(iter(e.values())) for e in entries if isinstance(e, dict)}
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _extensions()
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


@pytest.fixture(scope="module")
def small() -> KnowledgeBase:
    return load_knowledge_base(SMALL_KB)


@pytest.fixture(scope="module")
def pages(small: KnowledgeBase) -> dict[str, Page]:
    return {page.path: page for page in render_pages(small)}


def to_html(text: str) -> str:
    """Markdown as HTML, with the extensions MkDocs uses for the small knowledge base."""
    return str(markdown.markdown(text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS))


def page_html(page: Page) -> str:
    """The page body as HTML (front matter removed, as MkDocs does)."""
    return to_html(FRONT_MATTER.sub("", page.content))


def front_matter(page: Page) -> dict[str, str]:
    found = FRONT_MATTER.match(page.content)
    assert found, page.path
    meta: dict[str, str] = yaml.safe_load(found.group(1))
    return meta


def test_every_page_kind_is_rendered_with_its_source_and_nav_flag(pages: dict[str, Page]) -> None:
    assert pages["facets/composting/index.md"].source == "facets/composting.yml"
    assert pages["facets/composting/checklist/index.md"].source == "facets/composting.yml"
    assert pages["pillars/soil/index.md"].source == "facets/pillars.yml"
    assert pages["case-studies/kyoto-rooftop-garden.md"].source == "case_studies/kyoto-rooftop-garden.yml"
    assert pages["countries/jp.md"].source is None
    in_nav = {path for path, page in pages.items() if page.in_nav}
    assert "pillars/soil/index.md" in in_nav and "facets/volunteers/index.md" in in_nav
    assert not any(
        path.startswith(("case-studies/", "countries/")) and path.count("/") == 1 and "index" not in path
        for path in in_nav
    )


def test_plain_text_is_shown_exactly_as_typed(pages: dict[str, Page]) -> None:
    """The volunteers summary holds `*` and `[ ]`; the title holds `&`."""
    html = page_html(pages["facets/volunteers/index.md"])
    assert (
        "<strong>Finding and keeping the people who look after the garden in summer [and after] * rain or shine.</strong>"
        in html
    )
    assert "<em>" not in html
    assert '<h1 id="volunteers-helpers">Volunteers &amp; helpers<a class="headerlink"' in html
    assert "&amp;amp;" not in html
    assert front_matter(pages["facets/volunteers/index.md"])["title"] == "Volunteers & helpers"
    listing = page_html(pages["pillars/community/index.md"])
    summary = "Finding and keeping the people who look after the garden in summer [and after] * rain or shine."
    assert f">Volunteers &amp; helpers</a></strong>: {summary}" in listing


@pytest.mark.parametrize(
    "typed",
    [
        "a <b>bold</b> & <script>x</script>",
        "~~struck~~ `code` _under_ #tag {: .cls} \\ | pipe",
        "- not a list",
        "1. not a list either",
        "![image](https://example.org/x.png)",
        "two\nlines",
    ],
)
def test_plain_filter_never_produces_markup(typed: str) -> None:
    html = to_html(plain(typed))
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[len("<p>") : -len("</p>")]
    assert "<" not in inner
    assert unescape(inner) == " ".join(typed.split())


def test_markdown_fields_keep_their_markdown(pages: dict[str, Page]) -> None:
    html = page_html(pages["facets/composting/index.md"])
    assert "<strong>air</strong>" in html
    assert '<a href="https://en.wikipedia.org/wiki/Compost">a guide</a>' in html
    assert "<strong>compost</strong>" in page_html(pages["case-studies/kyoto-rooftop-garden.md"])


def test_rendering_is_deterministic() -> None:
    """Two independent loads and renders give byte-identical pages and data files."""
    for root in (SMALL_KB, ROOT):
        first, second = load_knowledge_base(root), load_knowledge_base(root)
        assert [(p.path, p.content.encode()) for p in render_pages(first)] == [
            (p.path, p.content.encode()) for p in render_pages(second)
        ]
        assert render_data_files(first) == render_data_files(second)


def test_overview_marker_is_replaced_by_the_pillars_and_facets(small: KnowledgeBase) -> None:
    home = (SMALL_KB / "content" / "index.md").read_text(encoding="utf-8")
    expanded = expand_overview(home, "index.md", small)
    assert "guidebook:overview" not in expanded
    assert "### [Healthy soil](pillars/soil/index.md)" in expanded
    assert "- [Watering](facets/watering/index.md): Giving plants the water they need without waste." in expanded
    assert expand_overview("# No marker\n", "index.md", small) == "# No marker\n"


def test_golden_facet_page(pages: dict[str, Page]) -> None:
    rendered = pages[GOLDEN_PAGE].content
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(rendered, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert rendered == expected, (
        f"{GOLDEN_PAGE} changed. If the change is intended, run "
        "`UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render.py -k golden` and review the diff of " + str(GOLDEN)
    )


@pytest.mark.parametrize("typed", ["Tom & Jerry", "a < b", "I <3 compost", "x > y", "R&D <-> ops"])
def test_plain_fields_accept_text_that_only_looks_like_markup(typed: str) -> None:
    assert check_plain(typed) == typed
    assert unescape(to_html(plain(typed))[len("<p>") : -len("</p>")]) == typed


def test_relative_links_match_relpath_between_every_pair_of_pages() -> None:
    """`urls.relative` computes relpath on strings; it must give relpath's answer for every page pair."""
    import posixpath

    from guidebook.render import urls

    paths = [page.path for page in render_pages(load_knowledge_base(SMALL_KB))] + ["index.md", "data/x.csv"]
    for start in paths:
        for target in paths:
            expected = posixpath.relpath(target, posixpath.dirname(start) or ".")
            assert urls.relative(start, target + "#a") == expected + "#a", (start, target)
            assert urls.relative(start, posixpath.dirname(target) or ".") == posixpath.relpath(
                posixpath.dirname(target) or ".", posixpath.dirname(start) or "."
            ), (start, target)
