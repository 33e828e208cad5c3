"""`guidebook export`: the whole site as plain Markdown that MkDocs or Zensical builds without the plugin.

Material for MkDocs is ending; its successor, Zensical, does not run MkDocs plugins. Exporting
every generated page (plus the hand-written ones, with the overview expanded) keeps the
content portable to any generator that reads Markdown; `guidebook index` then adds guidebook's
search to the built site (render/site_search.py).
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from .model import KnowledgeBase
from .render import assets, expand_overview, render_data_files, render_pages, scripts, stylesheets
from .render.navigation import expand_nav
from .render.pdf import render_pdfs
from .render.site_needs import THEME_DIR, missing_extensions

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


EXPORTED_THEME_DIR = "overrides"
"""The exported `custom_dir`: the site's theme overrides and guidebook's, together."""


def _with_theme_overrides(configured: Any, site_root: Path, out_dir: Path) -> dict[str, Any]:
    """The exported `theme`: the site's own overrides (if any) and guidebook's, which the plugin adds
    when it builds, copied into one `custom_dir`; the site's files win, as in the plugin's search order."""
    theme: dict[str, Any] = {"name": configured} if isinstance(configured, str) else dict(configured or {})
    target = out_dir / EXPORTED_THEME_DIR
    if target.exists():
        shutil.rmtree(target)
    if theme.get("custom_dir"):
        shutil.copytree(site_root / theme["custom_dir"], target, dirs_exist_ok=True)
    for source in sorted(p for p in THEME_DIR.rglob("*") if p.is_file()):
        copy = target / source.relative_to(THEME_DIR)
        if not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, copy)
    theme["custom_dir"] = EXPORTED_THEME_DIR
    return theme


ZENSICAL_VARIANT = "classic"
"""Zensical's look that matches Material's (its default, `modern`, differs, and its active navigation
link and dark link colour fall short of WCAG contrast); MkDocs ignores the key. A site's own choice wins."""

SOURCE_ACTIONS = {"content.action.edit", "content.action.view"}
"""Edit and view buttons: an exported page has no source file in the repository to open (the plugin
points them at the YAML), and Zensical makes one up from `repo_url` even without `edit_uri`."""


def _for_any_engine(theme: Any) -> dict[str, Any]:
    """The exported `theme`: Zensical's Material look unless the site chose a variant, no source buttons."""
    exported: dict[str, Any] = {"name": theme} if isinstance(theme, str) else dict(theme or {})
    exported.setdefault("variant", ZENSICAL_VARIANT)
    exported["features"] = [f for f in exported.get("features", []) if f not in SOURCE_ACTIONS]
    return exported


ENGINE_SEARCH = {"search", "material/search"}


def _with_engine_search_off(plugins: list[Any]) -> list[Any]:
    """The site search is guidebook's, added to the built site by `guidebook index`: the engine's own
    is turned off. Naming it with `enabled: false` is needed, as Zensical adds its search unless told."""
    return [{"search": {"enabled": False}}, *(entry for entry in plugins if _name(entry) not in ENGINE_SEARCH)]


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml as MkDocs and Zensical do: `!ENV [NAME, default]` takes an environment variable."""


_ConfigLoader.add_constructor("!ENV", construct_env_tag)


def export_site(kb: KnowledgeBase, config_file: Path, out_dir: Path) -> int:
    """Write `out_dir/mkdocs.yml` and `out_dir/docs/`; return the number of files written."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader
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

    config["theme"] = _with_theme_overrides(theme, config_file.parent, out_dir)
    config["markdown_extensions"] = [
        *config.get("markdown_extensions", []),
        *missing_extensions(config.get("markdown_extensions", [])),
    ]
    options = _plugin_options(config.get("plugins", []))
    placeholder = options.get("nav_placeholder", "guidebook:pillars")
    config["plugins"] = _without_plugin(config.get("plugins", []))
    if options.get("search", True):
        config["plugins"] = _with_engine_search_off(config["plugins"])
    config["theme"] = _for_any_engine(config.get("theme"))
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
