"""`mkdocs serve` while an editor makes a mistake: the browser shows it, and recovers by itself.

A real `mkdocs serve` subprocess serves a copy of the small knowledge base; the test
breaks a case study file, fetches the page over HTTP until the rebuild shows the same
`file:line:col` message the command line prints, then fixes the file and fetches until
the page is clean again. Waiting is bounded by a generous deadline, not a fixed sleep.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bench.run import fetch, free_port

from guidebook.render.problem_banner import BANNER_ID
from tests.conftest import SMALL_KB

DEADLINE_SECONDS = 120
CASE = "case_studies/lyon-holiday-rota.yml"
MESSAGE = f'{CASE}:3:10: country: found NO (read as false); put the country code in quotes: "NO"'


@pytest.fixture(params=[[], ["--dirty"]], ids=["full", "dirty"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        *request.param,
        "-f",
        str(root / "mkdocs.yml"),
        "-a",
        f"127.0.0.1:{port}",
    ]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield root, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _until(url: str, condition: Callable[[str], bool]) -> str:
    deadline = time.monotonic() + DEADLINE_SECONDS
    page = None
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and condition(page):
            return page
        time.sleep(0.5)
    pytest.fail(f"{url} never reached the expected state; last page:\n{(page or '')[:2000]}")


def test_a_content_error_shows_in_the_browser_and_the_page_returns_once_fixed(served: tuple[Path, str]) -> None:
    root, base = served
    page_url = base + "case-studies/lyon-holiday-rota/"
    _until(page_url, lambda page: "Holiday rota" in page and BANNER_ID not in page)

    case_file = root / CASE
    good = case_file.read_text(encoding="utf-8")
    case_file.write_text(good.replace('country: "FR"', "country: NO"), encoding="utf-8")
    broken = _until(page_url, lambda page: BANNER_ID in page)
    assert MESSAGE.replace('"', "&quot;") in broken
    assert "Holiday rota" in broken, "the last valid content is still shown under the banner"
    assert BANNER_ID in (fetch(base) or ""), "every page carries the banner"

    case_file.write_text(good, encoding="utf-8")
    _until(page_url, lambda page: BANNER_ID not in page and "Holiday rota" in page)
