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
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService

from .search_bundle import publish_index

INDEX_DIR = "pagefind"
"""Folder of the built site that holds the index and Pagefind's search engine (`pagefind.js`)."""

IGNORED_SELECTORS = [".headerlink", ".md-content__button", ".md-source-file"]
"""Permalink signs, edit buttons and "last update" lines: not words a reader searches for."""


def _config(output: Path) -> IndexConfig:
    return IndexConfig(exclude_selectors=IGNORED_SELECTORS, output_path=str(output))


async def _read_reply(stream: asyncio.StreamReader) -> bytes:
    """One reply without its closing comma, however long: `readuntil` alone stops at the stream's
    buffer limit (2 MiB), and the whole index comes back as one reply (see `StreamingIndex.write`)."""
    parts = []
    while True:
        try:
            parts.append(await stream.readuntil(b","))
            return b"".join(parts)[:-1]
        except asyncio.LimitOverrunError as overrun:
            parts.append(await stream.readexactly(overrun.consumed))


class _PromptService(PagefindService):
    """Pagefind's service client, reading each reply as soon as it comes.

    The client of pagefind 1.5 sleeps 0.1 s before reading every reply (`_wait_for_responses`):
    nothing for one `add_directory`, but 100 s for 1,000 pages sent one by one. This loop does
    the same work without the pause (replies are base64 JSON, each ended by a comma)."""

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            reply = json.loads(base64.b64decode(await _read_reply(self._backend.stdout)))
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

        The index is taken from Pagefind in memory and written and checked by `publish_index`, not
        written by Pagefind itself, which can reply before its files are complete on disk.
        With `keep_open`, Pagefind keeps the index for pages sent later (an incremental rebuild
        sends only the pages it rendered: Pagefind replaces a page sent again under its address)."""
        try:
            for added in self._added:
                added.result()
            self._added = []
            files = self._run(self._index.result().get_files()).result()
        except BaseException:
            self.close()
            raise
        if not keep_open:
            self.close()
        return publish_index({file["path"]: file["content"] for file in files}, self._output)

    def write_soon(self) -> Future[int]:
        """Start `write(keep_open=True)` on a thread of its own and return at once.

        The live preview reloads the browser as soon as the pages are written: at 1,000 pages
        Pagefind takes longer to produce the whole index again than MkDocs takes to render a
        save. The returned future holds the page count, or the exception `write` raised."""
        written: Future[int] = Future()

        def run() -> None:
            try:
                written.set_result(self.write(keep_open=True))
            except BaseException as error:  # handed to whoever waits for the future
                written.set_exception(error)

        threading.Thread(target=run, name="pagefind-write", daemon=True).start()
        return written

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
