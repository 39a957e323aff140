"""Documentation is tested: generated pages are current, and everything is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crepitus import _docgen
from crepitus.knowledge import knowledge
from tests.conftest import REPO

DOCS = REPO / "docs"


@pytest.mark.parametrize("page", sorted(_docgen.PAGES))
def test_generated_pages_are_current(page: str) -> None:
    committed = (DOCS / page).read_text()
    assert committed == _docgen.PAGES[page](), f"docs/{page} is stale: run `make docs`"


def test_every_command_is_documented() -> None:
    cli = (DOCS / "cli.md").read_text()
    readme = (REPO / "README.md").read_text()
    for name in _docgen.commands():
        assert f"## crepitus {name}" in cli
        assert f"crepitus {name}" in readme, f"the README does not show `crepitus {name}`"


def test_every_rule_condition_advice_and_source_is_documented() -> None:
    page = (DOCS / "knowledge.md").read_text()
    kb = knowledge()
    ids = [r.id for r in kb.rules] + list(kb.conditions) + list(kb.advice) + list(kb.sources)
    missing = [i for i in ids if f"`{i}`" not in page]
    assert not missing


def test_the_readme_opens_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text()
    commands = re.findall(r"^make (\w+)", readme, flags=re.MULTILINE)
    assert commands[:2] == ["run", "test"]
    assert "not a diagnosis" in readme


def test_every_route_is_documented(tmp_path: Path) -> None:
    from crepitus.settings import Settings
    from crepitus.web.app import create_app

    page = (DOCS / "api.md").read_text()
    personal = create_app(Settings(data_dir=tmp_path))
    server = create_app(_docgen.server_settings(str(tmp_path)))
    for app in (personal, server):
        for _, path, summary in _docgen.routes(app):
            assert f"`{path}`" in page
            assert summary, f"route {path} has no summary"


def test_every_setting_is_documented() -> None:
    from crepitus.settings import Settings

    page = (DOCS / "settings.md").read_text()
    for name in Settings.model_fields:
        assert f"`CREPITUS_{name.upper()}`" in page


def test_every_reading_concept_and_context_rule_is_documented() -> None:
    from crepitus.understanding.lexicon import lexicon

    page = (DOCS / "language.md").read_text()
    lex = lexicon()
    ids = [c.id for c in lex.concepts] + [r.id for r in lex.context]
    missing = [i for i in ids if f"`{i}`" not in page]
    assert not missing


def test_every_benchmark_keeps_its_own_section_of_the_docs() -> None:
    # a script that wrote with another's markers once replaced the triage-core figures
    pages = "".join(
        (REPO / "docs" / name).read_text("utf-8") for name in ("benchmarks.md", "usability.md")
    )
    for script in sorted((REPO / "bench").glob("*.py")):
        source = script.read_text("utf-8")
        found = re.search(r'^START = "(<!-- [a-z-]+:start -->)"', source, re.MULTILINE)
        if found is None:
            continue
        assert pages.count(found.group(1)) == 1, f"{script.name}: {found.group(1)}"
        for call in re.findall(r"\bwrite\(args\.write, [^)]*\)", source):
            assert "START, END" in call, f"{script.name} writes without its own markers: {call}"
