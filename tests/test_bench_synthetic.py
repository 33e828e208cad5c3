"""The benchmark's synthetic knowledge bases are valid and deterministic (no timing here: see `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench import synthetic

from guidebook.model import load_knowledge_base

from .conftest import ROOT, SMALL_KB


@pytest.mark.parametrize("template", [ROOT, SMALL_KB], ids=["ddps", "small"])
def test_a_synthetic_base_of_100_case_studies_loads_without_problems(template: Path, tmp_path: Path) -> None:
    config_file = synthetic.generate(tmp_path / "kb", 100, template_root=template)
    kb = load_knowledge_base(config_file.parent)
    assert len(kb.case_studies) == 100
    assert [f.id for f in kb.facets] == [f.id for f in load_knowledge_base(template).facets]
    word = synthetic.distinctive_word(42)
    carrying = [c for c in kb.case_studies if word in c.approach]
    assert [c.id for c in carrying] == [synthetic.case_study_id(42, carrying[0].country)]


def _contents(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in folder.iterdir()}


def test_the_same_arguments_give_the_same_files(tmp_path: Path) -> None:
    first = synthetic.generate(tmp_path / "a", 20).parent / "case_studies"
    second = synthetic.generate(tmp_path / "b", 20).parent / "case_studies"
    assert _contents(first) == _contents(second)


def test_case_studies_are_about_as_large_as_real_ones(tmp_path: Path) -> None:
    sizes = [len(text) for text in _contents(synthetic.generate(tmp_path / "kb", 50).parent / "case_studies").values()]
    assert 2000 <= sum(sizes) / len(sizes) <= 4500
