"""Validation problems: what an editor reads when their file is wrong.

Every check in the model reports a `Problem` instead of raising, so that one run
shows every mistake of every file at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake, located precisely enough for an editor to jump to it."""

    file: str
    """Path of the file, relative to the knowledge base root (POSIX separators)."""
    line: int
    """1-based line number."""
    column: int
    """1-based column number."""
    field: str
    """Field path such as `facets[1]` or `principles[0].checklist[2].id`; empty for the whole file."""
    message: str
    """Plain-language statement of what was found and what is expected."""

    def format_text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def format_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the pull request."""
        file, title = _escape_property(self.file), _escape_property(self.field or "file")
        return f"::error file={file},line={self.line},col={self.column},title={title}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    """GitHub's workflow-command escaping: a message may hold '%' or line breaks."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """Property values (file, title) also end at ',' or ':', so those are escaped too."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class InvalidKnowledgeBase(Exception):
    """Raised by `load_knowledge_base` when any file has a problem; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join([*(p.format_text() for p in self.problems), self.summary()])

    def summary(self) -> str:
        """'N problems in M files.': the last line of every report."""
        return summary_line(len(self.problems), len({p.file for p in self.problems}))


def summary_line(problem_count: int, file_count: int) -> str:
    if problem_count == 0:
        return "No problems found."
    problems = "problem" if problem_count == 1 else "problems"
    files = "file" if file_count == 1 else "files"
    return f"{problem_count} {problems} in {file_count} {files}."


def field_path(path: tuple[str | int, ...]) -> str:
    """Format `("facets", 1)` as `facets[1]`, the notation editors see in errors."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
