"""A case study names at least two sources, each a specific page rather than a site's home page.

Readers check a case study's dates, numbers and laws against its sources (issue 13), and a
home page backs none of them. Each case rewrites the sources of one case study in a copy
of the small knowledge base and checks the located message an editor sees, through the
model and through `guidebook validate`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guidebook.model import InvalidKnowledgeBase, load_knowledge_base
from tests.conftest import SMALL_KB

CASE = "case_studies/lyon-holiday-rota.yml"
GUIDEBOOK = str(Path(sys.executable).parent / "guidebook")
SPECIFIC = "https://www.oecd.org/lyon/report"


def with_sources(tmp_path: Path, *urls: str) -> Path:
    """A copy of the small knowledge base whose Lyon case study cites exactly `urls`."""
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    target = root / CASE
    block = "sources:\n" + "".join(f"  - title: Source {n}\n    url: {url}\n" for n, url in enumerate(urls, 1))
    text, count = re.subn(r"^sources:\n(?:  .*\n)*", block, target.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert count == 1, "the fixture case study has no sources block"
    target.write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(InvalidKnowledgeBase) as raised:
        load_knowledge_base(root)
    return [p.format_text() for p in raised.value.problems]


def test_the_small_knowledge_base_meets_the_rule() -> None:
    kb = load_knowledge_base(SMALL_KB)
    assert all(len(case.sources) >= 2 for case in kb.case_studies)


def test_a_single_source_is_refused_with_how_many_to_add(tmp_path: Path) -> None:
    root = with_sources(tmp_path, SPECIFIC)
    [problem] = problems_of(root)
    assert problem.startswith(f"{CASE}:20:3: sources: this list has one entry; expected at least 2: add 1 more")


@pytest.mark.parametrize(
    "home",
    [
        "https://www.oecd.org",
        "https://www.oecd.org/",
        "https://www.oecd.org/en/",
        "https://www.oecd.org/pt-br",
        "https://www.oecd.org//",
    ],
)
def test_a_home_page_is_refused_at_its_address(tmp_path: Path, home: str) -> None:
    root = with_sources(tmp_path, SPECIFIC, home)
    [problem] = problems_of(root)
    assert problem == (
        f"{CASE}:23:10: sources[1].url: found '{home}', a site's home page; expected the address of the specific"
        " page, law or report that backs the facts (e.g. https://www.example.gov/open-data/annual-report-2024)"
    )


@pytest.mark.parametrize(
    "page",
    [
        "https://www.oecd.org/en/about",
        "https://www.oecd.org/english",
        "https://www.oecd.org/pol/doc-eng.aspx?id=32592",
        "https://www.oecd.org/lyon",
        "https://www.oecd.org/?p=7443",
    ],
)
def test_a_specific_page_is_accepted(tmp_path: Path, page: str) -> None:
    kb = load_knowledge_base(with_sources(tmp_path, SPECIFIC, page))
    [lyon] = [case for case in kb.case_studies if case.id == "lyon-holiday-rota"]
    assert [source.url for source in lyon.sources] == [SPECIFIC, page]


def test_validate_command_shows_the_home_page_and_fails(tmp_path: Path) -> None:
    root = with_sources(tmp_path, SPECIFIC, "https://www.oecd.org/fr/")
    result = subprocess.run([GUIDEBOOK, "validate", str(root)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert output.splitlines() == [
        f"{CASE}:23:10: sources[1].url: found 'https://www.oecd.org/fr/', a site's home page; expected the"
        " address of the specific page, law or report that backs the facts"
        " (e.g. https://www.example.gov/open-data/annual-report-2024)",
        "1 problem in 1 file.",
    ]
