"""Static assets (CSS and JavaScript) that ship with guidebook's pages, and which page links which.

Every file in `guidebook/assets/` is published under `assets/guidebook/`. A page links only
the ones it uses: `SITE_WIDE` on every page, plus those its kind declares in `PAGE_ASSETS`
(a reader opening a facet page downloads no checklist or case-study-browser code). Keeping
them beside the templates (not in a theme) means any site generator that reads the export
can serve them; the plain-MkDocs export links all of them from every page, since MkDocs
alone cannot vary them by page.
Scripts that serve a single page live in `assets/page/`: the templates of those pages link
them (`page_script`), so they load there and nowhere else, in the plugin build and the export alike.
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


SITE_WIDE = ("a11y.css",)
"""Files of `assets/` that every page links."""

PAGE_ASSETS: dict[str, tuple[str, ...]] = {
    "checklist.md.j2": ("checklist.css", "checklist.js"),
    "checklists.md.j2": ("checklist.css", "checklist.js"),
    "action_plan.md.j2": ("checklist.css", "checklist.js"),
    "progress.md.j2": ("checklist.css", "checklist.js"),
    "case_studies.md.j2": ("case-study-browser.css", "case-study-browser.js"),
    "countries.md.j2": ("world-map.css",),
}
"""By page template: the files of `assets/` its pages link besides `SITE_WIDE` (a new page kind or script adds a line)."""


def published(name: str) -> str:
    """Where the file `name` of `assets/` is published (docs-relative)."""
    return f"{PUBLISHED_UNDER}/{name}"


def page_assets(template: str) -> tuple[str, ...]:
    """The published paths of the assets that pages made from `template` link besides the site-wide ones."""
    return tuple(published(name) for name in PAGE_ASSETS.get(template, ()))


def assets() -> list[Asset]:
    files = sorted(p for p in ASSETS_DIR.rglob("*") if p.is_file())
    return [Asset(published(p.relative_to(ASSETS_DIR).as_posix()), p) for p in files]


def stylesheets(paths: Iterable[str]) -> list[str]:
    """The stylesheets among these published paths."""
    return [path for path in paths if path.endswith(".css")]


def scripts(paths: Iterable[str]) -> list[str]:
    """The scripts among these published paths, except those of `assets/page/` (their own templates link them)."""
    return [path for path in paths if path.endswith(".js") and not path.startswith(PAGE_SCRIPTS)]
