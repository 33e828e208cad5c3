"""Every bad input an editor is likely to write gets a clear, located error and no traceback.

Each case breaks one thing in a copy of the small knowledge base and checks the
exact `file:line:col`, the field path and the wording, first through the model,
then through the `guidebook validate` command an editor runs, and (for one case)
through `mkdocs build`, which must stop before writing a half-built site.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from guidebook.model import InvalidKnowledgeBase, Problem, load_knowledge_base
from guidebook.model.yaml_source import MAX_FILE_BYTES
from tests.conftest import ROOT, SMALL_KB, mkdocs_build

CASE = "case_studies/lyon-holiday-rota.yml"
WATERING = "facets/watering.yml"
SYNONYMS = "facets/synonyms.yml"
GUIDEBOOK = str(Path(sys.executable).parent / "guidebook")


def replace(old: str, new: str) -> Callable[[bytes], bytes]:
    """An edit that replaces text which must be present (so a fixture change cannot silently void a case)."""

    def edit(content: bytes) -> bytes:
        assert old.encode() in content, f"{old!r} is not in the fixture"
        return content.replace(old.encode(), new.encode(), 1)

    return edit


def whole(content: bytes) -> Callable[[bytes], bytes]:
    return lambda _: content


@dataclass(frozen=True)
class Bad:
    """One broken input and the problem it must produce."""

    edits: dict[str, Callable[[bytes], bytes]]
    """File (relative to the knowledge base root; created if missing) -> how to change it."""
    file: str
    line: int
    column: int
    field: str
    fragment: str
    extra_files: dict[str, str] = field(default_factory=dict)
    """New file -> existing file to copy it from."""


NEXT_YEAR = dt.date.today().year + 1

BAD_INPUTS: dict[str, Bad] = {
    "yaml syntax error": Bad(
        {CASE: replace("level: local", "level: local: town")}, CASE, 4, 13, "", "YAML syntax error"
    ),
    "tab indentation": Bad(
        {CASE: replace("  Plants died", "\tPlants died")}, CASE, 9, 1, "", "a tab is used for indentation"
    ),
    "wrong type": Bad({CASE: replace("year: 2020", "year: twenty")}, CASE, 5, 7, "year", "expected a whole number"),
    "missing required field": Bad(
        {CASE: replace("organisation: A parents' association\n", "")},
        CASE,
        1,
        1,
        "organisation",
        "the required field 'organisation' is missing",
    ),
    "unknown field": Bad(
        {CASE: replace("year: 2020\n", "year: 2020\nyaer: 2020\n")}, CASE, 6, 1, "yaer", "did you mean 'year'?"
    ),
    "empty file": Bad({"case_studies/empty.yml": whole(b"")}, "case_studies/empty.yml", 1, 1, "", "the file is empty"),
    "not utf-8": Bad(
        {"case_studies/latin.yml": whole("id: latin\ntitle: Caf\xe9\n".encode("latin-1"))},
        "case_studies/latin.yml",
        2,
        11,
        "",
        "not UTF-8",
    ),
    "id does not match the file name": Bad(
        {CASE: replace("id: lyon-holiday-rota", "id: lyon-rota")}, CASE, 1, 5, "id", "must equal the file name"
    ),
    "duplicate id across files (.yml and .yaml)": Bad(
        {},
        CASE,
        1,
        5,
        "id",
        "is already used in case_studies/lyon-holiday-rota.yaml",
        extra_files={"case_studies/lyon-holiday-rota.yaml": CASE},
    ),
    "duplicate principle id across facets": Bad(
        {WATERING: replace("id: WA1\n", "id: VO1\n")},
        WATERING,
        11,
        9,
        "principles[0].id",
        "'VO1' is already used in facets/volunteers.yml",
    ),
    "checklist item id reused": Bad(
        {WATERING: replace("id: WA1.1", "id: VO1.2")},
        WATERING,
        16,
        13,
        "principles[0].checklist[0].id",
        "'VO1.2' is already used in facets/volunteers.yml",
    ),
    "unknown facet reference": Bad(
        {CASE: replace("facets: [volunteers, watering]", "facets: [volunteer, watering]")},
        CASE,
        16,
        10,
        "facets[0]",
        "unknown facet 'volunteer'; did you mean 'volunteers'?",
    ),
    "unknown principle reference": Bad(
        {CASE: replace("principles: [VO1]", "principles: [VO7]")},
        CASE,
        17,
        14,
        "principles[0]",
        "unknown principle 'VO7'",
    ),
    "unknown pillar reference": Bad(
        {WATERING: replace("pillar: soil", "pillar: soils")}, WATERING, 2, 9, "pillar", "did you mean 'soil'?"
    ),
    "unquoted NO": Bad(
        {CASE: replace('country: "FR"', "country: NO")}, CASE, 3, 10, "country", 'put the country code in quotes: "NO"'
    ),
    "country not ISO": Bad(
        {CASE: replace('country: "FR"', 'country: "XX"')}, CASE, 3, 10, "country", "not an ISO 3166-1 alpha-2"
    ),
    "year in the future": Bad(
        {CASE: replace("year: 2020", f"year: {NEXT_YEAR}")}, CASE, 5, 7, "year", "a year in the future"
    ),
    "year before 1950": Bad({CASE: replace("year: 2020", "year: 1949")}, CASE, 5, 7, "year", "found 1949, before 1950"),
    "invalid date": Bad(
        {CASE: replace("last_reviewed: 2025-03-01", "last_reviewed: 2025-02-30")},
        CASE,
        24,
        16,
        "last_reviewed",
        "not a real date; expected YYYY-MM-DD",
    ),
    "non-https source": Bad(
        {
            CASE: replace(
                "url: https://en.wikipedia.org/wiki/School_garden", "url: http://en.wikipedia.org/wiki/School_garden"
            )
        },
        CASE,
        21,
        10,
        "sources[0].url",
        "expected an https:// address",
    ),
    "malformed source url": Bad(
        {CASE: replace("url: https://en.wikipedia.org/wiki/School_garden", "url: https://en wikipedia org")},
        CASE,
        21,
        10,
        "sources[0].url",
        "not a valid web address",
    ),
    "empty sources": Bad(
        {
            CASE: replace(
                "sources:\n  - title: Fixture source\n    url: https://en.wikipedia.org/wiki/School_garden\n"
                "  - title: Fixture follow-up report\n    url: https://en.wikipedia.org/wiki/Community_gardening",
                "sources: []",
            )
        },
        CASE,
        19,
        10,
        "sources",
        "this list is empty",
    ),
    "raw HTML in a Markdown field": Bad(
        {CASE: replace("Plants died every August.", "Plants <b>died</b> every August.")},
        CASE,
        9,
        3,
        "challenge",
        "raw HTML is not allowed",
    ),
    "script in a text field": Bad(
        {CASE: replace("organisation: A parents' association", "organisation: <script>alert(1)</script>")},
        CASE,
        6,
        15,
        "organisation",
        "found the HTML '<script>'; this field takes plain text only",
    ),
    "javascript: link in Markdown": Bad(
        {CASE: replace("Publish the rota early.", "Publish [the rota](javascript:alert(1)) early.")},
        CASE,
        15,
        3,
        "lessons",
        "links must go to https:// pages",
    ),
    "anchors and aliases": Bad(
        {CASE: replace("facets: [volunteers, watering]", "facets: &f [volunteers, watering]\nalso: *f")},
        CASE,
        16,
        9,
        "",
        "anchors (&name) are not allowed",
    ),
    "file over the size cap": Bad(
        {"case_studies/huge.yml": whole(b"id: huge\nsummary: " + b"x" * MAX_FILE_BYTES + b"\n")},
        "case_studies/huge.yml",
        1,
        1,
        "",
        "the limit is 256 KB per file",
    ),
    "id that tries to escape its folder": Bad(
        {CASE: replace("id: lyon-holiday-rota", "id: ../../etc/passwd")},
        CASE,
        1,
        5,
        "id",
        "expected lowercase letters a-z, digits and single hyphens",
    ),
    "file name that tries to escape its folder": Bad(
        {}, "case_studies/..yml", 1, 1, "", "is not a valid id", extra_files={"case_studies/..yml": CASE}
    ),
    "relative link to another page": Bad(
        {CASE: replace("Publish the rota early.", "Publish [the rota](../kyoto-rooftop-garden/) early.")},
        CASE,
        15,
        3,
        "lessons",
        "link to another page of this site by id, [text](case-study:<id>)",
    ),
    "http link in Markdown": Bad(
        {CASE: replace("Publish the rota early.", "Publish [the rota](http://en.wikipedia.org/wiki/Rota) early.")},
        CASE,
        15,
        3,
        "lessons",
        "links must use https://, write 'https://en.wikipedia.org/wiki/Rota'",
    ),
    "email link in Markdown": Bad(
        {CASE: replace("Publish the rota early.", "Write to [us](mailto:rota@ecole.fr).")},
        CASE,
        15,
        3,
        "lessons",
        "email links are not allowed",
    ),
    "image in Markdown": Bad(
        {CASE: replace("Publish the rota early.", "![rota](https://en.wikipedia.org/rota.png)")},
        CASE,
        15,
        3,
        "lessons",
        "images are not allowed (they load from another host); link to the page instead: [rota](https://...)",
    ),
    "heading in Markdown": Bad(
        {CASE: replace("  A shared online rota", "  ## How\n  A shared online rota")},
        CASE,
        11,
        3,
        "approach",
        "headings are not allowed in this field",
    ),
    "unknown cross-reference": Bad(
        {CASE: replace("Publish the rota early.", "Publish it, as [Kyoto](case-study:kyoto-roof-garden) did.")},
        CASE,
        15,
        3,
        "lessons",
        "names unknown case study 'kyoto-roof-garden'; did you mean 'kyoto-rooftop-garden'?",
    ),
    "Markdown in a plain-text field": Bad(
        {CASE: replace('title: "Holiday rota:', 'title: "*Holiday* rota:')},
        CASE,
        2,
        8,
        "title",
        "found the Markdown '*Holiday*'; this field takes plain text only",
    ),
    "principle whose facet is not listed": Bad(
        {CASE: replace("facets: [volunteers, watering]", "facets: [watering]")},
        CASE,
        17,
        14,
        "principles[0]",
        "belongs to the facet 'volunteers', which is not in facets; add 'volunteers' to facets or remove 'VO1'",
    ),
    "last_reviewed in the future": Bad(
        {CASE: replace("last_reviewed: 2025-03-01", f"last_reviewed: {NEXT_YEAR}-01-01")},
        CASE,
        24,
        16,
        "last_reviewed",
        "a date in the future",
    ),
    "case study in a subfolder": Bad(
        {},
        "case_studies/france/lyon.yml",
        1,
        1,
        "",
        "move or rename it to case_studies/lyon.yml",
        extra_files={"case_studies/france/lyon.yml": CASE},
    ),
    "case study with the wrong extension": Bad(
        {}, "case_studies/lyon.txt", 1, 1, "", "has the extension '.txt'", extra_files={"case_studies/lyon.txt": CASE}
    ),
    "TODO placeholder left in": Bad(
        {CASE: replace("Plants died every August.", "TODO: the problem the initiative set out to solve.")},
        CASE,
        9,
        3,
        "challenge",
        "still holds the placeholder 'TODO: the problem",
    ),
    "reserved example domain as a source": Bad(
        {CASE: replace("https://en.wikipedia.org/wiki/School_garden", "https://www.example.org/lyon")},
        CASE,
        21,
        10,
        "sources[0].url",
        "www.example.org is a reserved example domain",
    ),
    "quoted year": Bad(
        {CASE: replace("year: 2020", 'year: "2020"')}, CASE, 5, 7, "year", "remove the quotes: year: 2020"
    ),
    "country name": Bad({CASE: replace('country: "FR"', "country: Ukraine")}, CASE, 3, 10, "country", 'write "UA"'),
    "country alpha-3 code": Bad({CASE: replace('country: "FR"', "country: UKR")}, CASE, 3, 10, "country", 'write "UA"'),
    "UK for the United Kingdom": Bad(
        {CASE: replace('country: "FR"', 'country: "UK"')}, CASE, 3, 10, "country", 'write "GB"'
    ),
    "facet id with spaces and capitals": Bad(
        {CASE: replace("facets: [volunteers, watering]", "facets: [Volunteers, Watering Plan]")},
        CASE,
        16,
        10,
        "facets[0]",
        "did you mean 'volunteers'?",
    ),
    "text over the length limit": Bad(
        {CASE: replace("organisation: A parents' association", "organisation: " + "a" * 310)},
        CASE,
        6,
        15,
        "organisation",
        "this text is 310 characters long; the limit is 300, shorten it by 10",
    ),
    "unclosed quote": Bad(
        {CASE: replace('title: "Holiday rota: families keep the garden alive"', 'title: "Holiday rota: families keep')},
        CASE,
        2,
        8,
        "",
        'the text that starts with " here is never closed; add the closing " at its end',
    ),
    "synonym leading to an unknown facet": Bad(
        {SYNONYMS: replace("target: facet:volunteers", "target: facet:volunters")},
        SYNONYMS,
        4,
        11,
        "[1].target",
        "unknown facet 'volunters'; did you mean 'volunteers'?",
    ),
    "synonym leading to an unknown principle": Bad(
        {SYNONYMS: replace("target: principle:CP2", "target: principle:CP9")},
        SYNONYMS,
        2,
        11,
        "[0].target",
        "unknown principle 'CP9'",
    ),
    "synonym target of no known kind": Bad(
        {SYNONYMS: replace("target: facet:volunteers", "target: volunteers")},
        SYNONYMS,
        4,
        11,
        "[1].target",
        "expected 'facet:<id>', 'principle:<id>'",
    ),
    "facet synonym listed twice": Bad(
        {WATERING: replace("synonyms: [irrigation, sprinklers]", "synonyms: [irrigation, irrigation]")},
        WATERING,
        18,
        11,
        "synonyms",
        "'irrigation' is listed twice",
    ),
    "case study with no facets": Bad(
        {CASE: replace("facets: [volunteers, watering]", "facets: []")},
        CASE,
        16,
        9,
        "facets",
        "this list is empty; expected at least one entry",
    ),
}


def broken_copy(bad: Bad, tmp_path: Path) -> Path:
    """A copy of the small knowledge base with `bad` applied."""
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    for new, existing in bad.extra_files.items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / existing, root / new)
    for name, edit in bad.edits.items():
        target = root / name
        target.write_bytes(edit(target.read_bytes() if target.exists() else b""))
    return root


@pytest.fixture(params=list(BAD_INPUTS), ids=list(BAD_INPUTS))
def bad_kb(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Bad, Path]:
    bad = BAD_INPUTS[request.param]
    return bad, broken_copy(bad, tmp_path)


def test_model_reports_the_exact_place_field_and_message(bad_kb: tuple[Bad, Path]) -> None:
    bad, root = bad_kb
    with pytest.raises(InvalidKnowledgeBase) as raised:
        load_knowledge_base(root)
    located = [
        p
        for p in raised.value.problems
        if (p.file, p.line, p.column, p.field) == (bad.file, bad.line, bad.column, bad.field)
    ]
    assert located, f"no problem at {bad.file}:{bad.line}:{bad.column} ({bad.field}); got:\n{raised.value.report()}"
    assert any(bad.fragment in p.message for p in located), raised.value.report()


def test_validate_command_shows_it_without_traceback(bad_kb: tuple[Bad, Path]) -> None:
    bad, root = bad_kb
    result = subprocess.run([GUIDEBOOK, "validate", str(root)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    where = f"{bad.file}:{bad.line}:{bad.column}: " + (f"{bad.field}: " if bad.field else "")
    assert any(line.startswith(where) and bad.fragment in line for line in output.splitlines()), output
    assert output.rstrip().endswith("1 problem in 1 file.") or " problems in " in output


def test_validate_reports_every_problem_of_every_file_at_once(tmp_path: Path) -> None:
    edits = {**BAD_INPUTS["unquoted NO"].edits, **BAD_INPUTS["unknown pillar reference"].edits}
    root = broken_copy(Bad(edits, "", 0, 0, "", ""), tmp_path)
    (root / CASE).write_bytes(replace("year: 2020", "year: 1900")((root / CASE).read_bytes()))
    result = subprocess.run([GUIDEBOOK, "validate", str(root)], capture_output=True, text=True)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in lines[:-1]] == [f"{CASE}:3:10", f"{CASE}:5:7", f"{WATERING}:2:9"]
    assert lines[-1] == "3 problems in 2 files."


def test_github_format_prints_annotations_from_the_repository_root(tmp_path: Path) -> None:
    root = broken_copy(BAD_INPUTS["unquoted NO"], tmp_path)
    result = subprocess.run(
        [GUIDEBOOK, "validate", "--format", "github", "kb"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file=kb/{CASE},line=3,col=10,title=country::found NO (read as false); "
        'put the country code in quotes: "NO"'
    ]
    assert "1 problem in 1 file." in result.stderr
    assert root.is_dir()


def test_problem_annotation_escapes_separators() -> None:
    problem = Problem("a,b:c.yml", 1, 2, "x", "100% sure\nnext line")
    assert problem.format_github() == "::error file=a%2Cb%3Ac.yml,line=1,col=2,title=x::100%25 sure%0Anext line"


def test_mkdocs_build_stops_without_traceback_or_site(tmp_path: Path) -> None:
    root = broken_copy(BAD_INPUTS["unquoted NO"], tmp_path)
    site = tmp_path / "site"
    result = mkdocs_build(root / "mkdocs.yml", site)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert f'{CASE}:3:10: country: found NO (read as false); put the country code in quotes: "NO"' in output
    assert not site.exists()


@pytest.mark.parametrize("kb", ["small", "ddps"])
def test_every_problem_of_a_file_is_reported_in_one_run(kb: str, tmp_path: Path) -> None:
    """Field checks and reference checks of one file all run: a wrong level no longer hides an unknown principle."""
    source = SMALL_KB if kb == "small" else ROOT
    root = tmp_path / "kb"
    shutil.copytree(source / "facets", root / "facets")
    (root / "case_studies").mkdir()
    facet = sorted(load_knowledge_base(source).facets, key=lambda f: f.id)[0]
    bad = root / "case_studies" / "xx-bad.yml"
    bad.write_text(
        "\n".join(
            [
                "id: xx-bad",
                "title: A **bold** title",
                "country: UK",
                "level: city",
                'year: "2020"',
                "organisation: A body",
                "summary: TODO one or two sentences.",
                "challenge: |",
                "  See [the other](../other/).",
                "approach: |",
                "  ## Steps",
                "  ![logo](https://www.gov.uk/logo.png)",
                "results: Fine.",
                "lessons: Fine.",
                f"facets: [{facet.id.upper()}]",
                "principles: [ZZ9]",
                "sources:",
                "  - title: A source",
                "    url: https://www.example.com/report",
                f"last_reviewed: {NEXT_YEAR}-01-01",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    before = sorted(p.name for p in root.rglob("*"))
    result = subprocess.run([GUIDEBOOK, "validate", str(root)], capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    expected = [
        "case_studies/xx-bad.yml:2:8: title: found the Markdown '**'",
        "case_studies/xx-bad.yml:3:10: country: found 'UK'",
        "case_studies/xx-bad.yml:4:8: level: found 'city'",
        "case_studies/xx-bad.yml:5:7: year: found '2020'; expected a whole number; remove the quotes",
        "case_studies/xx-bad.yml:7:10: summary: still holds the placeholder 'TODO",
        "case_studies/xx-bad.yml:9:3: challenge: found the link '[the other](../other/)'",
        "case_studies/xx-bad.yml:11:3: approach: found the heading '## Steps'",
        "case_studies/xx-bad.yml:12:3: approach: found the image",
        f"case_studies/xx-bad.yml:15:10: facets[0]: found '{facet.id.upper()}'; expected lowercase letters",
        "case_studies/xx-bad.yml:16:14: principles[0]: unknown principle 'ZZ9'",
        "case_studies/xx-bad.yml:19:10: sources[0].url: found 'https://www.example.com/report'; www.example.com is a "
        "reserved example domain",
        f"case_studies/xx-bad.yml:20:16: last_reviewed: found {NEXT_YEAR}-01-01, a date in the future",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), f"{start!r} missing from:\n{result.stdout}"
    assert 'write "GB"' in result.stdout and f"did you mean '{facet.id}'?" in result.stdout
    assert lines[-1] == f"{len(expected)} problems in 1 file."
    assert sorted(p.name for p in root.rglob("*")) == before, "validate writes nothing"
