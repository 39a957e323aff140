"""Interface strings through gettext: every string in the code is in each catalog, translated,
with the same placeholders; catalogs work uncompiled; plurals, numbers and dates per locale."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from crepitus.i18n import (
    catalogs_dir,
    format_date,
    format_number,
    load_catalog,
    reads_own_words,
    translator,
)
from crepitus.knowledge.locales import locales_dir

SOURCE = Path(__file__).resolve().parents[1] / "src" / "crepitus"
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
"""Every interface string: the Python code's and the templates' (the web pages, the report)."""
OPTIONS = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_": None,
    "n_": (1, 2),
    "pgettext": ((1, "c"), 2),
    "typed": ((1, "c"), 2),
}
"""pybabel's own, and those the Makefile's extract-messages adds."""


def spanish() -> Catalog:
    path = catalogs_dir().joinpath("es", "LC_MESSAGES", "messages.po")
    with path.open("rb") as source:
        return read_po(source, locale="es")


def strings_in_the_code() -> set[tuple[str | None, str]]:
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        SOURCE, METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_every_interface_string_in_the_code_is_in_the_spanish_catalog() -> None:
    catalog = spanish()
    in_catalog = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id) for m in catalog}
    missing = strings_in_the_code() - in_catalog
    assert not missing, f"run `make extract-messages` and translate: {sorted(missing, key=str)}"


def test_the_spanish_catalog_is_translated_with_the_same_placeholders() -> None:
    catalog = spanish()
    # Babel's checkers: python-format placeholders match the English, plural forms are complete
    problems = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not problems, problems
    for message in catalog:
        if message.id:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings) and not message.fuzzy, f"not translated: {message.id!r}"


def test_the_spanish_catalog_says_usted_as_the_knowledge_does() -> None:
    glossary = tomllib.loads(locales_dir().joinpath("es", "glossary.toml").read_text("utf-8"))
    avoid = glossary["address"]["avoid"]
    for message in spanish():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in map(str, strings):
            slips = [w for w in avoid if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text.lower())]
            assert not slips, (message.id, slips)


def test_a_catalog_without_its_compiled_file_is_compiled_in_memory(tmp_path: Path) -> None:
    source = catalogs_dir().joinpath("es", "LC_MESSAGES", "messages.po")
    (tmp_path / "messages.po").write_bytes(source.read_bytes())
    catalog = load_catalog(tmp_path, "es")
    assert catalog.gettext("Who is the check for?") == "¿Para quién es la consulta?"


def test_a_language_without_a_catalog_gets_the_english_strings() -> None:
    assert translator("en").gettext("Who is the check for?") == "Who is the check for?"
    assert translator("fr").gettext("Who is the check for?") == "Who is the check for?"


def test_plural_forms_follow_the_language() -> None:
    singular = (
        "%(count)s warning-sign question went unanswered; answering could change this advice."
    )
    plural = "%(count)s warning-sign questions went unanswered; answering could change this advice."
    es = translator("es")
    assert es.ngettext(singular, plural, 1).startswith("%(count)s pregunta sobre")
    assert es.ngettext(singular, plural, 3).startswith("%(count)s preguntas sobre")


def test_numbers_and_dates_are_written_as_each_language_writes_them() -> None:
    assert format_number(0.75, "en") == "0.75"
    assert format_number(0.75, "es") == "0,75"
    assert format_number(0.8, "es", "0.00") == "0,80"
    assert format_date(date(2026, 12, 7), "en") == "7 Dec 2026"
    assert format_date(date(2026, 12, 7), "es") == "7 dic 2026"


def test_the_pseudo_language_wraps_every_interface_string() -> None:
    qps = translator("qps")
    assert qps.gettext("Why") == "⟦Why⟧"
    assert qps.ngettext("a question", "%(count)s questions", 2) == "⟦%(count)s questions⟧"
    assert format_number(0.75, "qps") == "0.75"


@pytest.mark.parametrize(("language", "reads"), [("en", True), ("es", False), ("qps", False)])
def test_descriptions_in_own_words_are_read_only_where_the_reader_is_measured(
    language: str, reads: bool
) -> None:
    assert reads_own_words(language) is reads
