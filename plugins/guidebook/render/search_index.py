"""The site search: which pages are indexed, how they rank, and the Pagefind index itself.

Material's built-in search sends every reader one JSON file holding the whole site
(about 3.8 KB per page: some 38 MB at 10,000 case studies) before the first result.
Pagefind splits its index into small chunks by word and loads only those that a
query needs, so a first search costs a few hundred kilobytes at any size.

Pagefind reads the built HTML, so the ranking travels in the pages as `data-pagefind-*`
attributes (see search_pages.py). The MkDocs plugin sends each page to a `StreamingIndex` as soon as it is rendered, so Pagefind
indexes in its own process while MkDocs renders the rest.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

INDEX_DIR = "pagefind"
"""Folder of the built site that holds the index and Pagefind's search engine (`pagefind.js`)."""

IGNORED_SELECTORS = [".headerlink", ".md-content__button", ".md-source-file"]
"""Permalink signs, edit buttons and "last update" lines: not words a reader searches for."""


def _empty(output: Path) -> Path:
    if output.exists():
        shutil.rmtree(output)
    return output.resolve()


def _page_count(output: Path, wait: float = 30.0) -> int:
    """Pages in the written index, from its entry file (replies to adding count files read, not pages indexed).

    Pagefind can reply to `write_files` before the entry file is on disk (seen under load: an empty
    or missing `pagefind-entry.json` right after the reply), so this waits for it to be complete;
    the caller stops Pagefind only then."""
    entry_file = output / "pagefind-entry.json"
    deadline = time.monotonic() + wait
    while True:
        try:
            entry = json.loads(entry_file.read_text(encoding="utf-8"))
            return sum(int(language["page_count"]) for language in entry["languages"].values())
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _config(output: Path) -> IndexConfig:
    return IndexConfig(exclude_selectors=IGNORED_SELECTORS, output_path=str(output))


class _PromptService(PagefindService):
    """Pagefind's service client, reading each reply as soon as it comes.

    The client of pagefind 1.5 sleeps 0.1 s before reading every reply (`_wait_for_responses`):
    nothing for one `add_directory`, but 100 s for 1,000 pages sent one by one. This loop does
    the same work without the pause (replies are base64 JSON, each ended by a comma)."""

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            reply = json.loads(base64.b64decode((await self._backend.stdout.readuntil(b","))[:-1]))
            message_id = reply.get("message_id")
            payload = reply["payload"]
            if message_id is None and payload.get("original_message"):
                # Pagefind could not parse a request: it sends the request back instead of its id.
                message_id = json.loads(payload["original_message"]).get("message_id")
            future = self._responses.get(message_id) if message_id is not None else None
            if future is None or future.done():
                continue
            if payload["type"] == "Error":
                future.set_exception(RuntimeError(f"Pagefind: {payload.get('message')}"))
            else:
                future.set_result(payload)


class StreamingIndex:
    """A Pagefind index of `site_dir`, fed one page at a time while the site is still being rendered.

    Pagefind parses and indexes in its own process, so pages sent as MkDocs renders them are
    indexed on another core meanwhile, and nothing has to read the built HTML back from disk.
    Pagefind's API is asynchronous: it runs on an event loop in a thread of its own, apart
    from any loop of the caller (MkDocs' live server). `add` only queues a page; `write`
    waits for every page and writes the index.
    """

    def __init__(self, site_dir: Path) -> None:
        self._output = site_dir.resolve() / INDEX_DIR
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._service: Future[PagefindService] = self._run(self._launch())
        self._index: Future[PagefindIndex] = self._run(self._create())
        self._added: list[Future[Any]] = []

    def _run(self, coroutine: Any) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    @staticmethod
    async def _launch() -> PagefindService:
        return await _PromptService().launch()  # made on the loop's thread: the client keeps the running loop

    async def _create(self) -> PagefindIndex:
        service = await asyncio.wrap_future(self._service)
        return await service.create_index(_config(self._output))

    def add(self, html: str, url: str) -> None:
        """Queue one page: `url` is its address from the site root, as a search result links to it."""
        self._added.append(self._run(self._add(html, url)))

    async def _add(self, html: str, url: str) -> None:
        index = await asyncio.wrap_future(self._index)
        await index.add_html_file(content=html, url=url)

    def write(self, *, keep_open: bool = False) -> int:
        """Write the index into `site_dir/pagefind/` (replacing any earlier one); return the pages indexed.

        With `keep_open`, Pagefind keeps the index for pages sent later (an incremental rebuild
        sends only the pages it rendered: Pagefind replaces a page sent again under its address)."""
        try:
            for added in self._added:
                added.result()
            self._added = []
            _empty(self._output)
            self._run(self._index.result().write_files()).result()
            pages = _page_count(self._output)
        except BaseException:
            self.close()
            raise
        if not keep_open:
            self.close()
        return pages

    def close(self) -> None:
        """Stop Pagefind and the thread (also after a failed build), so no process is left behind."""
        if not self._thread.is_alive():
            return
        try:
            self._run(self._service.result().close()).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
