"""Deterministic synthetic knowledge bases for the benchmark.

A synthetic base is the project's own site (its mkdocs.yml, hand-written pages,
theme overrides and facets) with `count` generated case studies in place of the real
ones, so the benchmark measures the site readers get, only larger. Nothing assumes
the DDPS facets: facet and principle ids are read from the template's facet files.

The text is realistic in size and vocabulary (words drawn with their frequencies in
the template's own YAML, about 3 KB per case study like the real ones), and every case
study carries one made-up word found nowhere else (`distinctive_word(index)`), so a
search test can look any of them up. Same arguments, same bytes: the random
generator is seeded and nothing reads the clock.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from guidebook.model.countries import country_name
from guidebook.model.schema import MIN_SOURCES

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261127
REVIEWED = "2026-01-15"
COUNTRIES = (
    "AR AT AU BE BG BR CA CH CL CO CZ DE DK EE ES FI FR GB GR HR HU IE IL IN IS IT JP KE KR LT LU LV MX MT NG NL NO "
    "NZ PE PH PL PT RO RW SE SG SI SK TH TW UA US UY ZA"
).split()
LEVELS = ("national", "regional", "local")
TOPICS = (
    "data register",
    "open data portal",
    "data sharing agreement",
    "algorithm register",
    "data ethics board",
    "interoperability platform",
    "once-only service",
    "statistics modernisation",
    "data literacy programme",
    "privacy dashboard",
    "data quality office",
    "predictive maintenance pilot",
    "digital identity service",
    "benefits eligibility check",
    "procurement data standard",
    "health data space",
)
TAGS = (
    "open-data interoperability data-sharing algorithms transparency privacy consent security cloud statistics "
    "registers once-only identity ethics ai machine-learning skills literacy procurement health education transport "
    "environment tax welfare justice cities municipalities standards apis metadata data-quality evaluation dashboards "
    "participation accountability audit risk strategy legislation governance infrastructure archives geospatial"
).split()
_SYLLABLES = ("ba", "ke", "lo", "mu", "ri", "sa", "to", "vi", "ne", "du", "fa", "go", "pe", "zu", "hi", "ja")
_WORD = re.compile(r"[a-z]{3,}")


def distinctive_word(index: int) -> str:
    """A made-up word unique to case study `index` (up to 65,536), e.g. 'qbabakelo'."""
    digits = [(index >> shift) & 15 for shift in (12, 8, 4, 0)]
    return "q" + "".join(_SYLLABLES[d] for d in digits)


def case_study_id(index: int, country: str) -> str:
    return f"{country.lower()}-{distinctive_word(index)}"


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even when it uses tags such as !ENV or !!python/name (their values are not needed)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict[str, Any]:
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506 - safe subclass
    return data if isinstance(data, dict) else {}


def _plugin_option(config: dict[str, Any], option: str, default: str) -> str:
    for entry in config.get("plugins", []) or []:
        if isinstance(entry, dict) and isinstance(entry.get("guidebook"), dict):
            return str(entry["guidebook"].get(option, default))
    return default


@dataclass(frozen=True)
class Template:
    """What a synthetic base borrows from a real site: the files to copy and the facets to cite."""

    root: Path
    copied: tuple[str, ...]
    case_studies_dir: str
    principles_of_facet: dict[str, list[str]]
    vocabulary: list[str]
    weights: list[int]

    @classmethod
    def read(cls, root: Path) -> Template:
        config = read_config(root / "mkdocs.yml")
        facets_dir = _plugin_option(config, "facets_dir", "facets")
        cases_dir = _plugin_option(config, "case_studies_dir", "case_studies")
        theme = config.get("theme")
        copied = ["mkdocs.yml", str(config.get("docs_dir", "docs")), facets_dir]
        if isinstance(theme, dict) and theme.get("custom_dir"):
            copied.append(str(theme["custom_dir"]))
        copied += [str(hook) for hook in config.get("hooks", []) or []]
        principles: dict[str, list[str]] = {}
        words: Counter[str] = Counter()
        for facet_file in sorted((root / facets_dir).glob("*.yml")):
            text = facet_file.read_text(encoding="utf-8")
            words.update(_WORD.findall(text.lower()))
            data = yaml.safe_load(text)
            if isinstance(data, dict) and "id" in data:
                principles[data["id"]] = [p["id"] for p in data.get("principles", [])]
        for case_file in sorted((root / cases_dir).glob("*.yml")):
            words.update(_WORD.findall(case_file.read_text(encoding="utf-8").lower()))
        common = sorted(words.items(), key=lambda item: (-item[1], item[0]))
        return cls(
            root=root,
            copied=tuple(copied),
            case_studies_dir=cases_dir,
            principles_of_facet=principles,
            vocabulary=[word for word, _ in common],
            weights=[count for _, count in common],
        )


class _Writer:
    """Draws text for one base from the template's vocabulary, with a seeded generator."""

    def __init__(self, template: Template, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = template.vocabulary
        total = 0
        self.cumulative = []
        for weight in template.weights:
            total += weight
            self.cumulative.append(total)

    def sentence(self, low: int = 9, high: int = 22) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cumulative, k=self.rng.randint(low, high))
        return " ".join(words).capitalize() + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def markdown(self, sentences: int, special: str = "") -> str:
        text = self.paragraph(sentences)
        if special:
            text += f" The team called it {special}."
        return _wrap(text) + "\n"

    def bullets(self, count: int) -> str:
        return "".join(f"- {self.sentence(12, 26)}\n" for _ in range(count))


