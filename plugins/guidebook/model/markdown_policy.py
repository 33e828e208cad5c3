"""The safe subset of Markdown that editors may use, and the plain-text rule.

Text from YAML ends up in HTML pages, so nothing an editor writes may carry markup
or script, load something from another host, or break the page's outline:

- Markdown fields take paragraphs, lists, **bold**, *italic*, `code`, and links that
  are either `https://` addresses or references to other pages of the knowledge base
  by id (`[X-Road](case-study:ee-x-road)`; see `REFERENCE_KINDS`), which the build
  turns into working links. No raw HTML, images, headings, relative or `http:` links.
- Plain fields (titles, summaries, names, checklist items) take no markup at all.
- No field may keep a scaffold's `TODO` placeholder or point at a reserved example
  domain (`example.org`): a half-written file must not pass.

`MARKDOWN_RULES` and `PLAIN_RULE` are the rules in words: the schema descriptions and
CONTRIBUTING show them, so the written limits are the enforced ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

REFERENCE_KINDS = ("case-study", "facet", "principle", "pillar")
"""`[text](<kind>:<id>)` links to another page of the knowledge base by id."""

MARKDOWN_RULES = (
    "Markdown: paragraphs, lists, **bold**, *italic* and links. A link goes to an https:// page "
    "or to another page of this site by id: [text](case-study:<id>), [text](facet:<id>), "
    "[text](principle:<ID>) or [text](pillar:<id>). No headings, images, raw HTML, "
    "relative or http:// links."
)
PLAIN_RULE = "Plain text only: no Markdown (*, _, `, #, [text](link)) and no HTML."

PLACEHOLDER = "TODO"
"""What `guidebook new-case-study` writes where an editor still has to write something."""

_RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost")

_AUTOLINK = re.compile(r"<((?:[a-z][a-z0-9+.-]*):[^<>\s]+)>", re.IGNORECASE)
_HTML = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|<!--")
_TAG_START = re.compile(r"<[A-Za-z/!?][^<>\s]*")
"""Where a browser would start a tag: `<` directly followed by a letter, `/`, `!` or `?`."""
_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?\s*([^)\s>]*)[^)]*\)")
_DEFINITION = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
_ATX_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_BARE_HTTP = re.compile(r"(?<![\w(<])http://\S+", re.IGNORECASE)
_PLACEHOLDER = re.compile(rf"\b{PLACEHOLDER}\b")
_PLAIN_MARKDOWN = re.compile(
    r"\[[^\]]*\]\([^)]*\)"  # a link
    r"|\*\*|__|`"  # bold, code
    r"|(?<![\w*])\*[^\s*][^*]*\*(?![\w*])"  # *emphasis*
    r"|(?<![\w_])_[^\s_][^_]*_(?!\w)"  # _emphasis_
    r"|^\s*#{1,6}\s"  # a heading
)
_REFERENCE = re.compile(rf"^({'|'.join(REFERENCE_KINDS)}):(.+)$")
_REF_HINT = "[text](case-study:<id>), facet:<id>, principle:<ID> or pillar:<id>"
_UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:", "file:")


class TextProblems(ValueError):
    """Every problem of one text field, each with the line of the text it is on (0 for the first)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


def check_markdown(value: str) -> str:
    """Refuse what the documented subset does not allow (every instance); return the text unchanged."""
    problems = list(_markdown_problems(value))
    if problems:
        raise TextProblems(problems)
    return value


def _line_of(value: str, match: re.Match[str], group: int = 0) -> int:
    return value.count("\n", 0, match.start(group))


def _markdown_problems(value: str) -> Iterator[tuple[int, str]]:
    yield from _unfilled(value)
    without_autolinks = _AUTOLINK.sub(lambda m: " " * len(m.group(0)), value)
    for tag in _HTML.finditer(without_autolinks):
        yield (
            _line_of(value, tag),
            f"found the HTML '{tag.group(0)[:40]}'; raw HTML is not allowed, "
            "use Markdown (**bold**, [text](https://...))",
        )
    for image in (m for m in _LINK.finditer(value) if m.group(1)):
        yield (
            _line_of(value, image),
            f"found the image '{image.group(0)[:60]}'; images are not allowed (they load from another host); "
            f"link to the page instead: [{image.group(2) or 'text'}](https://...)",
        )
    lines = value.splitlines()
    for number, line in enumerate(lines):
        setext = number > 0 and lines[number - 1].strip() and _SETEXT_UNDERLINE.match(line)
        if _ATX_HEADING.match(line) or setext:
            yield (
                number,
                f"found the heading '{line.strip()[:60]}'; headings are not allowed in this field (the page has "
                "its own); start a paragraph with **bold text** instead",
            )
    targets = [(m, 3, m.group(2)) for m in _LINK.finditer(value) if not m.group(1)]
    targets += [(m, 2, m.group(1)) for m in _DEFINITION.finditer(value)]
    targets += [(m, 1, m.group(1)) for m in _AUTOLINK.finditer(value)]
    for match, group, text in sorted(targets, key=lambda t: t[0].start(t[1])):
        problem = _link_problem(match.group(group), text)
        if problem:
            yield _line_of(value, match, group), problem
    for bare in _BARE_HTTP.finditer(value):
        yield (
            _line_of(value, bare),
            f"found '{bare.group(0)[:60]}'; addresses must start with https://, write '{_https(bare.group(0))}'",
        )


