"""Fitting guidebook into any site's configuration: its theme overrides and Markdown extensions.

A site's mkdocs.yml needs nothing for guidebook but `plugins: [guidebook]` and the nav
placeholder; `on_config` adds the rest here, leaving everything the site set as it is.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from ..render.site_needs import THEME_DIR, missing_extensions


def add_theme_overrides(config: MkDocsConfig) -> None:
    """Search guidebook's theme overrides after the site's own `custom_dir` (which wins) and before the theme."""
    config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))


def enable_markdown_extensions(config: MkDocsConfig) -> None:
    """Turn on the Markdown extensions guidebook's pages use, with their default options, if the site has not."""
    config.markdown_extensions.extend(missing_extensions(config.markdown_extensions))
