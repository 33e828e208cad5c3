"""A search index in parts (render/search_index.py), as a reader and a publisher see it.

A large site is indexed in parts of at most `search_part_pages` pages, one Pagefind process
after the other, and the search box merges them. Here the small knowledge base is built with
parts of 7 pages (20 indexed pages: three parts), and the searches a reader types must find
pages of every part and the same pages as the one-part build (`small_site`).
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Page

from guidebook.cli import main as guidebook_cli
from guidebook.render.search_bundle import ENTRY_FILE, check_index

from .conftest import SMALL_KB, build_or_fail, mkdocs_build
from .site_pages import published_url
from .test_search import SearchBox

PART_PAGES = 7
SIGNATURE = b"pagefind_dcd"
"""What Pagefind puts before the JSON of each decompressed file."""


def with_part_pages(root: Path, part_pages: int) -> Path:
    """A copy of the small knowledge base whose mkdocs.yml indexes in parts of `part_pages` pages."""
    shutil.copytree(SMALL_KB, root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = f"  - guidebook:\n      search_part_pages: {part_pages}\n"
    config.write_text(text.replace("  - guidebook\n", plugin, 1), encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("parted")
    return build_or_fail(with_part_pages(work / "kb", PART_PAGES), work / "site")


def part_folders(site: Path) -> list[Path]:
    """The index's parts as the search box finds them: `pagefind/`, then those `parts.json` lists."""
    index = site / "pagefind"
    listed = json.loads((index / "parts.json").read_text(encoding="utf-8"))["parts"]
    return [index, *(index / part for part in listed)]


def pages_of(part: Path) -> set[str]:
    """The addresses of the pages a part holds, read from its fragments (one per page)."""
    urls = set()
    for fragment in part.glob("fragment/*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(SIGNATURE), fragment
        urls.add(json.loads(data[len(SIGNATURE) :])["url"].lstrip("/"))
    return urls


def indexed_urls(site: Path) -> set[str]:
    """The site-relative address of every page marked for the index."""
    return {
        page.relative_to(site).as_posix().removesuffix("index.html")
        for page in site.rglob("*.html")
        if "data-pagefind-body" in page.read_text(encoding="utf-8")
    }


def test_each_part_is_published_whole_and_together_they_hold_every_page(parted_site: Path) -> None:
    parts = part_folders(parted_site)
    assert [part.relative_to(parted_site).as_posix() for part in parts] == [
        "pagefind",
        "pagefind/parts/2",
        "pagefind/parts/3",
    ]
    for part in parts:
        files = {p.relative_to(part).as_posix(): p.read_bytes() for p in part.rglob("*") if p.is_file()}
        check_index(part, {path: content for path, content in files.items() if not path.startswith("parts/")})
    held = [pages_of(part) for part in parts]
    counts = [
        json.loads((part / ENTRY_FILE).read_text(encoding="utf-8"))["languages"]["en"]["page_count"] for part in parts
    ]
    assert counts == [len(pages) for pages in held] == [7, 7, 6], "equal parts of at most 7 pages"
    assert set().union(*held) == indexed_urls(parted_site)
    assert sum(map(len, held)) == len(indexed_urls(parted_site)), "no page is in two parts"


def titles(site: Path) -> dict[str, str]:
    """Each indexed page's title (its `h1`), by site-relative address."""
    found = {}
    for part in part_folders(site):
        for fragment in part.glob("fragment/*.pf_fragment"):
            data = json.loads(gzip.decompress(fragment.read_bytes())[len(SIGNATURE) :])
            found[data["url"].lstrip("/")] = data["meta"]["title"]
    return found


def searched(box: SearchBox, query: str) -> tuple[str, set[str]]:
    """What a reader sees for `query`: the count of matching pages, and the pages listed (the first 10)."""
    results = box.search(query)
    return box.page.locator(".md-search-result__meta").inner_text(), set(results)


def test_searches_find_pages_of_every_part_and_the_same_pages_as_one_index(
    parted_site: Path, small_site: Path, serve: Callable[[Path], str], page: Page
) -> None:
    queries = sorted(set(titles(parted_site).values())) + ["garden", "school water"]
    answers = {}
    for site in (small_site, parted_site):
        base = published_url(serve, site)
        page.goto(base)
        page.wait_for_load_state("networkidle")
        box = SearchBox(page, base)
        answers[site] = {query: searched(box, query) for query in queries}
    assert answers[parted_site] == answers[small_site]
    found = set().union(*(pages for _, pages in answers[parted_site].values()))
    for part in part_folders(parted_site):
        assert pages_of(part) <= found, f"pages of {part.name} that no search found"


def test_guidebook_index_makes_the_same_parts(parted_site: Path, tmp_path: Path) -> None:
    """A site built without the plugin (the export, by MkDocs) and indexed with `--part-pages`."""
    exported = tmp_path / "export"
    result = CliRunner().invoke(guidebook_cli, ["export", str(exported), "--root", str(SMALL_KB)])
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(exported / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    command = ["index", str(site), "--root", str(SMALL_KB), "--part-pages", str(PART_PAGES)]
    result = CliRunner().invoke(guidebook_cli, command)
    assert result.exit_code == 0, result.output
    assert "Indexed 20 pages" in result.output
    ours, plugins = part_folders(site), part_folders(parted_site)
    assert [p.relative_to(site) for p in ours] == [p.relative_to(parted_site) for p in plugins]
    assert [len(pages_of(part)) for part in ours] == [len(pages_of(part)) for part in plugins]
    assert set().union(*map(pages_of, ours)) == set().union(*map(pages_of, plugins))


def test_a_part_size_below_one_page_is_refused(tmp_path: Path) -> None:
    result = mkdocs_build(with_part_pages(tmp_path / "kb", 0), tmp_path / "site")
    assert result.returncode != 0
    assert "option 'search_part_pages': expected a whole number of 1 or more, got 0" in result.stderr
    assert not (tmp_path / "site").exists()
