"""Safe YAML loading that remembers where every value came from.

Editors' mistakes must be reported with file, line and column, so loading keeps a
map from each field path to its position in the file. Only the plain data subset of
YAML is accepted: anchors, aliases and explicit tags are refused (they make a file
mean something other than what it shows), duplicate keys are refused (the second
would silently win), and files larger than `MAX_FILE_BYTES` are refused.

Plain scalars are typed like YAML 1.1 (so an unquoted `NO` is read as false and the
validator can point that out), except dates: they stay text so that the validator,
not the parser, decides what a valid date is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from .problems import Problem

MAX_FILE_BYTES = 256 * 1024
"""Size cap per file: far above any real case study, far below what slows a build."""

Path_ = tuple[str | int, ...]

_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True)
class Position:
    line: int
    """1-based."""
    column: int
    """1-based."""
    source: str = ""
    """The scalar as written in the file (for messages such as 'found NO')."""
    block: bool = False
    """A `|` or `>` block: its text starts on the next line, one text line per file line."""


@dataclass
class SourceDocument:
    """A parsed YAML file: its data plus the position of every value and key."""

    path: str
    """Relative path used in messages."""
    data: Any
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    """The file's lines, to place a problem on a line inside a block of text."""

    def position(self, path: Path_) -> Position:
        """The position of the value at `path`, or of its nearest existing parent."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def key_position(self, path: Path_) -> Position:
        """Where the key of `path` is written; falls back to the value's position."""
        return self.key_positions.get(path) or self.position(path)

    def problem(self, path: Path_, message: str, *, at_key: bool = False, text_line: int = 0) -> Problem:
        """A problem at the value of `path` (or its key); `text_line` counts lines inside a block of text."""
        from .problems import field_path

        pos = self.key_position(path) if at_key else self.position(path)
        line, column = pos.line, pos.column
        if pos.block and 0 < pos.line + 1 + text_line <= len(self.lines):
            line = pos.line + 1 + text_line
            written = self.lines[line - 1]
            column = len(written) - len(written.lstrip()) + 1
        return Problem(self.path, line, column, field_path(path), message)


class _Refused(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        self.mark = mark
        self.message = message


def _pos(mark: Any, source: str = "") -> Position:
    return Position(mark.line + 1, mark.column + 1, source)


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    if event.tag is not None and event.tag != "!":
        raise _Refused(event.start_mark, f"the tag {_shown(event.tag)} is not allowed; write plain values")
    if not event.implicit[0]:
        return event.value  # quoted: always text
    tag = _RESOLVER.resolve(ScalarNode, event.value, (True, False))  # type: ignore[no-untyped-call]
    if tag == _TIMESTAMP_TAG or tag == "tag:yaml.org,2002:str":
        return event.value
    return _CONSTRUCTOR.construct_object(ScalarNode(tag, event.value))


class _TreeBuilder:
    """Builds Python data from the parser's events, recording positions on the way."""

    def __init__(self, document: SourceDocument) -> None:
        self.doc = document

    def build(self, events: Any) -> Any:
        event = next(events)  # StreamStart
        event = next(events)
        if isinstance(event, yaml.StreamEndEvent):
            return None
        value = self._node(next(events), events, ())
        event = next(events)  # DocumentEnd
        event = next(events)
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Refused(event.start_mark, "a file must hold one YAML document, not several")
        return value

    def _node(self, event: Any, events: Any, path: Path_) -> Any:
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "aliases (*name) are not allowed; write the value out")
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "anchors (&name) are not allowed; write the value out")
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar_value(event)
            start = _pos(event.start_mark, event.value)
            self.doc.positions[path] = Position(start.line, start.column, start.source, event.style in ("|", ">"))
            return value
        if getattr(event, "tag", None) and not event.implicit:
            raise _Refused(event.start_mark, f"the tag {_shown(event.tag)} is not allowed; write plain values")
        self.doc.positions[path] = _pos(event.start_mark)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for event in iter(lambda: next(events), None):
                if isinstance(event, yaml.SequenceEndEvent):
                    return items
                items.append(self._node(event, events, (*path, len(items))))
        mapping: dict[Any, Any] = {}
        for event in iter(lambda: next(events), None):
            if isinstance(event, yaml.MappingEndEvent):
                return mapping
            if not isinstance(event, yaml.ScalarEvent):
                raise _Refused(event.start_mark, "a key must be a plain name")
            key = event.value
            if key in mapping:
                raise _Refused(event.start_mark, f"the key '{key}' appears twice; keep one")
            self.doc.key_positions[(*path, key)] = _pos(event.start_mark, key)
            mapping[key] = self._node(next(events), events, (*path, key))
        raise AssertionError("unreachable: the parser always closes a mapping")


