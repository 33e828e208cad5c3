"""CI and a fresh machine: what the Makefile needs, `.ci/run` installs, and GitHub runs `.ci/run`.

A newcomer's first command is `make serve` or `make test` on a machine that may lack a
program; CI on GitHub starts from a bare Debian. Both paths are read from the files
themselves here, so adding a program to the install step without installing it in CI, or a
workflow that installs its own list, fails a test instead of a pull request.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import ROOT

DEBIAN_PACKAGE_OF = {"python3": "python3", "npm": "npm", "make": "make"}
"""The Debian package that provides each program the install step runs."""

ON_EVERY_DEBIAN = {"touch"}
"""Programs of Debian's essential packages (coreutils), present on any Debian or Ubuntu."""


def install_recipe() -> list[str]:
    """The command lines of the Makefile's install step (the `.venv/.installed` target)."""
    recipe = re.search(r"^\$\(STAMP\):.*\n((?:\t.*\n)+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe, "the Makefile has no $(STAMP) target"
    return [line.strip() for line in recipe.group(1).splitlines()]


def programs_run_by_install() -> set[str]:
    """First words of the install commands; `$(PY)` is the venv's Python, which `python3` made."""
    commands = [line for line in install_recipe() if not line.startswith("$(call need")]
    return {command.split()[0] for command in commands if not command.startswith("$(")}


def ci_packages() -> set[str]:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    block = re.search(r"^PACKAGES=\((.*?)^\)", text, re.M | re.S)
    assert block, ".ci/run has no PACKAGES=( ... ) list"
    return {word for line in block.group(1).splitlines() for word in line.split("#")[0].split()}


def test_every_program_the_install_step_runs_is_installed_by_ci_run() -> None:
    programs = programs_run_by_install()
    assert {"python3", "npm"} <= programs, "the install step's commands were not read"
    unknown = programs - set(DEBIAN_PACKAGE_OF) - ON_EVERY_DEBIAN
    assert unknown == set(), f"say which Debian package provides {unknown} here, and install it in .ci/run"
    needed = {DEBIAN_PACKAGE_OF[p] for p in programs - ON_EVERY_DEBIAN} | {"make", "python3-venv", "chromium"}
    assert needed - ci_packages() == set()


def test_the_install_step_checks_each_program_before_running_it() -> None:
    checks = [line for line in install_recipe() if line.startswith("$(call need")]
    first_command = install_recipe().index(next(line for line in install_recipe() if line not in checks))
    assert first_command == len(checks), "the checks come first"
    for program in programs_run_by_install() - ON_EVERY_DEBIAN:
        assert any(f"command -v {program}" in check for check in checks), program


def test_the_pull_request_workflow_runs_ci_run_and_installs_nothing_else() -> None:
    text = (ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    steps = yaml.safe_load(text)["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert "bash .ci/run" in runs
    own = {
        word
        for run in runs
        for arguments in re.findall(r"apt-get install([^\n]*)", run)
        for word in arguments.split()
        if not word.startswith("-")
    }
    assert own <= ci_packages(), "the workflow installs packages .ci/run does not"
    assert not any(re.search(r"\b(make|pytest|pip|npm)\b", run) for run in runs), (
        "the workflow installs or tests on its own"
    )


def test_make_stops_with_one_line_when_npm_is_missing(tmp_path: Path) -> None:
    """On a PATH with Python but without npm, `make test` names npm and how to get it, and installs nothing."""
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(Path(sys.base_prefix) / "bin" / "python3")
    make = shutil.which("make")
    assert make, "make is a prerequisite of the tests too"
    result = subprocess.run(
        [make, "test"], cwd=tmp_path, env={"PATH": str(bin_dir)}, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "npm is missing: install Node.js with npm (Debian/Ubuntu: sudo apt-get install nodejs npm" in lines[0]
    assert not (tmp_path / ".venv").exists()
