"""The search index reaches the site whole, or the build says what is wrong (render/search_bundle.py)."""

from __future__ import annotations

import asyncio
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from guidebook.render.search_bundle import IncompleteSearchIndex, check_index, publish_index
from guidebook.render.search_index import INDEX_DIR, StreamingIndex, _read_reply
from guidebook.render.search_pages import index_document


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_index_cut_short_is_a_clear_error(small_site: Path, tmp_path: Path) -> None:
    """The two faults once seen in a published site: `pagefind-ui.js` cut at 64 KiB, an empty stylesheet."""
    produced = _files(small_site / INDEX_DIR)
    copy = shutil.copytree(small_site / INDEX_DIR, tmp_path / INDEX_DIR)
    (copy / "pagefind-ui.js").write_bytes(produced["pagefind-ui.js"][:65536])
    (copy / "pagefind-modular-ui.css").write_bytes(b"")
    with pytest.raises(IncompleteSearchIndex) as raised:
        check_index(copy, produced)
    message = str(raised.value)
    assert "pagefind-ui.js: 65536 bytes on disk differ from the" in message
    assert "pagefind-modular-ui.css: 0 bytes on disk differ from the" in message


def test_an_index_without_its_engine_is_not_published(small_site: Path, tmp_path: Path) -> None:
    produced = _files(small_site / INDEX_DIR)
    del produced["pagefind.js"]
    earlier = tmp_path / "site" / INDEX_DIR
    earlier.mkdir(parents=True)
    (earlier / "pagefind.js").write_text("the last good index", encoding="utf-8")
    with pytest.raises(IncompleteSearchIndex, match="pagefind.js: missing"):
        publish_index(produced, earlier)
    assert _files(earlier) == {"pagefind.js": b"the last good index"}
    assert [p.name for p in earlier.parent.iterdir()] == [INDEX_DIR], "no temporary folder left behind"


def test_a_whole_index_replaces_the_earlier_one(small_site: Path, tmp_path: Path) -> None:
    produced = _files(small_site / INDEX_DIR)
    output = tmp_path / "site" / INDEX_DIR
    output.mkdir(parents=True)
    (output / "stale.pf_index").write_bytes(b"from an earlier build")
    indexed = [page for page in small_site.rglob("*.html") if "data-pagefind-body" in page.read_text(encoding="utf-8")]
    assert publish_index(produced, output) == len(indexed)
    assert _files(output) == produced


def test_a_reply_longer_than_the_read_buffer_arrives_whole() -> None:
    """Pagefind sends the whole index as one reply; a large site's is longer than asyncio's buffer limit."""

    async def read() -> bytes:
        stream = asyncio.StreamReader(limit=64)
        stream.feed_data(b"x" * 1000 + b",next,")
        stream.feed_eof()
        return await _read_reply(stream)

    # On a thread of its own: Playwright's session (other tests) keeps an event loop running on this one.
    with ThreadPoolExecutor(1) as thread:
        assert thread.submit(asyncio.run, read()).result() == b"x" * 1000


def test_an_index_of_page_contents_equals_one_of_whole_pages(any_site: tuple[str, Path], tmp_path: Path) -> None:
    """Pagefind gets only each page's content element (`index_document`): its index must be the
    one it makes from the whole pages, byte for byte."""
    _, site = any_site
    pages = {
        "/" + path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
        if INDEX_DIR not in path.relative_to(site).parts
    }
    indexes = {}
    for name, document in (("whole", lambda html: html), ("content", index_document)):
        index = StreamingIndex(tmp_path / name)
        for url, html in pages.items():
            index.add(document(html), url)
        assert index.write() > 10
        indexes[name] = _files(tmp_path / name / INDEX_DIR)
    assert sum(len(index_document(html)) for html in pages.values()) < sum(map(len, pages.values())) / 2
    assert indexes["content"] == indexes["whole"]
