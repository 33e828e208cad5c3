"""The safe subset of Markdown that editors may use, and the plain-text rule.

Text from YAML ends up in HTML pages, so nothing an editor writes may carry markup
or script: Markdown fields may use Markdown but no raw HTML and no script links;
plain fields may not look like HTML at all (they are escaped anyway, but a tag in a
title is always a mistake worth reporting).
"""

from __future__ import annotations

import re

_AUTOLINK = re.compile(r"<(?:https://|mailto:)[^<>\s]+>")
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|<!--")
_TAG_START = re.compile(r"<[A-Za-z/!?][^<>\s]*")
"""Where a browser would start a tag: `<` directly followed by a letter, `/`, `!` or `?`."""
_LINK_TARGET = re.compile(r"\]\(\s*<?\s*([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+)", re.MULTILINE)
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


def check_markdown(value: str) -> str:
    """Refuse raw HTML and links with script-capable schemes; return the text unchanged."""
    without_autolinks = _AUTOLINK.sub("", value)
    tag = _HTML.search(without_autolinks)
    if tag:
        raise ValueError(
            f"found the HTML '{tag.group(0)[:40]}'; raw HTML is not allowed, use Markdown (**bold**, [text](https://...))"
        )
    for match in _LINK_TARGET.finditer(value):
        target = (match.group(1) or match.group(2) or "").strip().lower()
        compact = re.sub(r"[\s\x00-\x1f]", "", target)
        if compact.startswith(_UNSAFE_SCHEMES):
            raise ValueError(f"found a link to '{target[:40]}'; links must go to https:// pages")
    return value


def check_plain(value: str) -> str:
    """Refuse HTML in plain-text fields such as titles; return the text unchanged.

    A tag start is enough (`<img src=x onerror=...` without its `>`): themes print titles
    raw in the navigation, where the next `>` of the page would close the tag.
    """
    tag = _HTML.search(value) or _TAG_START.search(value)
    if tag:
        raise ValueError(f"found the HTML '{tag.group(0)[:40]}'; this field takes plain text only")
    return value
