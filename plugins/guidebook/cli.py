"""The `guidebook` command: validate and export a knowledge base without running MkDocs.

Exit codes: 0 success; 1 the knowledge base has problems; 2 the command was used wrongly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .export import export_site
from .model import InvalidKnowledgeBase, KnowledgeBase, load_knowledge_base
from .model.problems import summary_line

ROOT = click.argument("root", required=False, default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))


def _load_or_exit(root: Path, output_format: str = "text") -> KnowledgeBase:
    try:
        return load_knowledge_base(root)
    except InvalidKnowledgeBase as invalid:
        for problem in invalid.problems:
            click.echo(problem.format_github() if output_format == "github" else problem.format_text())
        files = len({p.file for p in invalid.problems})
        click.echo(summary_line(len(invalid.problems), files), err=output_format == "github")
        sys.exit(1)


@click.group()
@click.version_option(package_name="guidebook")
def main() -> None:
    """Build and check a guidance knowledge base (pillars, facets, case studies in YAML)."""


@main.command()
@ROOT
@click.option("--format", "output_format", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="'github' prints GitHub Actions annotations (shown on the pull request).")
def validate(root: Path, output_format: str) -> None:
    """Check every file of the knowledge base in ROOT and report every problem at once."""
    kb = _load_or_exit(root, output_format)
    click.echo(f"OK: {len(kb.pillars)} pillars, {len(kb.facets)} facets, {len(kb.case_studies)} case studies. {summary_line(0, 0)}")


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Folder holding mkdocs.yml and the knowledge base.")
def export(out_dir: Path, root: Path) -> None:
    """Write every page as plain Markdown plus an mkdocs.yml to OUT_DIR (builds without the plugin)."""
    kb = _load_or_exit(root)
    count = export_site(kb, root / "mkdocs.yml", out_dir)
    click.echo(f"Exported {count} files to {out_dir}. Build them with: mkdocs build -f {out_dir / 'mkdocs.yml'}")
