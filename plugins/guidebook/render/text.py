"""Escaping of editors' plain text for Markdown pages and YAML front matter."""

from __future__ import annotations

import html
import json
import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]|#])")
_LIST_MARKER = re.compile(r"^(\d*)([-+.)])")


def plain(text: str) -> str:
    """Plain text, safe inside Markdown: no markup, no HTML, shown exactly as typed.

    It is one line (a line break would end a table row or a list item), and a leading
    `-`, `+` or `1.` is escaped so that text at the start of a line never becomes a list.
    """
    one_line = " ".join(text.split())
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(one_line, quote=False))
    # `~` has no backslash escape in Python-Markdown (`\~` shows the backslash); an entity is neutral.
    return _LIST_MARKER.sub(r"\1\\\2", escaped).replace("~", "&#126;")


def front_matter_value(text: str) -> str:
    """A YAML scalar for front matter (JSON is valid YAML and escapes everything needed)."""
    return json.dumps(text, ensure_ascii=False)