def _link_problem(target: str, text: str) -> str | None:
    compact = re.sub(r"[\s\x00-\x1f]", "", target).lower()
    shown = f"[{text}]({target})" if text != target else target
    if compact.startswith(_UNSAFE_SCHEMES):
        return f"found a link to '{target[:40]}'; links must go to https:// pages"
    if compact.startswith("https://"):
        return url_problem(target)
    if compact.startswith("http://"):
        return f"found the link '{shown[:80]}'; links must use https://, write '{_https(target)}'"
    if compact.startswith("mailto:"):
        return (
            f"found the email link '{shown[:80]}'; email links are not allowed, "
            "link to the organisation's contact page with https:// instead"
        )
    reference = _REFERENCE.match(target)
    if reference:
        return None
    return (
        f"found the link '{shown[:80]}'; link to another page of this site by id, "
        f"{_REF_HINT} (not by path), or to another site with https://"
    )


def references(value: str) -> list[tuple[str, str, int]]:
    """The `(kind, id, line of the text)` of every knowledge base reference in a Markdown text."""
    found = []
    targets = [(m, 3) for m in _LINK.finditer(value) if not m.group(1)]
    targets += [(m, 2) for m in _DEFINITION.finditer(value)]
    for match, group in targets:
        reference = _REFERENCE.match(match.group(group))
        if reference:
            found.append((reference.group(1), reference.group(2), _line_of(value, match, group)))
    return found


def resolve_references(value: str, address: Callable[[str, str], str | None]) -> str:
    """Replace each `(kind:id)` link target by `address(kind, id)`; targets it has no address for stay."""

    def replaced(match: re.Match[str], group: int) -> str:
        target = match.group(group)
        reference = _REFERENCE.match(target)
        found = address(reference.group(1), reference.group(2)) if reference else None
        if found is None or (group == 3 and match.group(1)):
            return match.group(0)
        start, end = match.span(group)
        whole = match.group(0)
        offset = match.start(0)
        return whole[: start - offset] + found + whole[end - offset :]

    return _DEFINITION.sub(lambda m: replaced(m, 2), _LINK.sub(lambda m: replaced(m, 3), value))


def url_problem(url: str) -> str | None:
    """What is wrong with an https address an editor wrote (placeholder, reserved or malformed host); None if fine."""
    unfilled = next(_unfilled(url), None)
    if unfilled:
        return unfilled[1]
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or "." not in host or " " in url:
        return f"found '{url}', which is not a valid web address; write the page's full address, https://..."
    if host in _RESERVED_DOMAINS or host.endswith(tuple("." + d for d in _RESERVED_DOMAINS)):
        return (
            f"found '{url}'; {host} is a reserved example domain, not a real page; "
            "use the address of the page that backs the text"
        )
    if host.rsplit(".", 1)[-1] in _RESERVED_TLDS:
        return f"found '{url}'; .{host.rsplit('.', 1)[-1]} is reserved for examples and tests; use a real address"
    return None


def check_plain(value: str) -> str:
    """Refuse HTML and Markdown in plain-text fields such as titles; return the text unchanged.

    A tag start is enough (`<img src=x onerror=...` without its `>`): themes print titles
    raw in the navigation, where the next `>` of the page would close the tag. Markdown
    would be shown literally (`*Diia*`), so it is refused too.
    """
    unfilled = list(_unfilled(value))
    if unfilled:
        raise TextProblems(unfilled)
    tag = _HTML.search(value) or _TAG_START.search(value)
    if tag:
        raise ValueError(f"found the HTML '{tag.group(0)[:40]}'; this field takes plain text only")
    markup = _PLAIN_MARKDOWN.search(value)
    if markup:
        raise ValueError(
            f"found the Markdown '{markup.group(0)[:40].strip()}'; this field takes plain text only "
            "(it is shown exactly as typed), remove the markup"
        )
    return value


def _unfilled(value: str) -> Iterator[tuple[int, str]]:
    for placeholder in _PLACEHOLDER.finditer(value):
        line = value[placeholder.start() :].split("\n", 1)[0]
        yield (
            _line_of(value, placeholder),
            f"still holds the placeholder '{line[:60].rstrip()}'; replace it with your own text",
        )


def _https(address: str) -> str:
    return "https://" + address.split("://", 1)[1]
