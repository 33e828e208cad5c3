"""Escaping of editors' plain text for Markdown pages and YAML front matter."""

from __future__ import annotations

import html
import json
import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]|#~])")


def plain(text: str) -> str:
    """Plain text, safe inside Markdown: no markup, no HTML, shown exactly as typed."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))


def front_matter_value(text: str) -> str:
    """A YAML scalar for front matter (JSON is valid YAML and escapes everything needed)."""
    return json.dumps(text, ensure_ascii=False)
