"""`guidebook from-issue`: a submitted "Propose a case study" issue form -> `case_studies/<id>.yml`.

People who do not use git fill in the issue form; GitHub renders each answer as
`### <label>` followed by the text (`_No response_` when left empty). The labels are
read from the form itself (`.github/ISSUE_TEMPLATE/propose-case-study.yml`), whose field
ids are the case study fields, so a reworded label needs no code change. The file is
checked within the knowledge base exactly as `guidebook validate` checks it; when it
has problems, they are reported by the form's labels and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import CaseStudy, InvalidKnowledgeBase, load_knowledge_base
from .model.countries import country_code
from .model.loading import Layout
from .scaffold import SCHEMA_LINE, suggest_id

FORM = Path(".github/ISSUE_TEMPLATE/propose-case-study.yml")
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^### (.+?)\s*$", re.MULTILINE)
_SOURCE = re.compile(r"^(?:[-*]\s+)?(.*?)[\s:–—-]*<?(https?://\S+?)>?\.?$")
_MARKDOWN_FIELDS = ("challenge", "approach", "results", "lessons")
_LIST_FIELDS = ("facets", "principles", "tags")


@dataclass(frozen=True)
class FormProblem:
    """A problem with one answer of the form, named by the label the proposer saw."""

    label: str
    message: str

    def format_text(self) -> str:
        return f"{self.label}: {self.message}"


class FormRejected(Exception):
    """The answers do not make a valid case study; `problems` says which answer and why."""

    def __init__(self, problems: list[FormProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(p.format_text() for p in problems))


def form_labels(root: Path) -> dict[str, str]:
    """Label -> field id, from the issue form of the project at `root`."""
    form = yaml.safe_load((root / FORM).read_text(encoding="utf-8"))
    return {item["attributes"]["label"]: item["id"] for item in form["body"] if "id" in item}


def parse_form_body(body: str, labels: dict[str, str]) -> dict[str, str]:
    """Field id -> answer (empty when not answered) from an issue body rendered by GitHub."""
    answers: dict[str, str] = {}
    headings = list(_HEADING.finditer(body))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        field = labels.get(heading.group(1).strip())
        if field is not None:
            text = body[heading.end() : end].strip().replace("\r\n", "\n")
            answers[field] = "" if text == NO_RESPONSE else text
    return answers


def case_study_data(answers: dict[str, str], today: dt.date) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The case study fields from the answers, plus (field, problem) for answers that cannot be read."""
    unreadable: list[tuple[str, str]] = []
    data: dict[str, Any] = {}
    country = answers.get("country", "")
    if country:
        data["country"] = country_code(country) or country
    for name in ("title", "level", "organisation"):
        data[name] = " ".join(answers.get(name, "").split())
    data["summary"] = " ".join(answers.get("summary", "").split())
    year = answers.get("year", "").strip()
    data["year"] = int(year) if year.isdigit() else year
    for name in _MARKDOWN_FIELDS:
        data[name] = answers.get(name, "").strip()
    for name in _LIST_FIELDS:
        data[name] = [part.strip() for part in re.split(r"[,\n]", answers.get(name, "")) if part.strip()]
    data["sources"] = []
    for line in filter(None, (line.strip() for line in answers.get("sources", "").splitlines())):
        found = _SOURCE.match(line)
        if found and found.group(1):
            data["sources"].append({"title": found.group(1).strip(), "url": found.group(2)})
        else:
            unreadable.append(("sources", f"'{line}' is not 'Title - https://address'; write one source a line so"))
    data["last_reviewed"] = today.isoformat()
    data["id"] = suggest_id(data.get("country") or "int", data["title"])
    return {name: data[name] for name in CaseStudy.model_fields if name in data}, unreadable


def case_study_yaml(data: dict[str, Any]) -> str:
    """The YAML text of a case study, every text quoted (JSON strings are YAML) and Markdown as `|` blocks."""
    lines = [
        SCHEMA_LINE,
        "# Made by `guidebook from-issue` from a proposal; review every fact against its sources.",
        "",
    ]
    for name, value in data.items():
        if name in _MARKDOWN_FIELDS:
            lines.append(f"{name}: |")
            lines += [f"  {line}" if line else "" for line in value.splitlines()]
        elif name == "sources":
            lines.append("sources:")
            for source in value:
                lines += [f"  - title: {json.dumps(source['title'], ensure_ascii=False)}", f"    url: {source['url']}"]
        elif isinstance(value, list):
            lines.append(f"{name}: [{', '.join(json.dumps(v, ensure_ascii=False) for v in value)}]")
        elif name in ("id", "last_reviewed") or isinstance(value, int):
            lines.append(f"{name}: {value}")
        else:
            lines.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _label(field: str, label_of: dict[str, str]) -> str:
    """`sources[1].url` -> `Sources (entry 2, url)`: where in the form the proposer wrote it."""
    name = re.split(r"[.\[]", field, maxsplit=1)[0]
    label = label_of.get(name, name or "File")
    entry = re.search(r"\[(\d+)\](?:\.(\w+))?", field)
    if entry:
        label += f" (entry {int(entry.group(1)) + 1}" + (f", {entry.group(2)})" if entry.group(2) else ")")
    return label


def write_from_issue(root: Path, body: str, today: dt.date | None = None) -> Path:
    """Write `case_studies/<id>.yml` from an issue body; raise `FormRejected` (nothing written) on any problem."""
    labels = form_labels(root)
    label_of = {field: label for label, field in labels.items()}
    answers = parse_form_body(body, labels)
    if not answers:
        raise FormRejected([FormProblem("Issue", f"no answers of the form found; expected '### {next(iter(labels))}'")])
    data, unreadable = case_study_data(answers, today or dt.date.today())
    problems = [FormProblem(label_of.get(name, name), message) for name, message in unreadable]
    target = root / Layout().case_studies_dir / f"{data['id']}.yml"
    if target.exists():
        problems.append(FormProblem(label_of["title"], f"{target.name} already exists: this may be a duplicate"))
    if problems:
        raise FormRejected(problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(case_study_yaml(data), encoding="utf-8")
    try:
        load_knowledge_base(root)
    except InvalidKnowledgeBase as invalid:
        own = [p for p in invalid.problems if (root / p.file).resolve() == target.resolve()]
        if own:
            target.unlink()
            raise FormRejected([FormProblem(_label(p.field, label_of), p.message) for p in own]) from None
    return target
