"""Robustness gate: property-based tests over generated knowledge bases.

Hypothesis writes knowledge bases that no editor wrote: random ids, titles full of Markdown
and HTML specials (`*`, `_`, `[`, `#`, `&`, quotes, backslashes) and unicode, random links
between facets and case studies. Valid ones must load and render with every generated link
resolving, and (for a few, since each is a real MkDocs build) build strict with every link
and anchor of the HTML resolving and each title shown exactly as written. Mutated ones (a
required field dropped, a wrong type, an unknown key, a bad reference, broken YAML) must be
refused with `InvalidKnowledgeBase` naming the file, never with another exception.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidebook.model import InvalidKnowledgeBase, load_knowledge_base
from guidebook.model.markdown_policy import check_plain
from guidebook.render import render_pages

from .conftest import SMALL_KB, mkdocs_build
from .test_links import broken_links

Spec = dict[str, Any]
"""A knowledge base as data: {'pillars': [...], 'facets': {id: {...}}, 'case_studies': {id: {...}}}."""


def _accepted_as_plain(text: str) -> bool:
    try:
        check_plain(text)
    except ValueError:
        return False
    return True


ids = st.from_regex(r"[a-z][a-z0-9]{0,7}(-[a-z0-9]{1,4})?", fullmatch=True)
SPECIALS = "*_[]()#&\"'`\\|{}!:-+.~=%$@^"
plain_text = (
    st.text(alphabet=st.sampled_from(list("abcXYZ019 éüßæøπ日本語ž") + list(SPECIALS)), min_size=1, max_size=30)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
    .filter(lambda text: _accepted_as_plain(text))
)
"""Titles and summaries: plain text, shown exactly as typed (no `<` and no Markdown: refused by design)."""
markdown = st.sampled_from(
    [
        "Plain words.",
        "Some **bold**, _emphasis_ & a [link](https://en.wikipedia.org/wiki/a?b=1&c=2).",
        "- one\n- two & three\n",
        "Quotes \"double\" and 'single', an emoji 🌱 and `code`.",
        "A list:\n\n1. first\n2. second\n",
    ]
)
COUNTRIES = ["FR", "NO", "JP", "KE", "BR", "NZ", "DE"]
DATE = "2025-03-01"


@st.composite
def knowledge_bases(draw: st.DrawFn) -> Spec:
    pillar_ids = draw(st.lists(ids, min_size=1, max_size=2, unique=True))
    facet_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    case_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    pillars = [
        {"id": pid, "title": draw(plain_text), "summary": draw(plain_text), "order": n + 1}
        for n, pid in enumerate(pillar_ids)
    ]
    facets: dict[str, Spec] = {}
    principle_ids: list[str] = []
    for n, fid in enumerate(facet_ids):
        principles = []
        for p in range(draw(st.integers(1, 2))):
            pid = f"{'ABC'[n]}X{p + 1}"  # unique across the base by construction, as the contract requires
            principle_ids.append(pid)
            items = [{"id": f"{pid}.{i + 1}", "text": draw(plain_text)} for i in range(draw(st.integers(1, 2)))]
            principles.append({"id": pid, "title": draw(plain_text), "guidance": draw(markdown), "checklist": items})
        others = [other for other in facet_ids if other != fid]
        facets[fid] = {
            "id": fid,
            "pillar": draw(st.sampled_from(pillar_ids)),
            "order": n + 1,
            "title": draw(plain_text),
            "summary": draw(plain_text),
            "description": draw(markdown),
            "key_questions": draw(st.lists(plain_text, min_size=1, max_size=2)),
            "principles": principles,
            "related": draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else [],
            "references": [{"title": draw(plain_text), "url": "https://en.wikipedia.org/wiki/ref"}],
            "last_reviewed": DATE,
        }
    cases: dict[str, Spec] = {}
    for cid in case_ids:
        chosen = draw(st.lists(st.sampled_from(facet_ids), min_size=1, max_size=3, unique=True))
        citable = [p for p in principle_ids if p[0] in {"ABC"[facet_ids.index(f)] for f in chosen}]
        level = draw(st.sampled_from(["national", "regional", "local", "international"]))
        # An international case study is filed under no country, or under a region such as the EU.
        country = draw(st.sampled_from([None, "EU"] if level == "international" else COUNTRIES))
        cases[cid] = {
            "id": cid,
            "title": draw(plain_text),
            **({"country": country} if country else {}),
            "level": level,
            "year": draw(st.integers(1990, 2024)),
            "organisation": draw(plain_text),
            "summary": draw(plain_text),
            **{field: draw(markdown) for field in ("challenge", "approach", "results", "lessons")},
            "facets": chosen,
            "principles": draw(st.lists(st.sampled_from(citable), max_size=2, unique=True)) if citable else [],
            "tags": draw(st.lists(ids, max_size=3, unique=True)),
            "sources": [
                {"title": draw(plain_text), "url": "https://en.wikipedia.org/wiki/source"},
                {"title": draw(plain_text), "url": "https://en.wikipedia.org/wiki/report"},
            ],
            "last_reviewed": DATE,
        }
    return {"pillars": pillars, "facets": facets, "case_studies": cases}


def write(spec: Spec, root: Path) -> None:
    """Write the spec as an editor's YAML files (safe_dump quotes `NO`, dates and specials as needed)."""

    def dump(path: Path, data: Any) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    dump(root / "facets" / "pillars.yml", spec["pillars"])
    for fid, facet in spec["facets"].items():
        dump(root / "facets" / f"{fid}.yml", facet)
    for cid, case in spec["case_studies"].items():
        dump(root / "case_studies" / f"{cid}.yml", case)


