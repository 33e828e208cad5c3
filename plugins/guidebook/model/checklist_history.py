"""The history of checklist items (facets/checklist-changes.yml): typed, validated, replayed.

Saved answers and printed checklists cite item ids, so an id keeps one meaning for ever.
The history says how the items got to what the facets hold now: release 1 lists every
item as first published, each later release lists what changed. Replaying it must give
exactly the current items, which is what lets a browser migrate answers saved against
an older release (see assets/checklist.js) and what stops an editor from quietly
rewording an item or reusing a removed id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .problems import Problem
from .schema import ITEM_ID_PATTERN, IsoDate, PlainText, _Model
from .validation import did_you_mean, validate_document
from .yaml_source import Path_, SourceDocument

ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN)]
ChangeKind = Literal["added", "reworded", "replaced", "removed"]

_FIELDS_OF: dict[str, set[str]] = {
    "added": {"text"},
    "reworded": {"text"},
    "replaced": {"by"},
    "removed": {"see"},
}
"""The optional fields each kind of change may carry (`text` and `by` are required where allowed)."""


class ItemChange(_Model):
    """One change to one checklist item in a release after the first."""

    id: ItemId = Field(description="The item id the change is about, e.g. LV1.2.")
    change: ChangeKind = Field(
        description="added (a new item), reworded (same meaning, new text), replaced (meaning changed: "
        "the item gives way to the item in `by`), removed (the item is gone)."
    )
    text: PlainText | None = Field(default=None, description="The item's text (added) or its new text (reworded).")
    by: ItemId | None = Field(default=None, description="replaced only: the id of the item that takes its place.")
    see: ItemId | None = Field(default=None, description="removed only, optional: the item where the action now lives.")

    @model_validator(mode="after")
    def _fields_fit_the_change(self) -> ItemChange:
        allowed = _FIELDS_OF[self.change]
        extra = [name for name in ("text", "by", "see") if getattr(self, name) is not None and name not in allowed]
        if extra:
            raise ValueError(f"a '{self.change}' change takes no '{extra[0]}'; remove it")
        if self.change in ("added", "reworded") and self.text is None:
            raise ValueError(f"a '{self.change}' change needs the item's text: add text: \"...\"")
        if self.change == "replaced" and self.by is None:
            raise ValueError("a 'replaced' change needs `by`, the id of the new item (added in the same release)")
        return self


class Release(_Model):
    """One published version of the checklists."""

    version: int = Field(ge=1, description="The release number: 1, 2, 3 ... in order.")
    date: IsoDate = Field(description="When the release was published (YYYY-MM-DD).")
    summary: PlainText = Field(description="One sentence on what changed, shown on the 'What changed' page.")
    items: dict[ItemId, PlainText] | None = Field(
        default=None, description="Release 1 only: every item id and its text as first published."
    )
    changes: list[ItemChange] | None = Field(
        default=None, description="Releases after the first: the changes, one entry per item."
    )


class ChecklistHistory(_Model):
    """facets/checklist-changes.yml: every release of the checklist items, oldest first."""

    releases: list[Release] = Field(min_length=1, description="The releases, oldest first.")

    @property
    def version(self) -> int:
        """The knowledge base's checklist version: the latest release number."""
        return self.releases[-1].version


@dataclass(frozen=True)
class CurrentItem:
    """A checklist item as the facets hold it, with where it is written (for problems)."""

    id: str
    text: str
    doc: SourceDocument
    path: Path_


def validate_history(
    doc: SourceDocument, current: list[CurrentItem] | None
) -> tuple[ChecklistHistory | None, list[Problem]]:
    """Validate the history file and replay it; with `current` (the facets' items, when they are valid),
    check that the replay gives exactly those items and texts."""
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "expected the field 'releases:' with a list of releases")]
    history, problems = validate_document(ChecklistHistory, doc, doc.data)
    if history is None:
        return None, problems
    replay = _Replay(doc)
    for index, release in enumerate(history.releases):
        replay.apply(index, release)
    if current is not None and not replay.problems:
        replay.compare(current)
    return (history if not replay.problems else None), replay.problems


