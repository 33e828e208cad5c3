"""Open data exports: the knowledge base as JSON and CSV, and the JSON Schemas of its files.

They are published under /data/ so that other tools can reuse the guidance without
scraping pages. Ids are stable and every record carries its page URL.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..model import KnowledgeBase
from ..model.schema import CaseStudy, Facet, Pillar, Synonyms
from . import urls
from .browser_index import browser_index_files

DATA_LICENCE = "CC-BY-4.0"
"""The licence of the exported data (SPDX id), stated in knowledge-base.json and on the /data/ page."""


@dataclass(frozen=True)
class DataFile:
    path: str
    """Docs-relative path, e.g. `data/case-studies.csv`."""
    content: str


class _Published(BaseModel):
    url: str = Field(description="The record's page, relative to the site's root URL, e.g. facets/ethics/.")


class PublishedPillar(Pillar, _Published):
    """A pillar as exported: its source fields plus its page URL."""


class PublishedFacet(Facet, _Published):
    """A facet as exported; a principle's URL is the facet's URL plus `#` and its lowercase id (LV1 -> #lv1)."""


class PublishedCaseStudy(CaseStudy, _Published):
    """A case study as exported: its source fields plus its page URL."""


class PublishedKnowledgeBase(BaseModel):
    """knowledge-base.json: the whole knowledge base in one file."""

    model_config = ConfigDict(extra="forbid", title="Knowledge base")

    licence: str = Field(description="SPDX identifier of the data's licence.")
    pillars: list[PublishedPillar]
    facets: list[PublishedFacet]
    case_studies: list[PublishedCaseStudy]


SCHEMA_MODELS: dict[str, Any] = {
    "pillars.schema.json": {
        "items": Pillar,
        "title": "Pillars",
        "description": "facets/pillars.yml: the list of pillars.",
    },
    "synonyms.schema.json": {
        "items": Synonyms,
        "title": "Search synonyms",
        "description": "facets/synonyms.yml (optional): words readers search for, and the page each leads to.",
    },
    "facet.schema.json": Facet,
    "case-study.schema.json": CaseStudy,
    "knowledge-base.schema.json": PublishedKnowledgeBase,
}
"""The schema file names (under data/schemas/) and the model each describes: the kinds of source file and
knowledge-base.json (a file holding a list of records is described by its item model, title and description)."""


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of source file or of knowledge-base.json, generated from the model."""
    target = SCHEMA_MODELS[name]
    if isinstance(target, dict):
        item_schema = target["items"].model_json_schema()
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": target["title"],
            "description": target["description"],
            "type": "array",
            "items": item_schema,
        }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **target.model_json_schema()}


def _dump_json(value: Any) -> str:
    """Indented: schemas are committed under schemas/ and read by people."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _dump_data(value: Any) -> str:
    """Compact: data files are read by programs, and Python's JSON encoder runs in C only without
    indentation (indenting knowledge-base.json took a tenth of a live-preview save at 1,000 case studies)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


@cache
def schema_text(name: str) -> str:
    """The JSON Schema file as published under /data/schemas/ and committed under schemas/.

    A function of the code alone: generated once per process, not once per `mkdocs serve` rebuild."""
    return _dump_json(json_schema(name))


def knowledge_base_json(kb: KnowledgeBase) -> dict[str, Any]:
    def with_url(record: Any, page: str) -> dict[str, Any]:
        return {**record.model_dump(mode="json"), "url": urls.site_url(page)}

    return {
        "licence": DATA_LICENCE,
        "pillars": [with_url(p, urls.pillar_page(p.id)) for p in kb.pillars],
        "facets": [with_url(f, urls.facet_page(f.id)) for f in kb.facets],
        "case_studies": [with_url(c, urls.case_study_page(c.id)) for c in kb.case_studies],
    }


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue()


def case_studies_csv(kb: KnowledgeBase) -> str:
    rows = [
        [
            "id",
            "title",
            "country",
            "country_name",
            "level",
            "year",
            "organisation",
            "summary",
            "facets",
            "principles",
            "tags",
            "sources",
            "last_reviewed",
            "url",
        ]
    ]
    for c in kb.case_studies:
        rows.append(
            [
                c.id,
                c.title,
                c.country or "",
                kb.place(c),
                c.level,
                str(c.year),
                c.organisation,
                c.summary,
                ";".join(c.facets),
                ";".join(c.principles),
                ";".join(c.tags),
                " ".join(s.url for s in c.sources),
                c.last_reviewed.isoformat(),
                urls.site_url(urls.case_study_page(c.id)),
            ]
        )
    return _csv(rows)


def checklists_csv(kb: KnowledgeBase) -> str:
    rows = [["pillar", "facet", "principle", "principle_title", "item", "text", "url"]]
    for facet in kb.facets:
        for principle in facet.principles:
            for item in principle.checklist:
                url = urls.site_url(urls.checklist_page(facet.id)) + "#" + urls.anchor(item.id)
                rows.append([facet.pillar, facet.id, principle.id, principle.title, item.id, item.text, url])
    return _csv(rows)


def checklist_changes_json(kb: KnowledgeBase) -> dict[str, Any]:
    """checklist-changes.json: the checklists' version (saved with answers) and every release of the items."""
    history = kb.checklist_history
    releases = [r.model_dump(mode="json", exclude_none=True) for r in history.releases] if history else []
    return {"version": kb.checklist_version, "releases": releases}


def checklist_versions(kb: KnowledgeBase) -> dict[str, Any]:
    """What a browser needs to migrate saved answers (assets/checklist.js): the version, and each later release's
    changes, with the last text of removed and replaced items. Release 1 is left out: an answer saved against
    it only needs the changes since."""
    history = kb.checklist_history
    if history is None:
        return {"version": kb.checklist_version, "releases": []}
    texts = dict(history.releases[0].items or {})
    releases = []
    for release in history.releases[1:]:
        changes = []
        for change in release.changes or []:
            entry = change.model_dump(exclude_none=True)
            if change.change in ("replaced", "removed"):
                entry["text"] = texts.get(change.id, "")
            changes.append(entry)
            if change.text is not None:
                texts[change.id] = change.text
        releases.append({"version": release.version, "date": release.date.isoformat(), "changes": changes})
    return {"version": kb.checklist_version, "releases": releases}


def render_data_files(kb: KnowledgeBase) -> list[DataFile]:
    files = [
        DataFile(f"{urls.DATA_DIR}/knowledge-base.json", _dump_data(knowledge_base_json(kb))),
        DataFile(f"{urls.DATA_DIR}/checklist-changes.json", _dump_data(checklist_changes_json(kb))),
        DataFile(f"{urls.DATA_DIR}/case-studies.csv", case_studies_csv(kb)),
        DataFile(f"{urls.DATA_DIR}/checklists.csv", checklists_csv(kb)),
    ]
    files += [DataFile(f"{urls.DATA_DIR}/schemas/{name}", schema_text(name)) for name in SCHEMA_MODELS]
    files += [DataFile(path, content) for path, content in browser_index_files(kb).items()]
    return files
