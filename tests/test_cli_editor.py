"""The editor's path: scaffold a case study, see and fix a mistake, build, find the page linked.

Also the pieces around it: the report of stale content, the committed JSON Schemas
(which must match the model), and the GitHub files an editor meets on a pull request.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from guidebook.cli import main
from guidebook.freshness import parse_age
from guidebook.model import CaseStudy, load_knowledge_base
from guidebook.model.validation import validate_document
from guidebook.model.yaml_source import parse_yaml
from guidebook.render.data_files import SCHEMA_MODELS, schema_text
from guidebook.scaffold import SCHEMA_LINE
from guidebook.source_schemas import SOURCE_SCHEMAS
from tests.conftest import ROOT, SMALL_KB, build_or_fail
from tests.test_validation_errors import GUIDEBOOK

FLAGS = [
    "--title",
    "Oslo rain gardens",
    "--country",
    "Norway",
    "--level",
    "local",
    "--year",
    "2019",
    "--organisation",
    "City of Oslo",
    "--facets",
    "watering, composting",
]
NEW_ID = "no-oslo-rain-gardens"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(SMALL_KB, root)
    return root


def invoke(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(main, list(args), input=input)


SOURCE_URL = "https://en.wikipedia.org/wiki/Rain_garden"


def fill_in(case_file: Path) -> None:
    """What an editor does next: replace every TODO of the scaffold with real text and a real source."""
    text = case_file.read_text(encoding="utf-8")
    text = re.sub(r'"TODO: https://[^"]*"', SOURCE_URL, text)
    case_file.write_text(re.sub(r"TODO: [^\n\"]*", "Rain gardens soak up storm water.", text), encoding="utf-8")


def test_new_case_study_from_flags_writes_a_commented_file_that_validates_once_filled_in(kb_copy: Path) -> None:
    result = invoke("new-case-study", "--root", str(kb_copy), *FLAGS)
    assert result.exit_code == 0, result.output
    assert f"Created case_studies/{NEW_ID}.yml" in result.output
    text = (kb_copy / "case_studies" / f"{NEW_ID}.yml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    data = yaml.safe_load(text)
    assert list(data) == list(CaseStudy.model_fields), "every field in place, in the model's order"
    assert data["country"] == "NO" and 'country: "NO"' in text
    assert data["facets"] == ["watering", "composting"]
    for name, info in CaseStudy.model_fields.items():
        assert f"# {info.description}" in text, f"{name} has no comment"
    unfilled = subprocess.run([GUIDEBOOK, "validate", str(kb_copy)], capture_output=True, text=True)
    assert unfilled.returncode == 1
    problems = unfilled.stdout.splitlines()[:-1]
    assert len(problems) == text.count("TODO:"), "one problem per placeholder"
    assert all(f"case_studies/{NEW_ID}.yml:" in p and "still holds the placeholder 'TODO" in p for p in problems)
    fill_in(kb_copy / "case_studies" / f"{NEW_ID}.yml")
    kb = load_knowledge_base(kb_copy)
    assert NEW_ID in kb.case_study


def test_new_case_study_asks_again_until_each_answer_is_valid(kb_copy: Path) -> None:
    answers = [
        "Bergen <b>drains</b>",
        "Bergen drains",  # HTML refused, then plain text
        "Narnia",
        "no",  # not a country, then a code in lower case
        "suburb",
        "local",
        "1900",
        "2021",
        "Bergen kommune",
        "water",
        "watering",  # a near miss gets a suggestion
    ]
    result = invoke("new-case-study", "--root", str(kb_copy), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "this field takes plain text only" in result.output
    assert "unknown country 'Narnia'" in result.output
    assert "Country: NO (Norway)" in result.output
    assert "national, regional, local, international" in result.output
    assert "composting  (Composting)" in result.output, "the valid facets are offered"
    assert "unknown facet 'water'; did you mean 'watering'?" in result.output
    data = yaml.safe_load((kb_copy / "case_studies" / "no-bergen-drains.yml").read_text(encoding="utf-8"))
    assert (data["title"], data["year"], data["facets"]) == ("Bergen drains", 2021, ["watering"])
    fill_in(kb_copy / "case_studies" / "no-bergen-drains.yml")
    load_knowledge_base(kb_copy)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--country", "XX"], "Invalid value for '--country': unknown country 'XX'"),
        (["--facets", "water"], "Invalid value for '--facets': unknown facet 'water'; did you mean 'watering'?"),
        (["--year", "2999"], "Invalid value for '--year'"),
        (["--level", "city"], "Invalid value for '--level'"),
        (["--id", "../../escape"], "Invalid value for '--id': '../../escape' is not a valid id"),
        (["--id", "lyon-holiday-rota"], "lyon-holiday-rota.yml already exists; choose another id with --id"),
    ],
)
def test_new_case_study_refuses_bad_flags_with_exit_2(kb_copy: Path, flags: list[str], message: str) -> None:
    before = sorted((kb_copy / "case_studies").iterdir())
    result = invoke("new-case-study", "--root", str(kb_copy), *FLAGS, *flags)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert sorted((kb_copy / "case_studies").iterdir()) == before
    assert not (kb_copy.parent / "escape.yml").exists()


def _set_reviewed(path: Path, date: dt.date) -> None:
    text = re.sub(r"^last_reviewed: .*$", f"last_reviewed: {date.isoformat()}", path.read_text(), flags=re.M)
    path.write_text(text)


def test_report_stale_lists_old_reviews_oldest_first(kb_copy: Path) -> None:
    today = dt.date.today()
    for path in [*(kb_copy / "facets").glob("*.yml"), *(kb_copy / "case_studies").glob("*.yml")]:
        if path.name != "pillars.yml":
            _set_reviewed(path, today)
    _set_reviewed(kb_copy / "facets" / "watering.yml", today - dt.timedelta(days=600))
    _set_reviewed(kb_copy / "case_studies" / "kyoto-rooftop-garden.yml", today - dt.timedelta(days=800))
    result = invoke("report", "stale", str(kb_copy), "--older-than", "18m")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        f"case_studies/kyoto-rooftop-garden.yml: case study 'kyoto-rooftop-garden' last reviewed "
        f"{today - dt.timedelta(days=800)} (A rooftop garden on a city school)",
        f"facets/watering.yml: facet 'watering' last reviewed {today - dt.timedelta(days=600)} (Watering)",
    ]
    assert "2 of 6 facets and case studies were last reviewed more than 18 months ago" in result.output
    assert "0 of 6" in invoke("report", "stale", str(kb_copy), "--older-than", "3y").output


def test_report_stale_refuses_an_unreadable_age(kb_copy: Path) -> None:
    result = invoke("report", "stale", str(kb_copy), "--older-than", "18 moons")
    assert result.exit_code == 2
    assert "write a number and a unit" in result.output


def test_age_cutoff_is_calendar_arithmetic() -> None:
    assert parse_age("1m").cutoff(dt.date(2025, 3, 31)) == dt.date(2025, 2, 28)
    assert parse_age("18m").cutoff(dt.date(2026, 11, 27)) == dt.date(2025, 5, 27)
    assert parse_age("2y").cutoff(dt.date(2024, 2, 29)) == dt.date(2022, 2, 28)
    assert parse_age("2w").cutoff(dt.date(2026, 1, 10)) == dt.date(2025, 12, 27)


def test_validate_github_format_on_valid_content_prints_no_annotation() -> None:
    result = invoke("validate", "--format", "github", str(SMALL_KB))
    assert result.exit_code == 0
    assert "::error" not in result.output and "No problems found." in result.output


# The JSON Schemas


@pytest.mark.parametrize("name", list(SOURCE_SCHEMAS))
def test_committed_schemas_match_the_model(name: str) -> None:
    committed = ROOT / "schemas" / name
    assert committed.read_text(encoding="utf-8") == schema_text(name), (
        f"schemas/{name} is out of date: run `guidebook schemas schemas` and commit the result"
    )


def _properties_without_description(node: Any, path: str = "") -> list[str]:
    missing: list[str] = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            if not value.get("description"):
                missing.append(f"{path}/{key}")
        for key, value in node.items():
            missing += _properties_without_description(value, f"{path}/{key}")
    elif isinstance(node, list):
        for value in node:
            missing += _properties_without_description(value, path)
    return missing


@pytest.mark.parametrize("name", list(SOURCE_SCHEMAS))
def test_every_schema_field_has_a_description(name: str) -> None:
    assert _properties_without_description(json.loads(schema_text(name))) == []


def test_source_schemas_are_published_under_data() -> None:
    assert set(SOURCE_SCHEMAS) <= set(SCHEMA_MODELS)


def test_schemas_command_writes_the_committed_files(tmp_path: Path) -> None:
    result = invoke("schemas", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    for name in SOURCE_SCHEMAS:
        assert (tmp_path / "out" / name).read_text() == (ROOT / "schemas" / name).read_text()


def test_published_schemas_are_the_committed_ones(small_site: Path) -> None:
    for name in SOURCE_SCHEMAS:
        assert (small_site / "data" / "schemas" / name).read_text() == (ROOT / "schemas" / name).read_text()


def test_shipped_and_scaffolded_files_satisfy_the_committed_schema(kb_copy: Path) -> None:
    """What an editor's YAML extension checks agrees with what `guidebook validate` accepts."""
    schema = json.loads((ROOT / "schemas" / "case-study.schema.json").read_text())
    assert invoke("new-case-study", "--root", str(kb_copy), *FLAGS).exit_code == 0
    fill_in(kb_copy / "case_studies" / f"{NEW_ID}.yml")
    files = [*(ROOT / "case_studies").glob("*.yml"), *(kb_copy / "case_studies").glob("*.yml")]
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # dates and years as text
        data["year"] = int(data["year"])
        jsonschema.validate(data, schema)


