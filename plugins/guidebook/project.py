"""Where the project is: every command works from any folder inside it, as git does.

An editor runs commands from where they stand (often `case_studies/`); the root is
the nearest folder, walking up, that holds `mkdocs.yml` or both knowledge base folders.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .model import Layout

CONFIG_FILE = "mkdocs.yml"


def find_root(start: Path) -> Path:
    """The project root at or above `start` (a folder or a file); `start`'s folder when none is found."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    return next((candidate for candidate in (folder, *folder.parents) if is_project(candidate)), folder)


def is_project(folder: Path) -> bool:
    """Whether `folder` holds a site configuration or a knowledge base."""
    layout = Layout()
    if (folder / CONFIG_FILE).is_file():
        return True
    return (folder / layout.facets_dir).is_dir() and (folder / layout.case_studies_dir).is_dir()


def command_as_typed() -> str:
    """How to call `guidebook` from the current folder: by name when it is on PATH, else by its path.

    Inside an inactive virtual environment the command is `.venv/bin/guidebook`, so a hint
    that said `guidebook` would fail as typed.
    """
    installed = Path(sys.executable).parent / "guidebook"
    on_path = shutil.which("guidebook")
    if on_path and Path(on_path).resolve() == installed.resolve():
        return "guidebook"
    if not installed.exists():
        return "guidebook"
    return as_typed(installed)


def as_typed(path: Path) -> str:
    """`path` as an editor types it from the current folder (relative when inside it)."""
    relative = os.path.relpath(path.resolve(), Path.cwd())
    return relative if not relative.startswith("..") else str(path.resolve())
