"""The Material side of the site search: marking pages for Pagefind and publishing the search box.

The search box is guidebook's own script (`search_ui/`), published only by the plugin:
the plain-Markdown export has no Pagefind index and keeps Material's built-in search.
The script draws the box with Material's own header and result classes, so it looks
like Material's search, and loads Pagefind only when a reader starts to search.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..render import Asset
from ..render.search_index import SearchEntry

UI_DIR = Path(__file__).resolve().parent.parent / "search_ui"
UI_PUBLISHED_UNDER = "assets/guidebook-search"
"""Two folders below the site root: the script finds the index at `../../pagefind/` from there."""

CONTENT_ELEMENT = '<article class="md-content__inner md-typeset">'
"""Material's element around a page's content (base.html): navigation, header and footer stay out of the index."""


def search_ui_assets() -> list[Asset]:
    return [Asset(f"{UI_PUBLISHED_UNDER}/{path.name}", path) for path in sorted(UI_DIR.iterdir()) if path.is_file()]


LIST = re.compile(r"<(ul|ol)\b")


def mark_for_index(html: str, entry: SearchEntry | None) -> str:
    """Add the Pagefind attributes of `entry` to the page's content element (None: leave the page out).

    On pages whose lists are left out of the index, every list in the content is marked
    `data-pagefind-ignore` (the navigation before the content is not indexed anyway)."""
    if entry is None:
        return html
    attributes = "".join(
        f' {name}="{escape(value)}"' if value else f" {name}" for name, value in entry.attributes().items()
    )
    head, found, content = html.partition(CONTENT_ELEMENT)
    if not found:
        return html
    if not entry.lists:
        content = LIST.sub(r"<\1 data-pagefind-ignore", content)
    return head + CONTENT_ELEMENT[:-1] + attributes + ">" + content
