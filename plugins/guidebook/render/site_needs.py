"""What a site must have for guidebook's pages to show as written, whatever its mkdocs.yml says.

The plugin supplies these itself (and `guidebook export` writes them into the exported
mkdocs.yml), so a site needs no `custom_dir` and no `markdown_extensions` for guidebook:
the README's minimal mkdocs.yml builds the same pages as the shipped site.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
"""guidebook's Material theme overrides (partials), searched after a site's own `custom_dir`."""

MARKDOWN_EXTENSIONS = ("attr_list", "tables", "toc")
"""Python-Markdown extensions the templates use: `{ #id }` and `{: .class }` after headings and
paragraphs (attr_list), tables (tables), heading ids that principle links point at (toc)."""


def missing_extensions(configured: Iterable[str | Mapping[str, object]]) -> list[str]:
    """The extensions guidebook needs that `configured` lacks, in a fixed order.

    `configured` is a `markdown_extensions` list: names (short, `attr_list`, or full,
    `markdown.extensions.attr_list`) or, as written in mkdocs.yml, one-key mappings to options."""
    present = {(entry if isinstance(entry, str) else next(iter(entry))).rsplit(".", 1)[-1] for entry in configured}
    return [name for name in MARKDOWN_EXTENSIONS if name not in present]
