"""Options of the `guidebook` MkDocs plugin (`plugins: - guidebook: {...}` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..render.search_index import PART_PAGES


class _Count(c.Type[int]):
    """A whole number of 1 or more."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        count = super().run_validation(value)
        if isinstance(count, bool) or count < 1:
            raise ValidationError(f"expected a whole number of 1 or more, got {value!r}")
        return count


class GuidebookConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (for example to build only the hand-written pages)."""

    root = c.Optional(c.Type(str))
    """Folder holding the knowledge base, relative to mkdocs.yml; defaults to the folder of mkdocs.yml."""

    facets_dir = c.Type(str, default="facets")
    """Folder (under `root`) with `pillars.yml` and one YAML file per facet."""

    case_studies_dir = c.Type(str, default="case_studies")
    """Folder (under `root`) with one YAML file per case study."""

    nav_placeholder = c.Type(str, default="guidebook:pillars")
    """A `nav` entry whose value is this text is replaced by the pillars, each a section with its facets."""

    search = c.Type(bool, default=True)
    """Index the built site with Pagefind and put its search box in the header (replaces Material's `search`)."""

    search_part_pages = _Count(default=PART_PAGES)
    """Most pages in one part of the search index. Pagefind needs memory for the whole text of the
    pages it indexes at once, so a larger site is indexed in parts of this many pages, one after the
    other, which the search box merges into one list of results. Lower it if the build runs out of
    memory; under `mkdocs serve --dirty` the index stays in one part, so an edited page can be re-indexed."""

    cache_dir = c.Optional(c.Type(str))
    """Folder (relative to `root`) where each build keeps compiled templates and checklist PDFs for
    the next one (render/build_cache.py); unset, nothing is kept. The project's mkdocs.yml sets it
    from the GUIDEBOOK_CACHE environment variable, which `make build` and `make serve` set."""
