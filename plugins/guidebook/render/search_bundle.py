"""Putting Pagefind's index into the built site, complete or not at all.

Pagefind's own `write_files` answers before its last writes reach the disk (they finish on
background threads of its process), so a client that stops Pagefind on that answer publishes
files cut short: once `pagefind-ui.js` at exactly 64 KiB and an empty stylesheet. Here the
index arrives in memory (Pagefind's `get_files`), is written into a temporary folder beside
the site's index folder, checked, and only then moved into place: a build either publishes
the whole index or stops with an error that says what is wrong.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

ENTRY_FILE = "pagefind-entry.json"
"""Pagefind's table of contents: each language's metadata file and search engine (wasm)."""

PARTS_FILE = "parts.json"
"""guidebook's own file in the index folder: the folders of the index's further parts, which the search
box merges with the first (render/search_index.py), e.g. `{"parts": ["parts/2/", "parts/3/"]}`."""

ENGINE_FILES = ("pagefind.js", ENTRY_FILE)
"""What the search box loads first; without them no search runs at all."""


class IncompleteSearchIndex(Exception):
    """The index on disk is not the one Pagefind produced; the message lists every problem."""


def publish_index(files: Mapping[str, bytes], output: Path) -> int:
    """Write Pagefind's `files` (paths relative to the index folder) as `output`, replacing any
    earlier index, once they are all on disk and check out; return the number of pages indexed."""
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-", dir=output.parent))
    try:
        for path, content in files.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        check_index(staging, files)
        if output.exists():
            shutil.rmtree(output)
        staging.rename(output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return page_count(output)


def publish_parts(output: Path, parts: list[str]) -> None:
    """List the index's further `parts` (folders within `output`, each published by `publish_index`)
    in `output/parts.json`, replaced in one step: written beside it, then renamed over it."""
    staging = output / f".{PARTS_FILE}"
    staging.write_text(json.dumps({"parts": [f"{part}/" for part in parts]}), encoding="utf-8")
    staging.replace(output / PARTS_FILE)


def check_index(folder: Path, expected: Mapping[str, bytes]) -> None:
    """Raise `IncompleteSearchIndex` unless `folder` holds every file Pagefind produced, byte for
    byte (its fixed assets, such as `pagefind.js`, included), the engine files, and a non-empty
    file for each name the entry file gives."""
    problems = [f"{name}: missing" for name in ENGINE_FILES if name not in expected]
    for path, content in sorted(expected.items()):
        written = folder / path
        if not written.is_file():
            problems.append(f"{path}: not written")
        elif (size := written.stat().st_size) != len(content) or written.read_bytes() != content:
            problems.append(f"{path}: {size} bytes on disk differ from the {len(content)} bytes Pagefind produced")
    if ENTRY_FILE in expected:
        for name in _named_by_entry(expected[ENTRY_FILE]):
            if not (folder / name).is_file() or (folder / name).stat().st_size == 0:
                problems.append(f"{name}: named by {ENTRY_FILE} but missing or empty")
    if problems:
        raise IncompleteSearchIndex(
            f"The search index in {folder} is incomplete, so the site's search would fail:\n  " + "\n  ".join(problems)
        )


def _named_by_entry(entry: bytes) -> Iterable[str]:
    """The files the entry file points the search engine at, for each language."""
    for language in json.loads(entry)["languages"].values():
        yield f"pagefind.{language['hash']}.pf_meta"
        yield f"wasm.{language.get('wasm') or 'unknown'}.pagefind"


def page_count(output: Path) -> int:
    """Pages in the written index, from its entry file (replies to adding count files read, not pages indexed)."""
    entry = json.loads((output / ENTRY_FILE).read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())
