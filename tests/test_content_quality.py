"""The shipped content stays the way issue 13 left it: one action per item, one voice, plain words.

These are checks on the DDPS content, not on the generator. Each one reports every
offending place at once, so an editor can fix them in one pass.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
import yaml

from guidebook.model import KnowledgeBase, load_knowledge_base

from .conftest import ROOT

ORIGINALITY_CHECK = Path("/work/shared/tools/originality-check")
"""Lists passages copied from the source document; it lives outside the repository, beside the source."""

STOP_WORDS = frozenset(
    """a an the and or of to for in on at by with is are be been has have its it each every all any
    that this which who whom their they them as from than not no into so before after when where
    there those these within least once per one two can""".split()
)

DUPLICATE_THRESHOLD = 0.40
"""Items of two facets at or above this weighted overlap ask for the same action.

Calibrated on the content: the first published checklists (release 1 of
facets/checklist-changes.yml) had five cross-facet pairs at or above 0.40, each one
action asked twice: AP5.2/EM1.2 (baselines, 0.56), LV2.4/RG5.4 (publish on the website,
0.55), DL5.2/EM4.1 (decision records, 0.55), PC1.1/RG4.2 (impact assessment, 0.50) and
DA5.2/RG4.4 (retention, 0.42). After release 2 the highest pair is 0.32 (DI4.3/DL3.3:
"shows when it was last updated", said of a dataset and of a dashboard), so 0.40 leaves a
margin on both sides. Duplicates in different words (AP4.3, DL4.1 and ET3.2 all asked for a
bias test) are beyond any word measure; the history's `see:` entries record those merges.
"""

KNOWN_DUPLICATES_OF_RELEASE_1 = {("AP5.2", "EM1.2"), ("DL5.2", "EM4.1"), ("PC1.1", "RG4.2"), ("DA5.2", "RG4.4")}

SPELLING = [
    (re.compile(r"\bdata[ -]sets?\b", re.I), "dataset(s)"),
    (re.compile(r"\bdata-sharing agreements?\b", re.I), "data sharing agreement"),
    (re.compile(r"\bprivacy impact assessments?\b", re.I), "data protection impact assessment"),
    (re.compile(r"\bprivacy or data protection impact\b", re.I), "data protection impact assessment"),
    (re.compile(r"\bdata-protection impact\b", re.I), "data protection impact assessment"),
]
"""One spelling for each recurring term: (what is wrong, what to write instead)."""

FIRST_OR_SECOND_PERSON = re.compile(r"\b(we|our|ours|us|ourselves|you|your|yours)\b", re.I)

MAX_SENTENCE_WORDS = 35
WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")

GLOSSARY_TERMS = [
    "Algorithmic impact assessment",
    "Data owner",
    "Data protection impact assessment",
    "Data protection officer",
    "Data sharing agreement",
    "DCAT and DCAT-AP",
    "eDelivery",
    "Five Safes",
    "Record swapping",
    "Security server",
    "Statistical disclosure control",
    "Trusted research environment",
]
"""Terms the guide and its case studies use that a reader may not know."""


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT)


def content_words(text: str) -> set[str]:
    """The meaningful words of an item, lightly stemmed so that 'records' and 'recorded' match."""
    out = set()
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in STOP_WORDS:
            continue
        for suffix in ("ations", "ation", "ings", "ing", "ies", "es", "ed", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.add(word)
    return out


def near_duplicates(items: dict[str, tuple[str, str]]) -> list[tuple[float, str, str]]:
    """Pairs of items (id -> (facet, text)) from different facets whose overlap reaches the threshold.

    The overlap is a Jaccard index in which each word weighs its inverse document
    frequency, so words every item uses ('organisation', 'data') count for little and a
    rarer shared word ('baseline', 'retention') counts for much.
    """
    words = {item_id: content_words(text) for item_id, (_, text) in items.items()}
    frequency: dict[str, int] = {}
    for found in words.values():
        for word in found:
            frequency[word] = frequency.get(word, 0) + 1
    weight = {word: math.log(len(words) / n) for word, n in frequency.items()}
    pairs = []
    for a, b in combinations(sorted(items), 2):
        if items[a][0] == items[b][0]:
            continue
        union = sum(weight[w] for w in words[a] | words[b])
        score = sum(weight[w] for w in words[a] & words[b]) / union if union else 0.0
        if score >= DUPLICATE_THRESHOLD:
            pairs.append((round(score, 2), a, b))
    return sorted(pairs, reverse=True)


def current_items(kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    return {item.id: (f.id, item.text) for f in kb.facets for p in f.principles for item in p.checklist}


def test_no_two_facets_ask_for_the_same_action(kb: KnowledgeBase) -> None:
    assert near_duplicates(current_items(kb)) == []


def test_the_duplicate_measure_finds_the_duplicates_of_the_first_release(kb: KnowledgeBase) -> None:
    """Guards the measure itself: it must still flag the pairs that issue 13 merged."""
    history = yaml.safe_load((ROOT / "facets" / "checklist-changes.yml").read_text(encoding="utf-8"))
    facet_of = {p.id: f.id for f in kb.facets for p in f.principles}
    first = {i: (facet_of[i.split(".")[0]], text) for i, text in history["releases"][0]["items"].items()}
    flagged = {(a, b) for _, a, b in near_duplicates(first)}
    assert KNOWN_DUPLICATES_OF_RELEASE_1 <= flagged


def test_items_speak_of_the_organisation_not_we(kb: KnowledgeBase) -> None:
    wrong = [
        f"{item_id}: {text}"
        for item_id, (_, text) in current_items(kb).items()
        if FIRST_OR_SECOND_PERSON.search(text) or not text.endswith(".")
    ]
    assert wrong == [], "write items as statements about the organisation ('The organisation ...'), ending with '.'"


def sentences(markdown: str) -> Iterator[str]:
    """The sentences of a Markdown text; code, link targets and addresses are not prose."""
    text = re.sub(r"```.*?```", "", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", "code", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", "", text)
    for block in re.split(r"\n\s*\n|\n\s*(?:[-*]|\d+\.) |\n#+ |^\s*(?:[-*]|\d+\.) ", text):
        for sentence in re.split(r"(?<=[.!?:])\s+(?=[A-Z*\"'(])", " ".join(block.split())):
            if sentence:
                yield sentence


def prose_of_facets(kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    for facet in kb.facets:
        yield f"{facet.id}: summary", facet.summary
        yield f"{facet.id}: description", facet.description
        for question in facet.key_questions:
            yield f"{facet.id}: key_questions", question
        for principle in facet.principles:
            yield f"{principle.id}: guidance", principle.guidance
            for item in principle.checklist:
                yield f"{item.id}: text", item.text


def test_sentences_have_at_most_35_words(kb: KnowledgeBase) -> None:
    texts = list(prose_of_facets(kb))
    texts += [
        (str(page.relative_to(ROOT)), page.read_text(encoding="utf-8"))
        for page in sorted((ROOT / "content").glob("*.md"))
    ]
    long = [
        f"{where} ({len(WORD.findall(sentence))} words): {sentence}"
        for where, text in texts
        for sentence in sentences(text)
        if len(WORD.findall(sentence)) > MAX_SENTENCE_WORDS
    ]
    assert long == [], "split these sentences"


def test_recurring_terms_have_one_spelling() -> None:
    # The history keeps old texts as they were; the synonyms are the other words readers use, on purpose.
    files = [
        p for p in sorted((ROOT / "facets").glob("*.yml")) if p.name not in ("checklist-changes.yml", "synonyms.yml")
    ]
    files += sorted((ROOT / "content").glob("*.md"))
    files += sorted((ROOT / "case_studies").glob("*.yml"))
    wrong = [
        f"{path.relative_to(ROOT)}:{number}: '{match.group(0)}': write '{right}'"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for pattern, right in SPELLING
        for match in pattern.finditer(line)
    ]
    assert wrong == []


def test_the_glossary_explains_the_technical_terms() -> None:
    headings = re.findall(r"^## (.+)$", (ROOT / "content" / "glossary.md").read_text(encoding="utf-8"), re.M)
    assert [term for term in GLOSSARY_TERMS if term not in headings] == []
    assert headings == sorted(headings, key=str.lower), "keep the glossary in alphabetical order"


def test_no_passage_is_copied_from_the_source() -> None:
    """Run the project's originality check; it lists every copied passage and exits 1 if there is any."""
    if not ORIGINALITY_CHECK.exists():
        pytest.skip(f"{ORIGINALITY_CHECK} is not on this machine")
    result = subprocess.run(
        [sys.executable, str(ORIGINALITY_CHECK), "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 copied passage(s)" in result.stdout
