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

from .search_bundle import publish_index, publish_parts

INDEX_DIR = "pagefind"
"""Folder of the built site that holds the index and Pagefind's search engine (`pagefind.js`)."""

PART_PAGES = 4000
"""Most pages in one part of the index (see `StreamingIndex`). Measured at 10,000 synthetic case
studies (BENCHMARKS.md): parts of 3,361 pages need 750 MB in Pagefind's process, against 1.9 GB
for one index, and each further part adds about 21 KB (its metadata is the one index's, split)
to a first search. Sites of up to 4,000 pages, the shipped one included, keep one part."""

PARTS_DIR = "parts"
"""Folder, within the index folder, of the index's further parts (`parts/2/`, `parts/3/`...)."""

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


_Opened = tuple[PagefindService, PagefindIndex]
"""A part's Pagefind process and the index it builds."""


class StreamingIndex:
    """A Pagefind index of `site_dir`, fed one page at a time while the site is still being rendered.

    Pagefind parses and indexes in its own process, so pages sent as MkDocs renders them are
    indexed on another core meanwhile, and nothing has to read the built HTML back from disk.
    Pagefind's API is asynchronous: it runs on an event loop in a thread of its own, apart
    from any loop of the caller (MkDocs' live server). `add` only queues a page; `write`
    waits for every page and writes the index.

    Pagefind keeps about 600 bytes per indexed word occurrence until it writes its index, so one
    process for 10,000 case studies needs over 2 GB. With `part_pages`, the index is built in
    parts of at most that many pages, one after the other: a part full, its process writes it and
    ends before the next one starts, so the memory needed is that of one part. Given the number of
    pages that will be sent (`expected_pages`), the parts are made equal. The first part is
    `site_dir/pagefind/` (with Pagefind's search engine), the others `pagefind/parts/<n>/`, and
    `pagefind/parts.json` lists them for the search box, which merges them into one ranked list
    (Pagefind's `mergeIndex`; see search_ui/search.js).
    """

    def __init__(self, site_dir: Path, *, part_pages: int | None = None, expected_pages: int = 0) -> None:
        self._output = site_dir.resolve() / INDEX_DIR
        self._part_pages = balanced_part_pages(expected_pages, part_pages) if part_pages else None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._services: list[PagefindService] = []
        """Pagefind processes still running (used on the loop's thread only)."""
        self._finished: list[Future[int]] = []
        """Each part that is full: its pages, once written and its process ended."""
        self._part: Future[_Opened] = self._run(self._open(None))
        self._added: list[Future[Any]] = []
        self._in_part = 0

    def _run(self, coroutine: Any) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _open(self, previous: Future[int] | None) -> _Opened:
        """Start the Pagefind process of a new part, once the previous part's process has ended."""
        if previous is not None:
            await asyncio.wrap_future(previous)  # raises if the previous part failed: no process is started
        service = await _PromptService().launch()  # made on the loop's thread: the client keeps the running loop
        self._services.append(service)
        return service, await service.create_index(_config(self._output))

    def add(self, html: str, url: str) -> None:
        """Queue one page: `url` is its address from the site root, as a search result links to it."""
        if self._in_part == self._part_pages:
            self._finished.append(self._run(self._finish(self._part, self._added, self._folder(), keep_open=False)))
            self._part, self._added, self._in_part = self._run(self._open(self._finished[-1])), [], 0
        self._added.append(self._run(self._add(self._part, html, url)))
        self._in_part += 1

    @staticmethod
    async def _add(part: Future[_Opened], html: str, url: str) -> None:
        _, index = await asyncio.wrap_future(part)
        await index.add_html_file(content=html, url=url)

    def _folder(self) -> Path:
        """Where the part being filled is written."""
        return self._output / part_folder(len(self._finished)) if self._finished else self._output

    async def _finish(self, part: Future[_Opened], added: list[Future[Any]], folder: Path, *, keep_open: bool) -> int:
        """Wait for the part's pages, take its index from Pagefind, end its process (unless `keep_open`)
        and publish the index into `folder`; return the pages it holds."""
        service, index = await asyncio.wrap_future(part)
        try:
            await asyncio.gather(*map(asyncio.wrap_future, added))
            files = await index.get_files()
        finally:
            if not keep_open:
                await self._stop(service)
        return publish_index({file["path"]: file["content"] for file in files}, folder)

    async def _stop(self, service: PagefindService) -> None:
        if service in self._services:
            self._services.remove(service)
            await service.close()

    def write(self, *, keep_open: bool = False) -> int:
        """Write the index into `site_dir/pagefind/` (replacing any earlier one); return the pages indexed.

        The index is taken from Pagefind in memory and written and checked by `publish_index`, not
        written by Pagefind itself, which can reply before its files are complete on disk.
        With `keep_open`, Pagefind keeps the index for pages sent later (an incremental rebuild
        sends only the pages it rendered: Pagefind replaces a page sent again under its address);
        only an index in one part can be kept open, as a page sent again must reach the part that holds it."""
        if keep_open and self._part_pages is not None:
            raise ValueError("an index in parts cannot be kept open: make it with part_pages=None")
        try:
            last = self._run(self._finish(self._part, self._added, self._folder(), keep_open=keep_open))
            self._added, self._in_part = [], 0
            pages = [part.result() for part in [*self._finished, last]]
        except BaseException:
            self.close()
            raise
        if not keep_open:
            self.close()
        publish_parts(self._output, [part_folder(n) for n in range(1, len(pages))])
        return sum(pages)

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
            self._run(self._stop_all()).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    async def _stop_all(self) -> None:
        for service in list(self._services):
            await self._stop(service)


def balanced_part_pages(expected_pages: int, part_pages: int) -> int:
    """The size of equal parts of at most `part_pages` pages for `expected_pages` pages: 10,300 pages
    in parts of at most 4,000 make three parts of 3,434, not 4,000, 4,000 and 2,300. Without an
    expected number (0), parts are `part_pages` pages."""
    parts = -(-expected_pages // part_pages)
    return -(-expected_pages // parts) if parts > 1 else part_pages


def part_folder(number: int) -> str:
    """The folder, within the index folder, of the part after the first `number` ones."""
    return f"{PARTS_DIR}/{number + 1}"
