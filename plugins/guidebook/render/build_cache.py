"""What one build keeps for the next: compiled templates and checklist PDFs, found again by what they were made from.

Every `mkdocs build` compiles the theme's and guidebook's Jinja templates again and typesets every
checklist PDF again: together about a fifth of the shipped site's build, for output that changes
only when a template, a checklist or the typesetter does. A `BuildCache` folder keeps them:

- templates: Jinja's own bytecode cache, which compares each template's source checksum (and the
  Python version) before it uses the cached code;
- PDFs: one file per digest of the print template, the typesetter's version and the checklist's
  data; a PDF typeset without its PDF/UA claim (a missing font) is not kept, so its warning
  is logged by every build until the font is installed.

An entry made from other inputs is never used, and the folder may be deleted at any time. The
plugin uses a cache only when its `cache_dir` option is set (the project's mkdocs.yml takes it from
GUIDEBOOK_CACHE, which `make build` and `make serve` set), so tests and one-off builds never
depend on what an earlier run left behind.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import jinja2


def digest(*parts: str | bytes) -> str:
    """A digest of everything something is made from (parts are separated, so ("ab", "c") differs from ("a", "bc"))."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode() if isinstance(part, str) else part)
        sha.update(b"\0")
    return sha.hexdigest()


class BuildCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def templates(self) -> jinja2.BytecodeCache:
        folder = self.folder / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(str(folder))

    def read(self, kind: str, key: str) -> bytes | None:
        path = self.folder / kind / key
        return path.read_bytes() if path.is_file() else None

    def write(self, kind: str, key: str, content: bytes) -> None:
        """Atomically: a build running beside this one reads the whole entry or none."""
        folder = self.folder / kind
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".")
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, folder / key)
