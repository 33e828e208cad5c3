"""The site after Material's end of life: the export, Zensical's build and `guidebook index`.

The gates every build must pass (links, accessibility, privacy, checklists) take the Zensical
build as one more site (`gated_site` in conftest.py); here is what is particular to it: the
export and the plugin give the same Markdown, `guidebook index` ranks pages exactly as the
plugin does, and `make build-zensical` builds a knowledge base other than the shipped one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from guidebook.cli import main as guidebook_cli

from .conftest import ROOT, SMALL_KB, make_build_zensical

CONTENT_ELEMENT = re.compile(r'<article class="md-content__inner md-typeset"[^>]*>')

DUMP_HOOK = """
from pathlib import Path

def on_page_markdown(markdown, page, config, files):
    target = Path({out!r}) / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(markdown, encoding="utf-8")
"""
"""An MkDocs hook (run after the plugins) that saves each page's Markdown as the plugin hands it to MkDocs."""


def test_the_plugin_and_the_export_give_every_page_the_same_markdown(tmp_path: Path) -> None:
    dumped = tmp_path / "plugin-markdown"
    hook = tmp_path / "dump_markdown.py"
    hook.write_text(DUMP_HOOK.format(out=str(dumped)), encoding="utf-8")
    # Only guidebook: the tags plugin rewrites the tag index's Markdown in both builds alike.
    config = load_config(
        str(SMALL_KB / "mkdocs.yml"), site_dir=str(tmp_path / "site"), hooks=[str(hook)], plugins=["guidebook"]
    )
    build(config)
    result = CliRunner().invoke(guidebook_cli, ["export", str(tmp_path / "export"), "--root", str(SMALL_KB)])
    assert result.exit_code == 0, result.output

    exported = tmp_path / "export" / "docs"
    exported_pages = {p.relative_to(exported).as_posix() for p in exported.rglob("*.md")}
    plugin_pages = {p.relative_to(dumped).as_posix() for p in dumped.rglob("*.md")}
    assert exported_pages == plugin_pages
    different = [
        page
        for page in sorted(plugin_pages)
        if get_data((exported / page).read_text(encoding="utf-8"))[0] != (dumped / page).read_text(encoding="utf-8")
    ]
    assert different == [], f"the export's Markdown differs from the plugin's on {different}"


def search_marks(site: Path) -> dict[str, str]:
    """Each page's content element with its Pagefind attributes: how the page is ranked, or left out."""
    marks = {}
    for page in sorted(site.rglob("*.html")):
        found = CONTENT_ELEMENT.search(page.read_text(encoding="utf-8"))
        if found and page.name != "404.html":
            marks[page.relative_to(site).as_posix()] = found.group(0)
    return marks


def indexed_pages(site: Path) -> int:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def test_guidebook_index_ranks_the_zensical_build_as_the_plugin_ranks_its_own(
    ddps_site: Path, zensical_site: Path
) -> None:
    assert search_marks(zensical_site) == search_marks(ddps_site)
    assert indexed_pages(zensical_site) == indexed_pages(ddps_site)
    facet = json.loads((zensical_site / "data" / "knowledge-base.json").read_text(encoding="utf-8"))["facets"][0]
    page = (zensical_site / "facets" / facet["id"] / "index.html").read_text(encoding="utf-8")
    assert '<script src="../../assets/guidebook-search/search.js" defer></script>' in page
    # The not-found page is served at any address: its links, and the search box's, are absolute.
    not_found = (zensical_site / "404.html").read_text(encoding="utf-8")
    assert '<script src="/guidebook/assets/guidebook-search/search.js" defer></script>' in not_found


def test_the_zensical_build_has_the_plugin_builds_files(ddps_site: Path, zensical_site: Path) -> None:
    """Same pages and URLs, checklists, PDFs, open data and assets; only each engine's own files differ."""

    def files(site: Path) -> set[str]:
        return {
            p.relative_to(site).as_posix()
            for p in site.rglob("*")
            if p.is_file() and p.parts[len(site.parts)] not in ("assets", "pagefind", "search")
        }

    # MkDocs also gzips its sitemap, and Material's tags plugin writes its tag list for Material's search.
    assert files(ddps_site) - files(zensical_site) == {"sitemap.xml.gz", "tags.json"}


def test_the_export_leaves_the_search_to_guidebook_index_and_picks_materials_look(tmp_path: Path) -> None:
    result = CliRunner().invoke(guidebook_cli, ["export", str(tmp_path / "export"), "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    assert f"guidebook index {tmp_path / 'export' / 'site'}" in result.output
    config = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {"search": {"enabled": False}} in config["plugins"]
    assert config["theme"]["variant"] == "classic"
    assert "content.action.edit" not in config["theme"]["features"]


def test_the_zensical_build_has_no_edit_links_to_files_that_do_not_exist(zensical_site: Path) -> None:
    assert [p for p in zensical_site.rglob("*.html") if 'rel="edit"' in p.read_text(encoding="utf-8")] == []


def test_index_refuses_a_folder_that_is_not_a_built_site(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html><head></head><body>Hello</body></html>", encoding="utf-8")
    result = CliRunner().invoke(guidebook_cli, ["index", str(tmp_path / "site"), "--root", str(SMALL_KB)])
    assert result.exit_code == 1
    assert "expected a site built with the material theme" in result.output
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == ["index.html"]


def test_make_build_zensical_builds_another_knowledge_base(tmp_path: Path) -> None:
    site = make_build_zensical(SMALL_KB, tmp_path)
    data = json.loads((site / "data" / "knowledge-base.json").read_text(encoding="utf-8"))
    for facet in data["facets"]:
        assert (site / "facets" / facet["id"] / "checklist" / "index.html").is_file()
        assert (site / "facets" / facet["id"] / "checklist.pdf").is_file()
    assert indexed_pages(site) > len(data["facets"])
