"""Builds that keep compiled templates and PDFs in a cache folder publish exactly what builds without one do.

The cache (render/build_cache.py) is on when the plugin's `cache_dir` is set, as `make build`
and `make serve` set it. A second build takes everything from it and publishes the same files;
a changed facet gets a new PDF, never the one kept from before.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from pypdf import PdfReader

from .conftest import SMALL_KB, build_or_fail

CACHE = ".cache/guidebook"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _with_cache(tmp_path: Path) -> Path:
    root = shutil.copytree(SMALL_KB, tmp_path / "kb")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - guidebook\n", f"  - guidebook:\n      cache_dir: {CACHE}\n", 1), encoding="utf-8"
    )
    return root


def test_builds_with_a_cache_publish_what_a_build_without_one_does(tmp_path: Path) -> None:
    root = _with_cache(tmp_path)
    first = _files(build_or_fail(root / "mkdocs.yml", tmp_path / "first"))
    kept = _files(root / CACHE)
    second = _files(build_or_fail(root / "mkdocs.yml", tmp_path / "second"))
    without = _files(build_or_fail(SMALL_KB / "mkdocs.yml", tmp_path / "without"))

    assert any(name.startswith("pdf/") for name in kept) and any(name.startswith("templates/") for name in kept)
    assert _files(root / CACHE) == kept, "the second build found everything in the cache"
    assert first == second == without


def test_a_changed_facet_gets_a_new_pdf(tmp_path: Path) -> None:
    root = _with_cache(tmp_path)
    build_or_fail(root / "mkdocs.yml", tmp_path / "first")
    facet = root / "facets" / "composting.yml"
    text = facet.read_text(encoding="utf-8")
    facet.write_text(text.replace("title: ", "title: Renamed ", 1), encoding="utf-8")
    site = build_or_fail(root / "mkdocs.yml", tmp_path / "second")

    reader = PdfReader(io.BytesIO((site / "facets" / "composting" / "checklist.pdf").read_bytes()))
    assert reader.metadata is not None and reader.metadata.title is not None
    assert reader.metadata.title.startswith("Checklist: Renamed ")
