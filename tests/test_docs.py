"""Docs are code: every shell command and local address in the README, CONTRIBUTING and the
site's Contribute page works exactly as typed.

The commands are read from the documents, not listed here, so a command someone adds to a
document is run by this test from then on:
- every line of a fenced `sh`/`bash`/`shell`/`console` block (`\\` continues a line, `# ...`
  ends it as a comment);
- every inline code span that starts like a command typed in the project folder: `make X`,
  `npm X`, `python3 X`, `sudo X`, `.venv/bin/X`, `.ci/X`, optionally after `NAME=value`.
  (A bare `guidebook export` in prose names a command; typed, it is `.venv/bin/guidebook export`.)

A synopsis is run in each form it allows: `[--format github]` once without and once with
the option; a group holding `...` (values left to the reader) is left out. Each document's
commands run in order in one copy of the project (`.venv` and `node_modules` linked, not
copied), each distinct command once; exit code 0 is expected. The addresses
(`http://127.0.0.1:8000/...`) are fetched from the site that the documents' `make serve`
serves, with `<id>` and `<code>` replaced by a case study and its country.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bench.run import free_port

from guidebook.model import load_knowledge_base

from .conftest import ROOT

DOCUMENTS = ("README.md", "CONTRIBUTING.md", "content/contribute.md")

NOT_RUN = {
    # Runs this very test suite (and this test): CI runs it, through .ci/run.
    "make test": "runs the whole suite, this test included",
    # CI's entry point: apt-get as root, then `make test`; tests/test_ci.py checks what it installs.
    ".ci/run": "installs system packages, then runs the whole suite",
    # Installs system packages as root; tests/test_ci.py checks that .ci/run installs the same ones.
    "sudo apt-get install python3 python3-venv make nodejs npm": "installs system packages as root",
    # Minutes of timing on synthetic sites of up to 10,000 case studies; tests/test_bench_synthetic.py covers its code.
    "make bench": "the full-size benchmark",
}
"""Commands in the documents that a test cannot run as typed, and why. Keep this list short."""

SERVERS = ("make serve", "python3 -m http.server")
"""Long-running commands: started (on a free port instead of 8000, which may be taken), the
address they serve fetched, then stopped."""

COLLECT_ONLY = ".venv/bin/pytest"
"""Quality gates the suite runs anyway: each is run as typed with `--collect-only`, which checks that the
command, its file and its `-k` select tests, without running the same tests twice."""

EDITOR_ANSWERS = ["A docs test initiative", "NO", "local", "2020", "City of Oslo", "{facet}"]
"""What an editor types at `guidebook new-case-study`'s questions (title, country, level, year, organisation, facets)."""

ADDRESS = re.compile(r"http://(?:127\.0\.0\.1|localhost):8000(?:[^\s`<>)\]]|<[a-z]+>)*")
"""A local address; `<id>`-style placeholders are part of it, a closing `>` of `<http://...>` is not."""
FENCE = re.compile(r"^ *```(sh|bash|shell|console)\n(.*?)^ *```", re.M | re.S)
ANY_FENCE = re.compile(r"^ *```.*?^ *```", re.M | re.S)
INLINE = re.compile(
    r"(?<!`)`((?:[A-Z_]+=[^\s`]+ )*(?:(?:make|npm|python3|sudo) [^`]+|\.venv/bin/[^\s`]+(?: [^`]*)?|\.ci/[^\s`]+(?: [^`]*)?))`(?!`)"
)
SYNOPSIS_GROUP = re.compile(r"\s*\[([^\]]*)\]")


@dataclass(frozen=True)
class Command:
    document: str
    text: str


def _fenced(markdown: str) -> Iterator[str]:
    for block in FENCE.finditer(markdown):
        for line in block.group(2).replace("\\\n", " ").splitlines():
            line = re.sub(r"(^|\s)#\s.*$", "", line).strip()
            if line:
                yield " ".join(line.split())


def _forms(command: str) -> list[str]:
    """The runnable forms of a synopsis: without its optional groups, and with each that has no `...`."""
    bare = " ".join(SYNOPSIS_GROUP.sub("", command).split())
    forms = [bare]
    for group in SYNOPSIS_GROUP.finditer(command):
        if "..." not in group.group(1):
            forms.append(f"{bare} {group.group(1).strip()}")
    return forms


def documented_commands() -> list[Command]:
    commands: list[Command] = []
    for document in DOCUMENTS:
        markdown = (ROOT / document).read_text(encoding="utf-8")
        without_fences = ANY_FENCE.sub("", markdown)
        found = [*_fenced(markdown), *(" ".join(m.group(1).split()) for m in INLINE.finditer(without_fences))]
        for text in found:
            commands += [Command(document, form) for form in _forms(text)]
    return commands


def documented_addresses() -> list[str]:
    return sorted({a for d in DOCUMENTS for a in ADDRESS.findall((ROOT / d).read_text(encoding="utf-8"))})


def test_the_extractor_finds_the_commands_and_addresses_of_each_document() -> None:
    """A guard against a silent extractor: the commands every reader needs are found."""
    by_document = {d: {c.text for c in documented_commands() if c.document == d} for d in DOCUMENTS}
    assert {"make serve", "make test", ".venv/bin/guidebook validate"} <= by_document["README.md"]
    assert {"make serve", ".venv/bin/guidebook new-case-study", ".venv/bin/guidebook validate"} <= by_document[
        "CONTRIBUTING.md"
    ]
    assert {"make serve", ".venv/bin/guidebook validate"} <= by_document["content/contribute.md"]
    assert "http://127.0.0.1:8000/guidebook/" in documented_addresses()
    assert set(NOT_RUN) <= {c.text for c in documented_commands()}, "NOT_RUN names a command no document has"


