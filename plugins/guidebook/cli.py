"""The `guidebook` command: check, scaffold, report on and export a knowledge base without running MkDocs.

Commands: `validate`, `new-case-study`, `report stale`, `schemas`, `export`, `index`.

Exit codes (the same for every command, so scripts and CI can rely on them):

- 0: success. `report stale` also exits 0 when it lists entries: being due for a
  review is information, not an error.
- 1: the knowledge base has problems (invalid YAML, fields or references); every
  problem is printed as `file:line:col: field: message`, then a summary line.
- 2: the command was used wrongly: an unknown option, an invalid value given as an
  option (e.g. `--country XX`), or a case study file that already exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, get_args

import click

from .export import export_site
from .field_rules import update_guide
from .freshness import Age, parse_age, stale_entries
from .from_issue import FormRejected, write_from_issue
from .model import InvalidKnowledgeBase, KnowledgeBase, Problem, load_knowledge_base
from .model.countries import country_code, country_name
from .model.loading import NOT_FACETS, Layout
from .model.problems import summary_line
from .model.schema import EARLIEST_YEAR, Level
from .model.validation import did_you_mean
from .project import as_typed, command_as_typed, find_root, is_project
from .render.search_index import PART_PAGES
from .render.search_pages import SearchRanking
from .render.site_search import MissingSynonymAnchors, NoContentFound, index_site
from .scaffold import CaseStudyDraft, ScaffoldError, field_problem, id_problem, write_case_study
from .source_schemas import COMMITTED_DIR, write_schemas

LEVELS = list(get_args(Level))
FC = TypeVar("FC", bound=Callable[..., Any])


def _project_root(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """The project root at or above the folder given (default: the current folder), as git finds its own."""
    return find_root(value or Path.cwd())


ROOT = click.argument(
    "root",
    required=False,
    callback=_project_root,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)


def _root_option(help_text: str) -> Callable[[FC], FC]:
    return click.option(
        "--root",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        callback=_project_root,
        help=help_text + " Default: found from the current folder, walking up to mkdocs.yml.",
    )


def _for_github(problem: Problem, root: Path) -> Problem:
    """Annotations need paths from the repository root (the working directory in CI), not from ROOT."""
    return dataclasses.replace(problem, file=Path(os.path.relpath(root / problem.file)).as_posix())


def _load_or_exit(root: Path, output_format: str = "text", within: Path | None = None) -> KnowledgeBase | None:
    """The knowledge base, or exit 1 after printing its problems (only those of `within`, a file or folder, if given).

    Returns None when only files outside `within` have problems: what the editor asked about is fine.
    """
    try:
        return load_knowledge_base(root)
    except InvalidKnowledgeBase as invalid:
        shown = invalid.problems
        if within is not None:
            scope = within.resolve()
            shown = [
                p for p in shown if scope == (root / p.file).resolve() or scope in (root / p.file).resolve().parents
            ]
        for problem in shown:
            if output_format == "github":
                click.echo(_for_github(problem, root).format_github())
            else:
                click.echo(problem.format_text())
        if not shown:
            others = len(invalid.problems)
            click.echo(
                f"{summary_line(0, 0)} ({others} in other files: run {command_as_typed()} validate to see them.)"
            )
            return None
        click.echo(summary_line(len(shown), len({p.file for p in shown})), err=output_format == "github")
        sys.exit(1)


def _load_all_or_exit(root: Path) -> KnowledgeBase:
    kb = _load_or_exit(root)
    assert kb is not None, "without a scope every problem is shown"
    return kb


@click.group()
@click.version_option(package_name="guidebook")
def main() -> None:
    """Build and check a guidance knowledge base (pillars, facets, case studies in YAML)."""


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="'github' prints GitHub Actions annotations (shown on the pull request).",
)
def validate(path: Path | None, output_format: str) -> None:
    """Check the knowledge base and report every problem at once.

    PATH is the project (default: the one around the current folder), a folder inside it
    such as case_studies, or one file: a file or folder is checked within its knowledge
    base (references to other files included) and only its own problems are shown.
    """
    root = find_root(path or Path.cwd())
    within = path if path is not None and path.resolve() != root else None
    if within is not None and within.is_file() and not is_project(root):
        click.echo(f"{path}: this file is not inside a knowledge base (no mkdocs.yml found above it)")
        sys.exit(1)
    kb = _load_or_exit(root, output_format, within)
    if kb is None:
        return
    counts = f"{len(kb.pillars)} pillars, {len(kb.facets)} facets, {len(kb.case_studies)} case studies"
    click.echo(f"OK: {counts}. {summary_line(0, 0)}")


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@_root_option("Folder holding mkdocs.yml and the knowledge base.")
def export(out_dir: Path, root: Path) -> None:
    """Write every page as plain Markdown plus an mkdocs.yml to OUT_DIR (builds without the plugin)."""
    kb = _load_all_or_exit(root)
    count = export_site(kb, root / "mkdocs.yml", out_dir)
    config, site = out_dir / "mkdocs.yml", out_dir / "site"
    click.echo(
        f"Exported {count} files to {out_dir}. Build them with `zensical build -f {config}` "
        f"(or `mkdocs build -f {config}`), then add the search: guidebook index {site}"
    )


@main.command()
@click.argument("site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_root_option("Folder holding the knowledge base the site was built from.")
@click.option(
    "--part-pages",
    type=click.IntRange(min=1),
    default=PART_PAGES,
    show_default=True,
    help="Most pages in one part of the search index (the plugin's `search_part_pages`): lower it if indexing runs out of memory.",
)
def index(site_dir: Path, root: Path, part_pages: int) -> None:
    """Add guidebook's search to the built site in SITE_DIR: its Pagefind index and search box.

    For a site built without the plugin (by Zensical, or by MkDocs from `guidebook export`):
    pages are ranked, left out, weighted and split into parts exactly as the plugin's build does.
    """
    kb = _load_all_or_exit(root)
    try:
        count = index_site(site_dir, SearchRanking(kb), part_pages=part_pages)
    except (NoContentFound, MissingSynonymAnchors) as problem:
        click.echo(str(problem), err=True)
        sys.exit(1)
    click.echo(f"Indexed {count} pages of {site_dir} for search.")


@main.command()
@click.argument("out_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
def schemas(out_dir: Path | None) -> None:
    """Write the JSON Schemas of pillars.yml, facet and case study files to OUT_DIR (default: the project's schemas).

    They are generated from the model; commit them after changing a field, so that
    editors' YAML tooling offers the new help and completion. The field rules section
    of CONTRIBUTING.md is rewritten from the model at the same time.
    """
    root = find_root(Path.cwd())
    for written in write_schemas(out_dir or root / COMMITTED_DIR):
        click.echo(f"Wrote {as_typed(written)}")
    guide = update_guide(root)
    if guide is not None:
        click.echo(f"Updated the field rules in {as_typed(guide)}")


class _CaseStudyField(click.ParamType[Any]):
    """One case study field, checked exactly as `guidebook validate` will check it."""

    def __init__(self, field: str) -> None:
        self.field = field
        self.name = field

    def normalise(self, value: str) -> Any:
        return value.strip()

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        value = self.normalise(str(value))
        problem = field_problem(self.field, value)
        if problem:
            self.fail(problem, param, ctx)
        return value


class _Country(_CaseStudyField):
    """Accepts a code or a name ('Norway', 'no', 'NOR') and always answers with the alpha-2 code."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        code = country_code(str(value))
        if code is None:
            self.fail(f"unknown country '{value}'; type its English name or its ISO 3166-1 code, e.g. NO", param, ctx)
        return super().convert(code, param, ctx)


class _Facets(_CaseStudyField):
    """A comma- or space-separated list of facet ids, each one of the knowledge base's facets."""

    def __init__(self, choices: dict[str, str]) -> None:
        super().__init__("facets")
        self.choices = choices

    def normalise(self, value: str) -> Any:
        return [part for part in value.replace(",", " ").split() if part]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        facets: list[str] = super().convert(value, param, ctx)
        known = sorted(self.choices)
        for facet in facets:
            if self.choices and facet not in self.choices:
                hint = did_you_mean(facet, known) or "; expected one of: " + ", ".join(known)
                self.fail(f"unknown facet '{facet}'{hint}", param, ctx)
        return facets


def _facet_choices(root: Path, layout: Layout) -> dict[str, str]:
    """Facet id -> title; when another file is invalid, the ids alone (they equal the file names)."""
    try:
        return {f.id: f.title for f in load_knowledge_base(root, layout).facets}
    except InvalidKnowledgeBase:
        folder = root / layout.facets_dir
        stems = sorted(p.stem for p in folder.glob("*.y*ml") if p.name not in NOT_FACETS) if folder.is_dir() else []
        return {stem: "" for stem in stems}


def _answer(ctx: click.Context, option: str, given: Any, kind: click.ParamType[Any], question: str) -> Any:
    """The value given as `--option` (checked; a bad one is a usage error, exit 2), else asked for until valid."""
    if given is None:
        return click.prompt(question, type=kind)
    try:
        return kind.convert(given, None, ctx)
    except click.BadParameter as bad:
        raise click.BadParameter(bad.message, ctx=ctx, param_hint=f"'--{option}'") from None


@main.command("new-case-study")
@_root_option("Folder holding facets/ and case_studies/.")
@click.option("--title", help="Name of the initiative.")
@click.option("--country", help='Country: ISO code such as NO, or a name such as "Norway".')
@click.option("--level", type=click.Choice(LEVELS), help="Level of government.")
@click.option("--year", type=click.IntRange(EARLIEST_YEAR, dt.date.today().year), help="The year it started.")
@click.option("--organisation", help="The public body that runs it.")
@click.option("--facets", help="Facet ids, separated by commas (asked for, with the choices, when left out).")
@click.option("--id", "case_id", help="File name without .yml (default: country and title, e.g. no-altinn).")
@click.pass_context
def new_case_study(
    ctx: click.Context,
    root: Path,
    title: str | None,
    country: str | None,
    level: str | None,
    year: int | None,
    organisation: str | None,
    facets: str | None,
    case_id: str | None,
) -> None:
    """Write a new case study file, case_studies/<id>.yml, asking for anything not given as an option.

    The file has every field in place with a comment on each, and passes `guidebook
    validate` as written; replace its TODO texts, then validate again.
    """
    layout = Layout()
    if case_id is not None and id_problem(case_id):
        raise click.BadParameter(str(id_problem(case_id)), ctx=ctx, param_hint="'--id'")
    choices = _facet_choices(root, layout)
    title = _answer(ctx, "title", title, _CaseStudyField("title"), "Title of the initiative")
    country = _answer(ctx, "country", country, _Country("country"), "Country (ISO code such as NO, or its name)")
    click.echo(f"Country: {country} ({country_name(country)})")
    level = _answer(ctx, "level", level, click.Choice(LEVELS), "Level of government")
    year_range = click.IntRange(EARLIEST_YEAR, dt.date.today().year)
    year = _answer(ctx, "year", year, year_range, f"Year it started ({EARLIEST_YEAR}-{dt.date.today().year})")
    organisation = _answer(ctx, "organisation", organisation, _CaseStudyField("organisation"), "Organisation")
    if facets is None:
        click.echo("Facets to choose from:")
        for facet_id, facet_title in sorted(choices.items()):
            click.echo(f"  {facet_id}" + (f"  ({facet_title})" if facet_title else ""))
    chosen = _answer(ctx, "facets", facets, _Facets(choices), "Facets (ids, separated by commas)")
    draft = CaseStudyDraft(
        title=title, country=country, level=level, year=year, organisation=organisation, facets=chosen, id=case_id or ""
    )
    try:
        written = write_case_study(root / layout.case_studies_dir, draft)
    except ScaffoldError as error:
        raise click.UsageError(str(error), ctx=ctx) from None
    shown = written.relative_to(root).as_posix()
    click.echo(
        f"Created {shown}. Next: replace every TODO in it, then run: {command_as_typed()} validate {as_typed(written)}"
    )


@main.command("from-issue")
@click.argument("body_file", type=click.File("r", encoding="utf-8"))
@_root_option("Folder holding .github/, facets/ and case_studies/.")
def from_issue(body_file: Any, root: Path) -> None:
    """Write case_studies/<id>.yml from the body of a "Propose a case study" issue (BODY_FILE, or - for stdin).

    Exit 1 with one line per problem, named by the form's labels, and nothing written,
    when the answers do not make a valid case study.
    """
    try:
        written = write_from_issue(root, body_file.read())
    except FormRejected as rejected:
        for problem in rejected.problems:
            click.echo(problem.format_text())
        click.echo(f"{len(rejected.problems)} problem(s) in the proposal; nothing was written.")
        sys.exit(1)
    click.echo(f"Created {written.relative_to(root).as_posix()}")


@main.group()
def report() -> None:
    """Reports on the knowledge base for editors."""


def _age(ctx: click.Context, param: click.Parameter, value: str) -> Age:
    try:
        return parse_age(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None


@report.command()
@ROOT
@click.option(
    "--older-than",
    "age",
    default="18m",
    show_default=True,
    callback=_age,
    help="Age such as 18m (months), 2y, 6w or 90d.",
)
def stale(root: Path, age: Age) -> None:
    """List the facets and case studies whose last_reviewed is older than --older-than, oldest first."""
    kb = _load_all_or_exit(root)
    today = dt.date.today()
    entries = stale_entries(kb, age, today)
    for entry in entries:
        click.echo(f"{entry.source}: {entry.kind} '{entry.id}' last reviewed {entry.last_reviewed} ({entry.title})")
    total = len(kb.facets) + len(kb.case_studies)
    cutoff = age.cutoff(today).isoformat()
    click.echo(
        f"{len(entries)} of {total} facets and case studies were last reviewed more than {age} ago (before {cutoff})."
    )
