"""Determinism gate: the same input builds the same site, byte for byte.

Reproducible output keeps reviews honest (a diff of two builds shows only what an edit
changed), lets caches and mirrors skip unchanged files, and proves no build path, clock or
random value leaks into the pages. The second build runs in another folder and with
`SOURCE_DATE_EPOCH` set to another day, so anything that depends on either shows up.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from guidebook.render.search_index import INDEX_DIR, StreamingIndex

from .conftest import SMALL_KB, mkdocs_build

ANOTHER_DAY = "978307200"
"""2001-01-01: the build date the second build claims (reproducible-builds.org's SOURCE_DATE_EPOCH)."""

LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def _without_lastmod(data: bytes) -> bytes:
    return LASTMOD.sub(b"<lastmod/>", data)


BUILD_DATED: dict[str, tuple[str, Callable[[bytes], bytes]]] = {
    "sitemap.xml": (
        "MkDocs writes the build day as every page's <lastmod> (it has no other update date); "
        "search engines read it, so it stays. Compared without the dates.",
        _without_lastmod,
    ),
    "sitemap.xml.gz": (
        "the same sitemap, gzipped with the build day as the gzip header's mtime. "
        "Compared decompressed, without the dates.",
        lambda data: _without_lastmod(gzip.decompress(data)),
    ),
}
"""Files that must carry the build date, why, and how to compare them apart from it."""


def _unchanged(data: bytes) -> bytes:
    return data


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_are_byte_identical(small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ANOTHER_DAY)
    result = mkdocs_build(SMALL_KB / "mkdocs.yml", tmp_path / "elsewhere" / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = _files(small_site), _files(tmp_path / "elsewhere" / "site")
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    assert set(BUILD_DATED) <= set(first), "the allow-list names files the build no longer writes: remove them"
    differing = []
    for path, content in first.items():
        normalise = BUILD_DATED[path][1] if path in BUILD_DATED else _unchanged
        if normalise(content) != normalise(second[path]):
            differing.append(path)
    assert differing == [], "files that differ between two builds of the same input:\n" + "\n".join(differing)


SEARCH_INDEX_WRITES = 30
"""Pagefind's own writer lost the end of a file in about one write in ten: thirty writes catch that."""


def _index_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_every_search_index_write_is_complete(small_site: Path, tmp_path: Path) -> None:
    """The build's search index writer, fed the small site's pages again and again, writes the same
    complete index every time (a truncated `pagefind-ui.js` or an empty stylesheet would differ)."""
    pages = [
        (html, "/" + page.relative_to(small_site).as_posix().removesuffix("index.html"))
        for page in sorted(small_site.rglob("*.html"))
        if "data-pagefind-body" in (html := page.read_text(encoding="utf-8"))
    ]
    writes = []
    for attempt in range(SEARCH_INDEX_WRITES):
        index = StreamingIndex(tmp_path / str(attempt))
        for html, url in pages:
            index.add(html, url)
        assert index.write() == len(pages)
        writes.append(_index_files(tmp_path / str(attempt) / INDEX_DIR))
    differing = [n for n, written in enumerate(writes) if written != writes[0]]
    assert differing == [], f"writes that differ from the first: {differing}"
    # Pagefind's fixed assets (its engine and UI files, not named by a hash) are the build's too.
    built = _index_files(small_site / INDEX_DIR)
    fixed = [path for path in built if "/" not in path and not path.endswith((".pf_meta", ".json"))]
    assert {path: writes[0][path] for path in fixed} == {path: built[path] for path in fixed}
