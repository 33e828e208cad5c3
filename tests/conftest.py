"""Shared fixtures: real sites built with MkDocs, served over HTTP, opened in headless Chromium.

Two knowledge bases are built: the shipped DDPS content (the project root) and a
small, different one in tests/fixtures/small-kb, so nothing can pass by assuming
the DDPS facets. The shipped site is also built with Zensical (`make build-zensical`),
and the quality gates (links, accessibility, privacy, checklists, search) run on it too.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("hermetic", database=None)
settings.load_profile("hermetic")
"""No example database in the project folder: a run never replays what an earlier run left behind."""

ROOT = Path(__file__).resolve().parent.parent
SMALL_KB = ROOT / "tests" / "fixtures" / "small-kb"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def mkdocs_build(config_file: Path, site_dir: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` in a subprocess, as an editor or CI would."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=config_file.parent)


def build_or_fail(config_file: Path, site_dir: Path) -> Path:
    result = mkdocs_build(config_file, site_dir)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return site_dir


@pytest.fixture(scope="session")
def ddps_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site, built strict."""
    return build_or_fail(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("ddps") / "site")


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture knowledge base, built strict."""
    return build_or_fail(SMALL_KB / "mkdocs.yml", tmp_path_factory.mktemp("small") / "site")


def make_build_zensical(root: Path, work: Path) -> Path:
    """Run the README's `make build-zensical` for the knowledge base in `root`, writing only under `work`.

    `-o` keeps make from reinstalling: the suite runs inside the environment it would install."""
    site = work / "site-zensical"
    command = ["make", "--no-print-directory", "-o", ".venv/.installed", "build-zensical"]
    variables = [f"ROOT={root}", f"ZENSICAL_SITE={site}", f"ZENSICAL_WORK={work / 'export'}"]
    result = subprocess.run([*command, *variables], capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        pytest.fail(f"make build-zensical failed:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site, built with Zensical from the export and indexed by `guidebook index`."""
    return make_build_zensical(ROOT, tmp_path_factory.mktemp("zensical"))


@pytest.fixture(scope="session", params=["ddps", "small", "zensical"])
def gated_site(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """Like `any_site`, and the Zensical build too: for the gates every engine must pass."""
    return request.param, request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="session", params=["ddps", "small"])
def any_site(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """Each built site in turn, with its name: tests using it run on both knowledge bases."""
    return request.param, request.getfixturevalue(f"{request.param}_site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """`serve(site_dir)` starts a local HTTP server for a built site and returns its base URL."""
    servers: dict[Path, http.server.ThreadingHTTPServer] = {}

    def start(site_dir: Path) -> str:
        if site_dir not in servers:
            handler = functools.partial(_QuietHandler, directory=str(site_dir))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[site_dir] = server
        return f"http://127.0.0.1:{servers[site_dir].server_address[1]}/"

    yield start
    for server in servers.values():
        server.shutdown()


def chromium_path() -> str:
    """Debian's Chromium (installed by .ci/run); a missing browser fails the tests, never skips them."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.fail("Chromium not found: install Debian's 'chromium' package (see .ci/run) or set CHROMIUM")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A page in a fresh browser profile (empty localStorage), closed after the test."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