# The GitHub files


def test_issue_form_asks_for_the_case_study_fields() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-case-study.yml").read_text())
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    set_by_editor = {"id", "last_reviewed"}
    assert list(fields) == [name for name in CaseStudy.model_fields if name not in set_by_editor]
    for name, item in fields.items():
        assert item["validations"]["required"] == CaseStudy.model_fields[name].is_required(), name
    assert fields["level"]["attributes"]["options"] == ["national", "regional", "local", "international"]
    kb = load_knowledge_base(ROOT)
    assert fields["facets"]["attributes"]["options"] == [f.id for f in kb.facets]


def test_pull_request_workflow_is_read_only_and_checks_everything() -> None:
    text = (ROOT / ".github" / "workflows" / "pr.yml").read_text()
    workflow = yaml.load(text, Loader=yaml.BaseLoader)  # keeps the key `on` as text
    assert list(workflow["on"]) == ["pull_request"]
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    steps = workflow["jobs"]["check"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    assert "guidebook validate --format github" in runs
    assert "mkdocs build --strict" in runs
    assert "bash .ci/run" in runs  # which runs `make test`
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps)


def test_pull_request_template_has_the_editors_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text()
    assert text.count("- [ ]") >= 5 and "guidebook validate" in text


# Done when: the whole path, as CONTRIBUTING.md describes it


