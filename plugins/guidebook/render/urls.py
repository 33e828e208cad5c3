"""Where each generated page lives, as a docs-relative Markdown path.

The page contract's URLs follow from these paths under MkDocs' `use_directory_urls`
(`facets/x/index.md` -> `/facets/x/`, `case-studies/y.md` -> `/case-studies/y/`).
Links between pages are written relative to these paths, so MkDocs can check them
and any other Markdown site generator can follow them.
"""

from __future__ import annotations

HOME = "index.md"
CASE_STUDY_INDEX = "case-studies/index.md"
COUNTRY_INDEX = "countries/index.md"
CHECKLIST_INDEX = "checklists/index.md"
CHECKLIST_CHANGES = "checklists/changes.md"
CHECKLIST_ACTION_PLAN = "checklists/action-plan.md"
"""The team's action plan: owner, date, next step and priority for each item not done."""
CHECKLIST_PROGRESS = "checklists/progress.md"
"""Dated snapshots of the answers, compared and charted per facet."""
"""'What changed': every release of the checklist items (the history saved answers migrate through)."""
DATA_INDEX = "data/index.md"
TAG_INDEX = "tags/index.md"
"""The tag index: Material's tags plugin fills it with every tag and its pages."""
DATA_DIR = "data"


def pillar_page(pillar_id: str) -> str:
    return f"pillars/{pillar_id}/index.md"


def facet_page(facet_id: str) -> str:
    return f"facets/{facet_id}/index.md"


def checklist_page(facet_id: str) -> str:
    return f"facets/{facet_id}/checklist.md"


def checklist_pdf(facet_id: str) -> str:
    """The printable PDF of one facet's checklist, built with the site."""
    return f"facets/{facet_id}/checklist.pdf"


ALL_CHECKLISTS_PDF = "checklists/all-checklists.pdf"
"""Every facet's checklist in one printable PDF."""


def case_study_page(case_id: str) -> str:
    return f"case-studies/{case_id}.md"


def case_study_listing_page(number: int) -> str:
    """Page `number` (from 1) of the case study listing, when it is split into pages: `/case-studies/page/2/`."""
    return CASE_STUDY_INDEX if number == 1 else f"case-studies/page/{number}.md"


def country_page(code: str) -> str:
    return f"countries/{code.lower()}.md"


def anchor(item_id: str) -> str:
    """HTML id of a principle or checklist item: `LV1.2` -> `lv1-2` (stable, URL-safe)."""
    return item_id.lower().replace(".", "-")


def site_url(page_path: str) -> str:
    """The site-relative URL of a page: `facets/x/index.md` -> `facets/x/`."""
    if page_path.endswith("index.md"):
        return page_path[: -len("index.md")]
    if page_path.endswith(".md"):
        return page_path[: -len(".md")] + "/"
    return page_path


def site_root(page_path: str) -> str:
    """The site's root as a URL relative to a page (`case-studies/page/2.md` -> `../../../`), for raw HTML attributes.

    MkDocs rewrites Markdown links to `.md` files, but not URLs inside HTML attributes, which
    must therefore be relative to the page's published URL (`site_url`), not to its file.
    """
    return "../" * site_url(page_path).count("/")


def relative(from_page: str, to_path: str) -> str:
    """A link from one docs-relative file to another (an optional `#anchor` is kept).

    Both paths are docs-relative and normalised (no `.` or `..` parts), so this is
    `posixpath.relpath` on strings alone: relpath makes both paths absolute first, asking
    the system for the working directory twice per call, and pages hold tens of links
    each (a fifth of the rendering time of 1,000 case study pages)."""
    target, _, fragment = to_path.partition("#")
    start = from_page.split("/")[:-1]
    parts = [] if target in ("", ".") else target.split("/")
    common = 0
    while common < min(len(start), len(parts)) and start[common] == parts[common]:
        common += 1
    link = "/".join([".."] * (len(start) - common) + parts[common:]) or "."
    return f"{link}#{fragment}" if fragment else link
