"""Static assets (CSS and JavaScript) that ship with guidebook's pages.

Every file in `guidebook/assets/` is published under `assets/guidebook/`; its CSS
and JavaScript files are linked from every page, except the scripts in `assets/page/`,
which only the pages that use them load (templates link them with `page_script`). Keeping them beside the templates
(not in a theme) means any site generator that reads the export can serve them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
PUBLISHED_UNDER = "assets/guidebook"
PAGE_SCRIPTS = f"{PUBLISHED_UNDER}/page/"
"""Where scripts that serve one page are published: the team tools of the checklists."""


@dataclass(frozen=True)
class Asset:
    path: str
    """Docs-relative path where the asset is published."""
    source: Path


def assets() -> list[Asset]:
    files = sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file())
    return [Asset(f"{PUBLISHED_UNDER}/{p.relative_to(ASSETS_DIR).as_posix()}", p) for p in files]


def stylesheets(published: Iterable[Asset]) -> list[str]:
    """The stylesheets among `published`, to link from every page."""
    return [a.path for a in published if a.path.endswith(".css")]


def scripts(published: Iterable[Asset]) -> list[str]:
    """The scripts among `published`, to link from every page (not those that serve one page)."""
    return [a.path for a in published if a.path.endswith(".js") and not a.path.startswith(PAGE_SCRIPTS)]
