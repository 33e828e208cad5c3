"""Under a real `mkdocs serve --dirty`, every page served after an edit equals that of a full build.

The server renders only the pages whose Markdown changed (plugin/incremental.py); these tests
edit the knowledge base the ways an editor does (a case study's text, a facet's title, which
changes every page's navigation, a hand-written page, a deleted case study) and compare every
served page and the search index with a fresh `mkdocs build` of the same files.
"""

from __future__ import annotations

import difflib
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from bench.run import free_port

from .conftest import SMALL_KB, build_or_fail

LIVERELOAD = re.compile(r"<script>[^<]*livereload[^<]*</script>(?=</body>)")
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
"""Answer pages carry a policy in a build, not under `mkdocs serve` (its live-reload script would break it)."""
INDEXED = "guidebook: search index written"
"""A finished build: the plugin writes the search index after MkDocs has written the pages."""
FAILED = "An error happened during the rebuild"


class Server:
    """A `mkdocs serve --dirty` subprocess; `rebuilt()` waits for the build after an edit."""

    def __init__(self, config_file: Path) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(config_file)]
        command += ["-a", f"127.0.0.1:{self.port}"]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            command, cwd=config_file.parent, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.rebuilt()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def rebuilt(self, *, failing: bool = False) -> list[str]:
        """The log lines of the builds after an edit, once they have finished and the server is quiet.

        One save can be seen as several changes (a rebuild starts again when a file changed
        during the last one), so this waits until no build follows within a few seconds.
        Fails on an unexpected error, or after 120 s without a finished build."""
        lines: list[str] = []
        finished = False
        while True:
            try:
                line = self.lines.get(timeout=3 if finished else 120)
            except queue.Empty:
                if finished:
                    return lines
                pytest.fail("no build finished within 120 s; the server's log:\n" + "".join(self.log))
            self.log.append(line)
            lines.append(line)
            if "Building documentation" in line:
                finished = False
            elif INDEXED in line or (failing and FAILED in line):
                finished = True
            elif not failing:
                assert "ERROR" not in line and "Aborted" not in line, "".join(self.log)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture
def knowledge_base(tmp_path: Path) -> Path:
    """A copy of the small knowledge base (it builds wherever it is copied: guidebook brings its theme overrides)."""
    return shutil.copytree(SMALL_KB, tmp_path / "kb")


@pytest.fixture
def server(knowledge_base: Path) -> Iterator[Server]:
    served = Server(knowledge_base / "mkdocs.yml")
    yield served
    served.stop()


def assert_served_as_built(server: Server, root: Path, tmp_path: Path, name: str) -> None:
    """Every page of a full build of `root`, and its search index entry, is served the same."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = f"http://127.0.0.1:{server.port}/"  # as `mkdocs serve` sets it
    (root / "full.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = build_or_fail(root / "full.yml", tmp_path / name)
    (root / "full.yml").unlink()
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) > 10
    for page in [*pages, "pagefind/pagefind-entry.json"]:
        status, served = server.get(page)
        assert status == 200, page
        built = POLICY.sub("", (site / page).read_text(encoding="utf-8"))
        served = LIVERELOAD.sub("", served)
        if served != built:
            diff = difflib.unified_diff(built.splitlines(), served.splitlines(), "built", "served", n=2, lineterm="")
            pytest.fail(f"{name}: {page} is served unlike a full build:\n" + "\n".join(list(diff)[:60]))
    for stale in ("case-studies/lyon-holiday-rota/index.html",):
        if not (site / stale).exists():
            assert server.get(stale)[0] == 404, stale


def test_served_pages_equal_a_full_build_after_each_edit(server: Server, knowledge_base: Path, tmp_path: Path) -> None:
    root = knowledge_base
    assert_served_as_built(server, root, tmp_path, "initial")

    case_file = root / "case_studies" / "kyoto-rooftop-garden.yml"
    text = case_file.read_text(encoding="utf-8")
    case_file.write_text(re.sub(r"^summary: ", "summary: Zanzibarword ", text, count=1, flags=re.M), "utf-8")
    log = "".join(server.rebuilt())
    rendered = re.search(r"guidebook: rendering (\d+) of (\d+) pages", log)
    assert rendered is not None, log
    assert 0 < int(rendered[1]) < int(rendered[2]) / 2, log  # only the case study and the pages listing it
    assert log.count("Building documentation") == 1, log  # one save, one rebuild (the YAML folders are watched once)
    assert "Zanzibarword" in server.get("case-studies/kyoto-rooftop-garden/")[1]
    assert_served_as_built(server, root, tmp_path, "case-study-edit")

    edited = case_file.read_text(encoding="utf-8")
    case_file.write_text(re.sub(r"^year: .*$", "year: 19x9", edited, count=1, flags=re.M), "utf-8")
    assert any("year" in line for line in server.rebuilt(failing=True))  # the editor is told what is wrong
    case_file.write_text(edited.replace("Zanzibarword", "Zanzibarwords"), "utf-8")
    server.rebuilt()
    assert_served_as_built(server, root, tmp_path, "after-an-invalid-save")

    facet_file = root / "facets" / "watering.yml"
    facet = facet_file.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", facet, flags=re.M)
    assert title is not None
    facet_file.write_text(facet.replace(title[0], "title: Irrigation schedules"), "utf-8")
    server.rebuilt()
    assert "Irrigation schedules" in server.get("case-studies/nairobi-rain-barrels/")[1]  # in its navigation
    assert_served_as_built(server, root, tmp_path, "facet-title")

    home = root / "content" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nA line added by an editor.\n", "utf-8")
    server.rebuilt()
    assert_served_as_built(server, root, tmp_path, "hand-written-edit")

    (root / "case_studies" / "lyon-holiday-rota.yml").unlink()
    server.rebuilt()
    assert_served_as_built(server, root, tmp_path, "deleted-case-study")