class _Replay:
    """Applies releases in order, keeping the items alive, the ids retired and every problem found."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.items: dict[str, str] = {}
        self.retired: dict[str, int] = {}
        """Removed or replaced ids, with the release that retired them."""
        self.where: dict[str, Path_] = {}
        """Where each live item was last added or reworded in the file."""
        self.problems: list[Problem] = []

    def problem(self, path: Path_, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, at_key=at_key))

    def apply(self, index: int, release: Release) -> None:
        base: Path_ = ("releases", index)
        if release.version != index + 1:
            self.problem(
                (*base, "version"),
                f"found {release.version}; expected {index + 1} (releases are numbered 1, 2, 3 ... in order)",
            )
        if index == 0:
            if release.items is None or release.changes is not None:
                self.problem(
                    base, "release 1 lists every item as first published under 'items:' (id: text), and no 'changes:'"
                )
            for item_id, text in (release.items or {}).items():
                self.items[item_id] = text
                self.where[item_id] = (*base, "items", item_id)
            return
        if release.changes is None or release.items is not None:
            self.problem(base, "a release after the first lists what changed under 'changes:' (not 'items:')")
        changes = release.changes or []
        seen: set[str] = set()
        for position, change in enumerate(changes):
            path = (*base, "changes", position)
            if change.id in seen:
                self.problem(
                    (*path, "id"), f"{change.id} changes twice in release {release.version}; keep one entry per item"
                )
            seen.add(change.id)
            self._change(path, release.version, change)
        for position, change in enumerate(changes):
            for name in ("by", "see"):
                target = getattr(change, name)
                if target is not None and target not in self.items:
                    hint = did_you_mean(target, sorted(self.items))
                    self.problem(
                        (*base, "changes", position, name),
                        f"{target} is not an item after release {release.version}; "
                        f"name an item that exists (add it in this release if it is new){hint}",
                    )

    def _change(self, path: Path_, version: int, change: ItemChange) -> None:
        item_id = change.id
        if change.change == "added":
            if item_id in self.retired:
                self.problem(
                    (*path, "id"),
                    f"{item_id} was retired in release {self.retired[item_id]}; an id is never reused, give the new item a new id",
                )
            elif item_id in self.items:
                self.problem((*path, "id"), f"{item_id} already exists; to change its text use 'change: reworded'")
            else:
                self.items[item_id] = change.text or ""
                self.where[item_id] = (*path, "text")
            return
        if item_id not in self.items:
            if item_id in self.retired:
                found = f"{item_id} was already retired in release {self.retired[item_id]}"
            else:
                found = f"{item_id} is not an item before release {version}{did_you_mean(item_id, sorted(self.items))}"
            self.problem((*path, "id"), f"{found}; a '{change.change}' change needs an existing item")
            return
        if change.change == "reworded":
            if change.text == self.items[item_id]:
                self.problem(
                    (*path, "text"), f"the text of {item_id} is unchanged; remove this entry or give the new text"
                )
            self.items[item_id] = change.text or ""
            self.where[item_id] = (*path, "text")
        else:
            del self.items[item_id]
            self.retired[item_id] = version

    def compare(self, current: list[CurrentItem]) -> None:
        """The facets must hold exactly the replayed items, with the same texts."""
        in_facets = {item.id for item in current}
        for item in current:
            if item.id in self.retired:
                self.problems.append(
                    item.doc.problem(
                        (*item.path, "id"),
                        f"{item.id} was retired in release {self.retired[item.id]} of {self.doc.path}; an id is never reused, give this item a new id",
                    )
                )
            elif item.id not in self.items:
                self.problems.append(
                    item.doc.problem(
                        (*item.path, "id"),
                        f"{item.id} is not in {self.doc.path}; add a release with '- {{id: {item.id}, change: added, text: \"...\"}}'",
                    )
                )
            elif item.text != self.items[item.id]:
                written = self.doc.position(self.where[item.id]).line
                self.problems.append(
                    item.doc.problem(
                        (*item.path, "text"),
                        f"the text of {item.id} differs from its text in {self.doc.path} (line {written}); "
                        f"add a release with '- {{id: {item.id}, change: reworded, text: \"...\"}}', "
                        "or, if the meaning changed, give the item a new id and mark the old one 'replaced'",
                    )
                )
        for item_id in sorted(set(self.items) - in_facets):
            self.problem(
                self.where[item_id],
                f"{item_id} is in no facet; add a release with '- {{id: {item_id}, change: removed}}' "
                "(or put the item back in its facet)",
            )
