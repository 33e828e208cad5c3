"""`guidebook export`: the whole site as plain Markdown that MkDocs builds without the plugin.

Material for MkDocs is ending; its successor does not run MkDocs plugins. Exporting
every generated page (plus the hand-written ones, with the overview expanded) keeps the
content portable to any generator that reads Markdown.
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from typing import Any

import yaml

from .model import KnowledgeBase
from .plugin.navigation import expand_nav
from .render import assets, expand_overview, render_data_files, render_pages, scripts, stylesheets
from .render.pdf import render_pdfs

PLUGIN_NAME = "guidebook"


def _name(entry: Any) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def _without_plugin(plugins: list[Any]) -> list[Any]:
    return [entry for entry in plugins if _name(entry) != PLUGIN_NAME]


def _plugin_options(plugins: list[Any]) -> dict[str, Any]:
    for entry in plugins:
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return dict(entry[PLUGIN_NAME] or {})
    return {}


def export_site(kb: KnowledgeBase, config_file: Path, out_dir: Path) -> int:
    """Write `out_dir/mkdocs.yml` and `out_dir/docs/`; return the number of files written."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    docs_src = config_file.parent / config.get("docs_dir", "docs")
    docs_out = out_dir / "docs"
    if docs_out.exists():
        shutil.rmtree(docs_out)
    written = 0

    def write(path: str, content: str | bytes | Path) -> None:
        """Write text or bytes, or copy the file `content` names, to `path` under docs/."""
        nonlocal written
        target = docs_out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        written += 1

    for source in sorted(p for p in docs_src.rglob("*") if p.is_file()):
        relative = source.relative_to(docs_src).as_posix()
        if source.suffix == ".md":
            write(relative, expand_overview(source.read_text(encoding="utf-8"), relative, kb))
        else:
            write(relative, source)
    pages = render_pages(kb)
    for page in pages:
        write(page.path, page.content)
    for data in render_data_files(kb):
        write(data.path, data.content)
    theme = config.get("theme")
    language = str(theme.get("language") or "en") if isinstance(theme, dict) else "en"
    for pdf in render_pdfs(kb, config.get("site_name", ""), language):
        write(pdf.path, pdf.content)
    for asset in assets():
        write(asset.path, asset.source)

    if isinstance(theme, dict) and theme.get("custom_dir"):
        # Theme overrides (templates, partials) travel with the export.
        shutil.copytree(config_file.parent / theme["custom_dir"], out_dir / theme["custom_dir"], dirs_exist_ok=True)
    options = _plugin_options(config.get("plugins", []))
    placeholder = options.get("nav_placeholder", "guidebook:pillars")
    config["plugins"] = _without_plugin(config.get("plugins", []))
    if options.get("search", True) and not {"search", "material/search"} & {_name(p) for p in config["plugins"]}:
        # guidebook's search index is built by the plugin; without it, the export uses Material's search.
        config["plugins"].insert(0, "search")
    config["docs_dir"] = "docs"
    every_asset = [asset.path for asset in assets()]
    config["extra_css"] = [*config.get("extra_css", []), *stylesheets(every_asset)]
    config["extra_javascript"] = [*config.get("extra_javascript", []), *scripts(every_asset)]
    config.pop("edit_uri", None)
    if "nav" in config:
        config["nav"] = expand_nav(config["nav"], placeholder, kb)
    hidden = sorted({f"/{posixpath.dirname(p.path)}/*.md" for p in pages if not p.in_nav})
    config["not_in_nav"] = "\n".join(hidden)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return written + 1
