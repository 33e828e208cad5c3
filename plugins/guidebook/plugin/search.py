"""The Material side of the site search: publishing the search box.

The search box is guidebook's own script (`search_ui/`), published only by the plugin:
the plain-Markdown export has no Pagefind index and keeps Material's built-in search.
The script draws the box with Material's own header and result classes, so it looks
like Material's search, and loads Pagefind only when a reader starts to search.
How pages are marked for the index is the render layer's (render/search_pages.py).
"""

from __future__ import annotations

from pathlib import Path

from ..render import Asset

UI_DIR = Path(__file__).resolve().parent.parent / "search_ui"
UI_PUBLISHED_UNDER = "assets/guidebook-search"
"""Two folders below the site root: the script finds the index at `../../pagefind/` from there."""


def search_ui_assets() -> list[Asset]:
    return [Asset(f"{UI_PUBLISHED_UNDER}/{path.name}", path) for path in sorted(UI_DIR.iterdir()) if path.is_file()]