def parse_yaml(text: str, path: str) -> tuple[SourceDocument | None, list[Problem]]:
    """Parse `text`; return the document, or the problem that made it unreadable."""
    doc = SourceDocument(path, None, lines=text.splitlines())
    try:
        doc.data = _TreeBuilder(doc).build(iter(_events(text)))
    except _Refused as refused:
        pos = _pos(refused.mark)
        return None, [Problem(path, pos.line, pos.column, "", refused.message)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(path, text, error)]
    return doc, []


def _events(text: str) -> Any:
    """Parse with libyaml when PyYAML was built with it: several times faster on big bases."""
    return yaml.parse(text, Loader=_FAST_LOADER or yaml.SafeLoader)


_PLAIN_WORDS = {
    "mapping values are not allowed": "this value holds ': ', which YAML reads as a new field; "
    "put the whole value in double quotes",
    "did not find expected key": "this line does not line up with the fields around it; check its indentation "
    "(2 spaces per level) and that every quote is closed",
    "expected <block end>": "this line does not line up with the fields around it; check its indentation "
    "(2 spaces per level) and that every quote is closed",
    "cannot start any token": "a value cannot start with this character; put the whole value in double quotes",
    "could not find expected ':'": "a line is missing its ':' after the field name, or a quote is not closed",
}
"""The parser's wording of common mistakes -> what an editor should do, in plain words."""
_QUOTED_VALUE = re.compile(r"""^\s*(?:-\s+)?(?:[\w.-]+:\s+)?(?:-\s+)?(["'])(.*)$""")


def _syntax_problem(path: str, text: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.splitlines()
    unclosed = _unclosed_quote(lines, line)
    if unclosed is not None:
        quote_line, quote_column, quote = unclosed
        message = f"the text that starts with {quote} here is never closed; add the closing {quote} at its end"
        return Problem(path, quote_line, quote_column, "", message)
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or "found character '\\t'" in str(error):
        message = "a tab is used for indentation; YAML needs spaces (use 2 spaces per level)"
    else:
        what = error.problem or "the YAML cannot be read"
        plain = next((words for key, words in _PLAIN_WORDS.items() if key in what), None)
        message = f"YAML syntax error: {plain or what}"
        if plain is None:
            message += "; check the indentation and quote text that contains ': ' or starts with a special character"
    return Problem(path, line, column, "", message)


def _unclosed_quote(lines: list[str], upto: int) -> tuple[int, int, str] | None:
    """The first value up to line `upto` that opens a quote and does not close it on its line.

    A quoted value may span lines in YAML, but none in a knowledge base does; when the file
    does not parse, such a value is almost always the mistake, and the parser only notices
    it lines later (where the next quote happens to be).
    """
    for number, line in enumerate(lines[:upto], start=1):
        found = _QUOTED_VALUE.match(line)
        if not found:
            continue
        quote, rest = found.group(1), found.group(2)
        closed = re.search(r'(?<!\\)"', rest) if quote == '"' else re.search(r"'(?!')", rest.replace("''", ""))
        if not closed:
            return number, found.start(1) + 1, quote
    return None


def read_yaml_file(file: Path, path: str) -> tuple[SourceDocument | None, list[Problem]]:
    """Read and parse one file, refusing oversized, non-UTF-8 and empty files."""
    too_big = oversize_problem(file, path)
    if too_big is not None:
        return None, [too_big]
    return parse_yaml_bytes(file.read_bytes(), path)


def oversize_problem(file: Path, path: str) -> Problem | None:
    """The problem of a file over the size cap, found from its size alone (it is never read)."""
    size = file.stat().st_size
    if size <= MAX_FILE_BYTES:
        return None
    limit = MAX_FILE_BYTES // 1024
    return Problem(path, 1, 1, "", f"the file is {size // 1024} KB; the limit is {limit} KB per file")


def parse_yaml_bytes(raw: bytes, path: str) -> tuple[SourceDocument | None, list[Problem]]:
    """Parse a file's bytes, refusing non-UTF-8 and empty files."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Problem(path, line, column, "", "the file is not UTF-8 text; save it with UTF-8 encoding")]
    text = text.removeprefix("\ufeff")
    doc, problems = parse_yaml(text, path)
    if doc is not None and doc.data is None:
        return None, [Problem(path, 1, 1, "", "the file is empty; it must hold the fields of the data contract")]
    return doc, problems


def _shown(tag: str) -> str:
    """Show a tag as the editor wrote it (`!!str`), not in its expanded form."""
    return "'" + tag.replace("tag:yaml.org,2002:", "!!") + "'"
