"""Where a build's CPU time goes, by stage: `python -m bench.profile build|rebuild|cached MKDOCS_YML`.

cProfile inflates Python-heavy code several times over and hides what runs in C, so the
shares it gives mislead; this times the stages themselves with `time.process_time` (the
CPU of this process, whatever the machine's load), by wrapping them in place:
- MkDocs' stages: reading mkdocs.yml, listing the theme's files, converting each page's
  Markdown (`Page.render`), the page templates (`_build_page`) and the theme's own templates;
- every plugin event, by plugin (`guidebook.on_files`...);
- inside guidebook's `on_files`: the Markdown of the generated pages, the checklist PDFs,
  the data files.
Pagefind runs in its own process and is not counted; `make bench` reports it with the
CPU time of all processes.

- `build`: one cold build (no cache), as `mkdocs build` in CI;
- `cached`: a build with guidebook's cache filled by a build before it (`make build` again);
- `rebuild`: under `mkdocs serve --dirty` conditions, the build that follows saving a case
  study (its summary changed), after a first full build.

The table is Markdown, for BENCHMARKS.md (`bench/run.py` includes the three of the shipped site).
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import mkdocs.commands.build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import guidebook.plugin.plugin as guidebook_plugin

STAGES: list[tuple[Any, str, str]] = [
    (Files, "add_files_from_theme", "MkDocs: list the theme's files"),
    (Page, "render", "MkDocs: Markdown to HTML, every page"),
    (mkdocs_build, "_build_page", "MkDocs + theme: page templates, every page (with the events of each page)"),
    (mkdocs_build, "_build_theme_template", "MkDocs + theme: 404 page, sitemap"),
    (guidebook_plugin, "render_pages", "guidebook.on_files: Markdown of the generated pages"),
    (guidebook_plugin, "render_pdfs", "guidebook.on_files: checklist PDFs"),
    (guidebook_plugin, "render_data_files", "guidebook.on_files: data files"),
    (guidebook_plugin, "load_knowledge_base", "guidebook.on_config: load and check the YAML"),
]
"""What to time besides the plugin events: (owner, attribute, label). Stages overlap: the events
of each page run inside `_build_page`, and the last four inside guidebook's events."""


def _timing(function: Callable[..., Any], label: str, totals: dict[str, float]) -> Callable[..., Any]:
    """`function`, adding the CPU time of each call to `totals[label]` (its attributes, such as an
    event's priority, kept)."""

    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - start

    return timed


@contextmanager
def _timed(owner: Any, attribute: str, label: str, totals: dict[str, float]) -> Iterator[None]:
    original = getattr(owner, attribute)
    setattr(owner, attribute, _timing(original, label, totals))
    try:
        yield
    finally:
        setattr(owner, attribute, original)


def _time_events(config: MkDocsConfig, totals: dict[str, float]) -> None:
    """Wrap every event method of every plugin (MkDocs calls the methods it registered, so they
    are registered again after wrapping)."""
    plugins = list(config.plugins.items())
    for name, plugin in plugins:
        for event in [attribute for attribute in dir(plugin) if attribute.startswith("on_")]:
            setattr(plugin, event, _timing(getattr(plugin, event), f"{name}.{event}", totals))
    config.plugins.events = {event: [] for event in config.plugins.events}
    for name, plugin in plugins:
        del config.plugins[name]
        config.plugins[name] = plugin


def profile(config_file: Path, mode: str) -> tuple[float, dict[str, float]]:
    """CPU seconds of the measured build, and by stage."""
    site_dir = tempfile.mkdtemp(prefix="guidebook-profile-")
    cache = tempfile.mkdtemp(prefix="guidebook-profile-cache-")

    def config() -> MkDocsConfig:
        loaded = load_config(config_file=str(config_file), site_dir=site_dir)
        if mode == "cached":
            loaded.plugins["guidebook"].config.cache_dir = cache
        return loaded

    serving = mode == "rebuild"
    first = config()
    first.plugins.on_startup(command="serve" if serving else "build", dirty=serving)
    if mode != "build":
        mkdocs_build.build(first, dirty=serving)
    case = sorted((config_file.parent / "case_studies").glob("*.yml"))[0]
    original = case.read_text(encoding="utf-8")
    if serving:
        case.write_text(re.sub(r"^summary: ", "summary: Edited. ", original, count=1, flags=re.M), encoding="utf-8")
    totals: dict[str, float] = defaultdict(float)
    try:
        with ExitStack() as stack:
            for owner, attribute, label in STAGES:
                stack.enter_context(_timed(owner, attribute, label, totals))
            start = time.process_time()
            measured = config()
            totals["MkDocs: read mkdocs.yml, load the plugins"] += time.process_time() - start
            _time_events(measured, totals)
            mkdocs_build.build(measured, dirty=serving)
            total = time.process_time() - start
    finally:
        case.write_text(original, encoding="utf-8")
        first.plugins.on_shutdown()
    return total, totals


def table(total: float, totals: dict[str, float]) -> str:
    lines = ["| Stage | CPU seconds | Share |", "|---|---|---|"]
    for label, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        if seconds >= 0.005:
            lines.append(f"| {label} | {seconds:.2f} | {100 * seconds / total:.0f} % |")
    lines.append(f"| **the whole build** | **{total:.2f}** | 100 % |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("mode", choices=["build", "cached", "rebuild"])
    parser.add_argument("config_file", type=Path, help="the site's mkdocs.yml")
    args = parser.parse_args()
    total, totals = profile(args.config_file.resolve(), args.mode)
    sys.stdout.write(table(total, totals) + "\n")


if __name__ == "__main__":
    main()