def test_editor_path_from_scaffold_to_cross_linked_page(kb_copy: Path, tmp_path: Path) -> None:
    created = invoke("new-case-study", "--root", str(kb_copy), *FLAGS)
    assert created.exit_code == 0, created.output
    case_file = kb_copy / "case_studies" / f"{NEW_ID}.yml"
    fill_in(case_file)

    # The editor removes the quotes around the country code: a clear error, no traceback.
    case_file.write_text(case_file.read_text().replace('country: "NO"', "country: NO"))
    checked = subprocess.run([GUIDEBOOK, "validate", str(kb_copy)], capture_output=True, text=True)
    line = next(n for n, text in enumerate(case_file.read_text().splitlines(), 1) if text.startswith("country:"))
    assert checked.returncode == 1 and "Traceback" not in checked.stdout + checked.stderr
    assert (
        f'case_studies/{NEW_ID}.yml:{line}:10: country: found NO (read as false); put the country code in quotes: "NO"'
        in checked.stdout
    )

    # Fixed as the message says: validation passes and the site builds.
    case_file.write_text(case_file.read_text().replace("country: NO", 'country: "NO"'))
    fixed = subprocess.run([GUIDEBOOK, "validate", str(kb_copy)], capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stdout
    site = build_or_fail(kb_copy / "mkdocs.yml", tmp_path / "site")

    page = site / "case-studies" / NEW_ID / "index.html"
    assert "Oslo rain gardens" in page.read_text()
    for linking_page in ["facets/watering/index.html", "facets/composting/index.html", "countries/no/index.html"]:
        html = (site / linking_page).read_text()
        assert re.search(rf'href="[./]*case-studies/{NEW_ID}/"', html), f"{linking_page} does not link the case study"


@pytest.mark.parametrize("guide", ["CONTRIBUTING.md", "content/contribute.md"])
def test_guides_example_is_a_valid_case_study_of_the_shipped_content(guide: str) -> None:
    text = (ROOT / guide).read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example, f"{guide} has no complete example"
    doc, problems = parse_yaml(example.group(1), guide)
    assert doc is not None and not problems
    case, problems = validate_document(CaseStudy, doc, doc.data)
    assert case is not None, [p.format_text() for p in problems]
    assert list(doc.data) == list(CaseStudy.model_fields)
    kb = load_knowledge_base(ROOT)
    assert set(case.facets) <= set(kb.facet) and set(case.principles) <= set(kb.principle)
    assert example.group(1).splitlines()[0] == SCHEMA_LINE


# Commands where editors stand


@pytest.mark.parametrize("kb", ["small", "ddps"])
def test_validate_takes_a_file_or_a_folder_from_any_folder_inside_the_project(kb: str, tmp_path: Path) -> None:
    root = tmp_path / "kb"
    shutil.copytree(
        SMALL_KB if kb == "small" else ROOT,
        root,
        ignore=shutil.ignore_patterns(".venv", "node_modules", ".git", "site*"),
    )
    cases = root / "case_studies"
    broken, other = sorted(cases.glob("*.yml"))[:2]
    broken.write_text(broken.read_text(encoding="utf-8").replace("\nlevel: ", "\nlevel: city\nx_level: ", 1))
    run = lambda *args, cwd: subprocess.run([GUIDEBOOK, "validate", *args], capture_output=True, text=True, cwd=cwd)  # noqa: E731
    for result in (
        run(cwd=cases),
        run(broken.name, cwd=cases),
        run(f"case_studies/{broken.name}", cwd=root),
        run("case_studies", cwd=root),
    ):
        assert result.returncode == 1, result.stdout
        assert result.stdout.startswith(f"case_studies/{broken.name}:"), result.stdout
        assert "Traceback" not in result.stdout + result.stderr
    fine = run(other.name, cwd=cases)
    assert fine.returncode == 0 and "in other files" in fine.stdout


def test_scaffold_hint_runs_as_typed(kb_copy: Path) -> None:
    result = subprocess.run(
        [GUIDEBOOK, "new-case-study", *FLAGS], capture_output=True, text=True, cwd=kb_copy / "case_studies"
    )
    assert result.returncode == 0, result.stderr
    command = result.stdout.rsplit("then run: ", 1)[1].strip()
    fill_in(kb_copy / "case_studies" / f"{NEW_ID}.yml")
    program, *args = command.split()
    typed = subprocess.run(
        [program if "/" not in program else str(kb_copy / "case_studies" / program), *args],
        capture_output=True,
        text=True,
        cwd=kb_copy / "case_studies",
    )
    assert typed.returncode == 0, (command, typed.stdout)


def test_contributing_states_the_field_rules_of_the_model() -> None:
    """The written limits are the enforced ones: the section is generated; run `guidebook schemas` after a change."""
    from guidebook.field_rules import GUIDE, field_rules

    assert field_rules() in (ROOT / GUIDE).read_text(encoding="utf-8"), f"{GUIDE} is out of date: run guidebook schemas"
    description = CaseStudy.model_fields["approach"].description or ""
    assert "case-study:<id>" in description and "No headings" in description


# From issue form to pull request

ISSUE_FORMS = ROOT / "tests" / "fixtures" / "issue-forms"


def test_contribute_page_links_straight_to_the_issue_form(ddps_site: Path) -> None:
    html = (ddps_site / "contribute" / "index.html").read_text(encoding="utf-8")
    assert "/issues/new?template=propose-case-study.yml" in html
    assert (ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-case-study.yml").is_file()


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """The shipped project, with its issue form, in a folder of the test's own."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "node_modules", ".git", "site", "site-*"))
    return root


def test_from_issue_turns_a_submitted_form_into_a_case_study_page(repo_copy: Path, tmp_path: Path) -> None:
    """End to end, as CONTRIBUTING.md says it: body -> file -> validate -> build -> page."""
    root = repo_copy
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    command = next(line for line in guide.splitlines() if "guidebook from-issue" in line and line.startswith(".venv"))
    created = subprocess.run([GUIDEBOOK, *command.split()[1:]], capture_output=True, text=True, cwd=root)
    assert created.returncode == 0, created.stdout + created.stderr
    case_id = "no-altinn-one-portal-for-reporting-to-the-public-sector"
    assert created.stdout.strip() == f"Created case_studies/{case_id}.yml"
    case = load_knowledge_base(root).case_study[case_id]
    assert (case.country, case.year, case.facets) == ("NO", 2003, ["data-infrastructure", "delivery"])
    assert case.principles == [] and [s.url for s in case.sources][1] == "https://info.altinn.no/en/about-altinn/"
    checked = subprocess.run([GUIDEBOOK, "validate"], capture_output=True, text=True, cwd=root)
    assert checked.returncode == 0, checked.stdout
    site = build_or_fail(root / "mkdocs.yml", tmp_path / "site")
    page = (site / "case-studies" / case_id / "index.html").read_text(encoding="utf-8")
    assert "Altinn: one portal for reporting to the public sector" in page
    assert "<li>Start with the forms that most users must fill in.</li>" in page


def test_from_issue_reports_every_problem_by_the_forms_labels_and_writes_nothing(repo_copy: Path) -> None:
    root = repo_copy
    before = sorted(p.name for p in (root / "case_studies").iterdir())
    result = subprocess.run(
        [GUIDEBOOK, "from-issue", str(ISSUE_FORMS / "with-mistakes.md")], capture_output=True, text=True, cwd=root
    )
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for start in [
        "Country: found 'Narnia'",
        "Challenge: found the heading '## Before'",
        "Facets (entry 1): found 'Data Infrastructure'",
        "Sources (entry 2, url): found 'http://info.altinn.no/en/about-altinn/'",
    ]:
        assert any(line.startswith(start) for line in lines), result.stdout
    assert "did you mean 'data-infrastructure'?" in result.stdout
    assert lines[-1].endswith("nothing was written.")
    assert sorted(p.name for p in (root / "case_studies").iterdir()) == before


def test_issue_workflow_has_least_privileges_and_never_pastes_the_body_into_the_shell() -> None:
    text = (ROOT / ".github" / "workflows" / "case-study-from-issue.yml").read_text()
    workflow = yaml.load(text, Loader=yaml.BaseLoader)
    assert workflow["on"] == {"issues": {"types": ["labeled"]}}
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    job = workflow["jobs"]["draft"]
    assert "github.event.label.name ==" in job["if"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert not any("github.event.issue.body" in run for run in runs), "the body reaches the shell only as a variable"
    assert any("guidebook from-issue" in run for run in runs)
    assert any(step.get("uses", "").startswith("peter-evans/create-pull-request@") for step in job["steps"])


def test_contributing_example_command_creates_a_new_file(repo_copy: Path) -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").replace("\\\n", " ")
    command = next(line.strip() for line in guide.splitlines() if "guidebook new-case-study --title" in line)
    result = subprocess.run([GUIDEBOOK, *shlex.split(command)[1:]], capture_output=True, text=True, cwd=repo_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Created case_studies/fi-helsinki-region-infoshare.yml" in result.stdout