@contextmanager
def written(spec: Spec) -> Iterator[Path]:
    """The spec written to a fresh folder (hypothesis runs many examples per test, so not `tmp_path`)."""
    with tempfile.TemporaryDirectory() as folder:
        write(spec, Path(folder))
        yield Path(folder)


MARKDOWN_LINK = re.compile(r"\]\(([^()\[\]\s#]+)(?:#[^)\s]*)?\)")


@settings(max_examples=60, deadline=None)
@given(knowledge_bases())
def test_valid_knowledge_bases_load_and_render_with_resolving_links(spec: Spec) -> None:
    with written(spec) as root:
        kb = load_knowledge_base(root)
    pages = render_pages(kb)
    targets = {page.path for page in pages} | {"index.md"}
    for page in pages:
        for link in MARKDOWN_LINK.findall(page.content):
            if link.endswith(".md") and "://" not in link:  # files (data, PDFs) are checked in the built site
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), link))
                assert target in targets, f"{page.path} links to {link}, which is not a page"


class _Headings(HTMLParser):
    """The text of the page's first <h1> (its title), without the permalink that the toc extension adds."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.skip = 0
        self.text = ""
        self.seen = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h1" and not self.seen:
            self.depth += 1
            self.seen = True
        elif self.depth and tag == "a" and "headerlink" in (dict(attrs).get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self.depth:
            self.depth -= 1
        elif tag == "a" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.text += data


def h1_text(page: Path) -> str:
    parser = _Headings()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.text.strip()


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(knowledge_bases())
def test_valid_knowledge_bases_build_strict_and_show_titles_as_written(spec: Spec) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write(spec, root)
        shutil.copytree(SMALL_KB / "content", root / "content")
        shutil.copyfile(SMALL_KB / "mkdocs.yml", root / "mkdocs.yml")
        result = mkdocs_build(root / "mkdocs.yml", root / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        assert broken_links(root / "site") == {}
        for fid, facet in spec["facets"].items():
            assert h1_text(root / "site" / "facets" / fid / "index.html") == facet["title"]
        for cid, case in spec["case_studies"].items():
            assert h1_text(root / "site" / "case-studies" / cid / "index.html") == case["title"]


def _drop_required(data: Any, draw: st.DrawFn) -> Any:
    record = data[0] if isinstance(data, list) else data
    del record[
        draw(st.sampled_from(sorted(k for k in record if k not in ("related", "references", "tags", "principles"))))
    ]
    return data


def _wrong_type(data: Any, draw: st.DrawFn) -> Any:
    record = data[0] if isinstance(data, list) else data
    key = draw(st.sampled_from(sorted(record)))
    record[key] = {"unexpected": 1} if not isinstance(record[key], dict) else "text"
    return data


def _unknown_key(data: Any, draw: st.DrawFn) -> Any:
    record = data[0] if isinstance(data, list) else data
    record[draw(st.sampled_from(["titel", "colour", "extra", "Facets"]))] = "value"
    return data


MUTATIONS = {"drop a required field": _drop_required, "wrong type": _wrong_type, "unknown key": _unknown_key}


@st.composite
def mutated_knowledge_bases(draw: st.DrawFn) -> tuple[Spec, str, str, str]:
    """A valid base with one file broken; returns the spec, the file, the mutation and the broken YAML text."""
    spec = draw(knowledge_bases())
    files = ["facets/pillars.yml", *(f"facets/{f}.yml" for f in spec["facets"])]
    files += [f"case_studies/{c}.yml" for c in spec["case_studies"]]
    file = draw(st.sampled_from(files))
    mutation = draw(st.sampled_from([*MUTATIONS, "bad reference", "broken YAML"]))
    kind, _, stem = file.partition("/")
    stem = stem.removesuffix(".yml")
    data = spec["pillars"] if stem == "pillars" else spec[kind][stem]
    if mutation in MUTATIONS:
        data = MUTATIONS[mutation](data, draw)
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    elif mutation == "bad reference":
        field = "facets" if kind == "case_studies" else "pillar"
        if stem == "pillars":
            file, data = f"facets/{next(iter(spec['facets']))}.yml", next(iter(spec["facets"].values()))
        data[field] = ["no-such-facet"] if field == "facets" else "no-such-pillar"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    else:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        text = text.replace("\n", draw(st.sampled_from(["\n\t", "\n  - [", "\n: :", "\nid: twice\n"])), 1)
    return spec, file, mutation, text


@settings(max_examples=80, deadline=None)
@given(mutated_knowledge_bases())
def test_mutated_knowledge_bases_fail_with_problems_naming_the_file(case: tuple[Spec, str, str, str]) -> None:
    spec, file, mutation, text = case
    with written(spec) as root:
        (root / file).write_text(text, encoding="utf-8")
        try:
            load_knowledge_base(root)
        except InvalidKnowledgeBase as invalid:
            assert any(problem.file == file for problem in invalid.problems), (mutation, invalid.report())
        else:
            raise AssertionError(f"{mutation} in {file} was accepted:\n{text}")
