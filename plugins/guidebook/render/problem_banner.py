"""The banner that shows a knowledge base's problems in the browser during `mkdocs serve`.

An editor previewing their change looks at the browser, not the terminal: the same
`file:line:col: field: message` lines the command line prints appear on top of every
page until the file is fixed. Inline styles only: nothing is loaded from anywhere.
"""

from __future__ import annotations

import html
import re

from ..model import Problem
from ..model.problems import summary_line

BANNER_ID = "gb-problems"
_BODY = re.compile(r"<body[^>]*>")


def problem_banner(problems: list[Problem]) -> str:
    lines = "\n".join(html.escape(p.format_text()) for p in problems)
    summary = html.escape(summary_line(len(problems), len({p.file for p in problems})))
    return (
        f'<div id="{BANNER_ID}" role="alert" style="background:#fff3f3;color:#5c0000;border-bottom:3px solid #b00020;'
        'padding:1rem 1.5rem;font-size:.8rem;position:relative;z-index:10">'
        f"<strong>The knowledge base has problems; this preview shows the last valid content.</strong> {summary}"
        f'<pre style="white-space:pre-wrap;margin:.5rem 0 0">{lines}</pre></div>'
    )


def with_problem_banner(page_html: str, problems: list[Problem]) -> str:
    """`page_html` with the banner right after its `<body>` tag (or at its start when it has none)."""
    banner = problem_banner(problems)
    body = _BODY.search(page_html)
    if body is None:
        return banner + page_html
    return page_html[: body.end()] + banner + page_html[body.end() :]