def _wrap(text: str, width: int = 100) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([*lines, line])


def _block(text: str) -> str:
    return "|\n" + "".join(f"  {line}\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def _some(rng: random.Random, values: list[str], low: int, high: int) -> list[str]:
    return rng.sample(values, k=min(len(values), rng.randint(low, high)))


def case_study_yaml(index: int, template: Template, writer: _Writer) -> tuple[str, str]:
    """(id, YAML text) of synthetic case study `index`."""
    rng = writer.rng
    international = index % 97 == 0
    country = "EU" if international else COUNTRIES[rng.randrange(len(COUNTRIES))]
    level = "international" if international else LEVELS[rng.randrange(len(LEVELS))]
    word = distinctive_word(index)
    topic = TOPICS[rng.randrange(len(TOPICS))]
    facet_ids = sorted(template.principles_of_facet)
    facets = rng.sample(facet_ids, k=min(len(facet_ids), rng.randint(1, 4)))
    principles = [p for f in facets for p in _some(rng, template.principles_of_facet[f], 0, 2)]
    tags = rng.sample(TAGS, k=rng.randint(2, 6))
    case_id = case_study_id(index, country)
    name = country_name(country) or country
    fields = {
        "id": case_id,
        "title": f"{word.capitalize()} {topic} ({name})",
        "country": f'"{country}"',
        "level": level,
        "year": str(1995 + rng.randrange(31)),
        "organisation": f"{word.capitalize()} {rng.choice(('Agency', 'Office', 'Ministry', 'City Council', 'Authority'))}",
        "summary": writer.sentence(18, 30),
    }
    lines = [f"{key}: {value}" for key, value in fields.items()]
    lines[1] = "title: " + yaml.safe_dump(fields["title"], width=1000).strip().removesuffix("...").strip()
    lines[-1] = "summary: " + yaml.safe_dump(fields["summary"], width=1000).strip().removesuffix("...").strip()
    lines += [
        "challenge: " + _block(writer.markdown(rng.randint(4, 6))),
        "approach: " + _block(writer.markdown(rng.randint(4, 7), special=word)),
        "results: " + _block(writer.markdown(rng.randint(4, 6))),
        "lessons: " + _block(writer.bullets(rng.randint(3, 5))),
    ]
    lines = [line.rstrip("\n") for line in lines]
    lines.append(f"facets: [{', '.join(facets)}]")
    lines.append(f"principles: [{', '.join(principles)}]")
    lines.append(f"tags: [{', '.join(tags)}]")
    lines.append("sources:")
    # MIN_SOURCES to MIN_SOURCES + 2 sources, drawing the same random numbers as before the rule.
    for n in range(1, rng.randint(1, 3) + MIN_SOURCES):
        lines.append(f"  - title: {word.capitalize()} report {n}")
        lines.append(f"    url: https://data.{country.lower()}.bench-guidebook.net/{word}/report-{n}")
    lines.append(f"last_reviewed: {REVIEWED}")
    return case_id, "\n".join(lines) + "\n"


def case_studies(count: int, template: Template, seed: int = SEED) -> Iterator[tuple[str, str]]:
    """The `count` synthetic case studies as (id, YAML text), always the same for the same arguments."""
    writer = _Writer(template, seed)
    for index in range(count):
        yield case_study_yaml(index, template, writer)


def generate(dest: Path, count: int, template_root: Path = ROOT, seed: int = SEED) -> Path:
    """Write a synthetic knowledge base with `count` case studies to `dest` (replaced); return its mkdocs.yml."""
    template = Template.read(template_root)
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    config_text = (template.root / "mkdocs.yml").read_text(encoding="utf-8")
    for name in template.copied:
        source = template.root / name
        if not source.resolve().is_relative_to(template.root.resolve()):
            # Shared from outside the site (e.g. the project's theme overrides): point at it instead.
            config_text = config_text.replace(f" {name}", f" {source.resolve()}", 1)
        elif source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest / name)
    (dest / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    cases_dir = dest / template.case_studies_dir
    cases_dir.mkdir(parents=True, exist_ok=True)
    for case_id, text in case_studies(count, template, seed):
        (cases_dir / f"{case_id}.yml").write_text(text, encoding="utf-8")
    return dest / "mkdocs.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--template", type=Path, default=ROOT, help="site whose config, pages and facets are reused")
    args = parser.parse_args()
    print(generate(args.dest, args.count, args.template))


if __name__ == "__main__":
    main()