EXAMPLE_ID = re.compile(r"^```yaml\n# yaml-language-server: \$schema=\S*case-study\.schema\.json\nid: (\S+)$", re.M)


def _copy_project(target: Path, document: str) -> Path:
    """The project as a fresh clone has it, with the installed `.venv` and `node_modules` linked in
    (files keep their times, so `make` sees the install as up to date). A case study that the
    document shows as its complete example is not in the copy: the document's commands create it,
    as they would for an editor adding a new one."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "*_cache", "__pycache__", "*.egg-info")
    shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    for linked in (".venv", "node_modules"):
        (target / linked).symlink_to(ROOT / linked)
    for case_id in EXAMPLE_ID.findall((ROOT / document).read_text(encoding="utf-8")):
        (target / "case_studies" / f"{case_id}.yml").unlink()
    return target


READER_ENV = {name: value for name, value in os.environ.items() if not name.startswith(("MAKE", "MFLAGS"))}
"""The environment of a reader's shell: under `make test`, make's own variables would make the
documented `make` commands print `make[1]: Entering directory` before their output."""


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


STARTUP_LIMIT = 600
"""Seconds a server may take to build and start on a busy 2-core machine: a limit for a hung
server, not a measure of speed."""


class Server:
    """A documented long-running command, started in its own process group on a free port."""

    def __init__(self, command: str, folder: Path) -> None:
        self.port = free_port()
        typed = command
        if command.startswith("make serve"):
            command = re.sub(r" ADDR=\S+", "", command) + f" ADDR=127.0.0.1:{self.port}"
        else:
            command += f" --bind 127.0.0.1 {self.port}"
        self.command = typed
        self.process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            env=READER_ENV,
            start_new_session=True,
        )
        self.printed = self._first_line() if typed.startswith("make serve") else ""

    def _first_line(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def url(self, address: str) -> str:
        """The documented address (port 8000) on this server's port."""
        return re.sub(r"^http://(127\.0\.0\.1|localhost):8000", f"http://127.0.0.1:{self.port}", address)

    def wait_until_serving(self, address: str) -> None:
        deadline = time.monotonic() + STARTUP_LIMIT
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"`{self.command}` stopped: {self.process.stdout.read()}"  # type: ignore[union-attr]
            try:
                if _fetch(self.url(address))[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(1)
        pytest.fail(f"`{self.command}` served nothing at {address} within {STARTUP_LIMIT} s")

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.communicate()


def _run(command: str, folder: Path, answers: str) -> None:
    typed = command
    if command.startswith(COLLECT_ONLY) or re.match(rf"[A-Z_]+=\S+ {re.escape(COLLECT_ONLY)}", command):
        command += " --collect-only -q"
    result = subprocess.run(
        ["bash", "-c", command], cwd=folder, input=answers, capture_output=True, text=True, env=READER_ENV, check=False
    )
    assert result.returncode == 0, (
        f"`{typed}` in {folder} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )


def _npm_ci(command: str, folder: Path) -> None:
    """`npm ci` replaces node_modules, which the copy links to the project's: it runs in a folder of its own."""
    own = folder.parent / "npm"
    own.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(folder / name, own / name)
    _run(command, own, "")
    assert (own / "node_modules" / "axe-core").is_dir()


def _fill_in(scaffolds: set[Path]) -> None:
    """What the editor does between `new-case-study` and `validate`: replace every TODO of the new file.

    The text of a shipped case study stands in for the editor's own (the scaffold's TODOs fail validation)."""
    for scaffold in scaffolds:
        written = (ROOT / "case_studies" / "ee-x-road.yml").read_text(encoding="utf-8")
        scaffold.write_text(written.replace("id: ee-x-road", f"id: {scaffold.stem}", 1), encoding="utf-8")


def test_every_documented_command_and_address_works(tmp_path: Path) -> None:
    kb = load_knowledge_base(ROOT)
    case = next(case for case in kb.case_studies if case.country)
    answers = "\n".join(EDITOR_ANSWERS).format(facet=kb.facets[0].id) + "\n"
    done: set[str] = set()
    servers: list[tuple[str, Path]] = []
    served: list[Server] = []
    try:
        for document in DOCUMENTS:
            folder = _copy_project(tmp_path / document.replace("/", "-") / "project", document)
            for command in [c.text for c in documented_commands() if c.document == document]:
                same = re.sub(r" ADDR=\S+", "", command)  # `make serve` on another port is `make serve`
                if same in done or command in NOT_RUN:
                    continue
                done.add(same)
                if command.startswith(SERVERS):
                    servers.append((command, folder))  # started once the other commands have run
                elif command.startswith("npm ci"):
                    _npm_ci(command, folder)
                else:
                    before = set((folder / "case_studies").glob("*.yml"))
                    _run(command, folder, answers)
                    _fill_in(set((folder / "case_studies").glob("*.yml")) - before)
        served = [Server(command, folder) for command, folder in servers]
        make_serve = next(server for server in served if server.command.startswith("make serve"))
        assert make_serve.printed == (
            f"Open http://127.0.0.1:{make_serve.port}/guidebook/ once the site is built (Ctrl+C stops the server)."
        )
        make_serve.wait_until_serving("http://127.0.0.1:8000/guidebook/")
        for address in documented_addresses():
            url = make_serve.url(address.replace("<id>", case.id).replace("<code>", case.country.lower()))
            status, page = _fetch(url)
            assert status == 200, f"{address} -> {url}: HTTP {status}"
            assert "<html" in page
        for server in served:
            if server is not make_serve:
                server.wait_until_serving("http://127.0.0.1:8000/")
                assert "<html" in _fetch(server.url("http://127.0.0.1:8000/"))[1]
    finally:
        for server in served:
            server.stop()
