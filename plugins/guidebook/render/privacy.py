"""Proof that answers stay on the device: a Content-Security-Policy on the pages where readers type answers.

The checklist pages, the checklists overview and the team tools keep answers, plans and snapshots in the
browser. Their policy lets a page connect to its own site only (the search index, Pagefind's engine and
worker), so no script, image, font or form on them can carry what a reader typed anywhere else, even if
one tried. Inline scripts are allowed by their hashes only (the theme writes a few), not wholesale.

The policy is a `<meta http-equiv>` in the page's head, so it travels with the static files to any host.
"""

from __future__ import annotations

import base64
import hashlib
import re

from ..model import KnowledgeBase
from . import urls

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<code>.*?)</script>", re.DOTALL)
_HEAD = re.compile(r"<head[^>]*>")

POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "frame-src 'none'; object-src 'none'; base-uri 'self'; form-action 'none'"
)
"""`'wasm-unsafe-eval'`: Pagefind's search engine is WebAssembly, fetched from the site itself."""


def answer_pages(kb: KnowledgeBase) -> set[str]:
    """The docs-relative pages where readers type answers (they carry the policy)."""
    pages = {urls.checklist_page(facet.id) for facet in kb.facets}
    return pages | {urls.CHECKLIST_INDEX, urls.CHECKLIST_ACTION_PLAN, urls.CHECKLIST_PROGRESS}


def _script_hashes(html: str) -> list[str]:
    """The CSP hashes of the page's inline scripts that run (JSON data blocks do not)."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or re.search(r"type=\"(?!text/javascript|module)", attrs):
            continue
        digest = hashlib.sha256(match.group("code").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(hashes))


def with_content_security_policy(html: str) -> str:
    """The page with its policy as the first element of its head (a policy covers only what follows it)."""
    hashes = "".join(f" {h}" for h in _script_hashes(html))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{POLICY.format(hashes=hashes)}">'
    return _HEAD.sub(lambda head: head.group(0) + meta, html, count=1)
