"""The per-file model cache (kept between `mkdocs serve` rebuilds) never serves an edited file stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidebook.model import InvalidKnowledgeBase, load_knowledge_base

from .conftest import SMALL_KB


def test_an_edit_of_the_same_size_is_seen_on_the_next_load(tmp_path: Path) -> None:
    root = shutil.copytree(SMALL_KB, tmp_path / "kb")
    case_file = next((root / "case_studies").glob("*.yml"))
    case_id = case_file.stem
    before = load_knowledge_base(root).case_study[case_id].year
    text = case_file.read_text(encoding="utf-8")
    edited_year = 1990 if before != 1990 else 1991
    case_file.write_text(text.replace(f"year: {before}", f"year: {edited_year}"), encoding="utf-8")
    assert load_knowledge_base(root).case_study[case_id].year == edited_year
    case_file.write_text(text.replace(f"year: {before}", "year: 19x9"), encoding="utf-8")
    with pytest.raises(InvalidKnowledgeBase) as invalid:
        load_knowledge_base(root)
    assert any(problem.file.endswith(case_file.name) for problem in invalid.value.problems)
    case_file.write_text(text, encoding="utf-8")
    assert load_knowledge_base(root).case_study[case_id].year == before
