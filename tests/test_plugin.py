"""Integration: the MkDocs adapter, checked on real builds of both knowledge bases.

Everything here reads the HTML that MkDocs wrote: the sidebar a reader sees, the
links they can follow, the edit button, and what happens to an editor whose file
is wrong.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from guidebook.cli import main as guidebook_cli

from .conftest import SMALL_KB, mkdocs_build
from .site_html import html_pages, is_internal, parse, resolve, targets, text
from .site_pages import kb_root
from .site_pages import knowledge_base as kb_of


def test_pillars_and_facets_are_in_the_sidebar_but_case_studies_are_not(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = kb_of(name)
    sidebar = targets(site, "index.html", where="sidebar")
    expected = {f"pillars/{p.id}/index.html" for p in kb.pillars} | {f"facets/{f.id}/index.html" for f in kb.facets}
    assert expected <= sidebar
    cases = {f"case-studies/{c.id}/index.html" for c in kb.case_studies}
    assert "case-studies/index.html" in sidebar
    assert sidebar & cases == set()
    # Not on a case study page either: the sidebar never grows with the number of case studies.
    first_case = f"case-studies/{kb.case_studies[0].id}/index.html"
    assert targets(site, first_case, where="sidebar") & cases == set()


def test_every_case_study_is_reachable_from_the_listings(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = kb_of(name)
    from_index = targets(site, "case-studies/index.html")
    # International case studies filed under no country are listed on the countries index.
    country_pages = [f"countries/{c.slug}/index.html" for c in kb.countries] + ["countries/index.html"]
    from_countries = set().union(*(targets(site, page) for page in country_pages))
    for case in kb.case_studies:
        assert f"case-studies/{case.id}/index.html" in from_index
        assert f"case-studies/{case.id}/index.html" in from_countries


def test_every_internal_link_and_anchor_resolves(any_site: tuple[str, Path]) -> None:
    _, site = any_site
    broken = []
    # 404.html is served at any missing URL, so its links are absolute (under site_url) by design.
    for page in [p for p in html_pages(site) if p != "404.html"]:
        for link in parse(site / page).links:
            if not is_internal(link.href):
                continue
            target, fragment = resolve(page, link.href)
            if not (site / target).is_file():
                broken.append(f"{page}: {link.href} -> {target} (missing)")
            elif fragment and target.endswith(".html") and fragment not in parse(site / target).ids:
                broken.append(f"{page}: {link.href} (no id '{fragment}' in {target})")
    assert broken == []


def test_backlinks_and_cross_links_are_on_the_pages(any_site: tuple[str, Path]) -> None:
    """facet -> its case studies, principle -> citing case studies, pillar -> facets, case -> facets."""
    name, site = any_site
    kb = kb_of(name)
    for pillar in kb.pillars:
        linked = targets(site, f"pillars/{pillar.id}/index.html")
        assert {f"facets/{f.id}/index.html" for f in kb.facets_of_pillar[pillar.id]} <= linked
    for facet in kb.facets:
        linked = targets(site, f"facets/{facet.id}/index.html")
        assert {f"case-studies/{c.id}/index.html" for c in kb.case_studies_of_facet[facet.id]} <= linked
        assert {f"facets/{other}/index.html" for other in facet.related} <= linked
        assert f"facets/{facet.id}/checklist/index.html" in linked
    for case in kb.case_studies:
        page = f"case-studies/{case.id}/index.html"
        links = [resolve(page, link.href) for link in parse(site / page).links if link.in_article]
        for facet_id in case.facets:
            assert (f"facets/{facet_id}/index.html", "") in links
        for principle_id in case.principles:
            owner = kb.facet_of_principle[principle_id]
            assert (f"facets/{owner.id}/index.html", principle_id.lower()) in links
        place = f"countries/{case.country.lower()}/index.html" if case.country else "countries/index.html"
        assert place in {target for target, _ in links}


def test_principles_list_the_case_studies_that_cite_them(small_site: Path) -> None:
    assert "Case studies citing CP1: A rooftop garden on a city school." in text(
        small_site, "facets/composting/index.html"
    )


def edit_links(site: Path, page: str) -> list[str]:
    return [link.href for link in parse(site / page).links if link.rel == "edit"]


def test_edit_links_open_the_yaml_source(any_site: tuple[str, Path]) -> None:
    name, site = any_site
    kb = kb_of(name)
    repo_url = yaml.safe_load((kb_root(name) / "mkdocs.yml").read_text(encoding="utf-8"))["repo_url"].rstrip("/")
    edit = f"{repo_url}/edit/main/"
    facet = kb.facets[0]
    case = kb.case_studies[0]
    assert edit_links(site, f"facets/{facet.id}/index.html") == [f"{edit}facets/{facet.id}.yml"]
    assert edit_links(site, f"facets/{facet.id}/checklist/index.html") == [f"{edit}facets/{facet.id}.yml"]
    assert edit_links(site, f"pillars/{kb.pillars[0].id}/index.html") == [f"{edit}facets/pillars.yml"]
    assert edit_links(site, f"case-studies/{case.id}/index.html") == [f"{edit}case_studies/{case.id}.yml"]
    assert edit_links(site, "index.html") == [f"{edit}content/index.md"]
    # Listing pages have no file of their own: no edit button that would open a missing file.
    assert edit_links(site, "countries/index.html") == []
    assert edit_links(site, "case-studies/index.html") == []


def broken_copy(tmp_path: Path) -> Path:
    """A copy of the small knowledge base whose case study names a facet that does not exist."""
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    case = root / "case_studies" / "nairobi-rain-barrels.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("facets: [watering]", "facets: [waterin]"), "utf-8")
    return root


def test_invalid_content_stops_the_build_with_the_editors_error(tmp_path: Path) -> None:
    root = broken_copy(tmp_path)
    site = tmp_path / "site"
    result = mkdocs_build(root / "mkdocs.yml", site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    # Line 16 is `facets: [waterin]`; the id starts at column 10.
    assert "case_studies/nairobi-rain-barrels.yml:16:10: facets[0]: unknown facet 'waterin'" in output
    assert "did you mean 'watering'?" in output
    assert "Traceback" not in output
    assert not site.exists()


def test_invalid_content_leaves_an_earlier_site_untouched(tmp_path: Path) -> None:
    root = broken_copy(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good build", encoding="utf-8")
    assert mkdocs_build(root / "mkdocs.yml", site).returncode != 0
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the last good build"


@pytest.fixture(scope="session", params=["ddps", "small"])
def exported_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """`guidebook export` of each knowledge base, built by MkDocs without the plugin."""
    name = request.param
    out = tmp_path_factory.mktemp(f"export-{name}") / "export"
    result = CliRunner().invoke(guidebook_cli, ["export", str(out), "--root", str(kb_root(name))])
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "guidebook" not in [p if isinstance(p, str) else next(iter(p)) for p in config.get("plugins", [])]
    built = mkdocs_build(out / "mkdocs.yml", out / "site")
    assert built.returncode == 0, built.stdout + built.stderr
    return name, out / "site"


def test_export_builds_with_plain_mkdocs_into_the_same_pages(
    exported_site: tuple[str, Path], request: pytest.FixtureRequest
) -> None:
    name, exported = exported_site
    site: Path = request.getfixturevalue(f"{name}_site")
    assert html_pages(exported) == html_pages(site)
    differ = [page for page in html_pages(site) if text(site, page) != text(exported, page)]
    assert differ == []


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("index.md#no-such-heading", "index.md#no-such-heading names no heading of that page"),
        ("no-such-page.md#intro", "no-such-page.md#intro is not a page of the docs folder"),
    ],
)
def test_a_synonym_leading_to_a_missing_page_or_heading_stops_the_build(
    tmp_path: Path, target: str, message: str
) -> None:
    """A hand-written page's headings are known only once it is built: the build names the entry to fix."""
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    synonyms = root / "facets" / "synonyms.yml"
    synonyms.write_text(synonyms.read_text(encoding="utf-8") + f"- target: page:{target}\n  terms: [mulch]\n", "utf-8")
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"facets/synonyms.yml:6:11: target: {message}" in output
    assert "Traceback" not in output
