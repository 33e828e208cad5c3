"""The plugin in someone else's site: the README's minimal mkdocs.yml, copied as it is.

A site with nothing but a theme, `plugins: [guidebook]` and the nav placeholder must build
pages that read as written (no `{ #id }` shown as text) and whose links and anchors all
resolve, without `markdown_extensions`, `custom_dir` or `validation:` of its own.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import ROOT, SMALL_KB, build_or_fail, mkdocs_build
from .test_links import broken_links

SECTION = "## Use guidebook in your own site"


def readme_minimal_config() -> str:
    """The first YAML block of the README's section on using guidebook in another site."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split(SECTION, 1)[1]
    found = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert found, f"README's '{SECTION}' has no yaml block"
    return found.group(1)


def own_site(root: Path, config: str) -> Path:
    """The small knowledge base laid out as the README says (pages in `docs/`), with `config` as mkdocs.yml."""
    root.mkdir(parents=True)
    for folder in ("facets", "case_studies"):
        shutil.copytree(SMALL_KB / folder, root / folder)
    shutil.copytree(SMALL_KB / "content", root / "docs")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    config = own_site(tmp_path_factory.mktemp("own") / "kb", readme_minimal_config())
    return build_or_fail(config, config.parent / "site")


def test_the_readme_config_is_minimal() -> None:
    assert "markdown_extensions" not in readme_minimal_config()
    assert "custom_dir" not in readme_minimal_config()
    assert "validation" not in readme_minimal_config()


def test_every_internal_link_and_anchor_resolves(minimal_site: Path) -> None:
    assert broken_links(minimal_site) == {}


def test_no_attribute_syntax_shows_as_text(minimal_site: Path) -> None:
    shown = [
        page.relative_to(minimal_site).as_posix()
        for page in sorted(minimal_site.rglob("*.html"))
        if "{ #" in (html := page.read_text(encoding="utf-8")) or "{:" in html
    ]
    assert shown == []


HOOK = '''
def on_page_markdown(markdown, page, config, files):
    """Stands in for a generator mistake: the first principle heading loses its anchor."""
    return markdown.replace("{ #cp1 }", "")
'''


def test_a_broken_generated_anchor_stops_the_build_whatever_validation_says(tmp_path: Path) -> None:
    config = readme_minimal_config() + "hooks: [break_anchor.py]\nvalidation:\n  anchors: ignore\n"
    config_file = own_site(tmp_path / "kb", config)
    (config_file.parent / "break_anchor.py").write_text(HOOK, encoding="utf-8")
    result = mkdocs_build(config_file, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "guidebook generated broken links:" in output
    assert "(no anchor #cp1 on facets/composting/index.md)" in output
    assert "Traceback" not in output
