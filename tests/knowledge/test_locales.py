"""Language packs: the Spanish pack loads complete, keeps every id and source, follows its
glossary; the pseudo-language wraps every text; and the loader refuses each kind of broken pack
(each test breaks one file in a copy of the real pack)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crepitus.errors import KnowledgeError
from crepitus.knowledge import knowledge
from crepitus.knowledge.locales import PSEUDO, available, load_pack, locales_dir, localized
from crepitus.knowledge.texts import Key, Text, english_texts


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A copy of the Spanish pack, to break."""
    folder = tmp_path / "es"
    folder.mkdir()
    for item in locales_dir().joinpath("es").iterdir():
        (folder / item.name).write_text(item.read_text("utf-8"), "utf-8")
    return folder


def edit(folder: Path, name: str, change: Callable[[str], str]) -> None:
    path = folder / name
    before = path.read_text("utf-8")
    after = change(before)
    assert after != before, "the edit did not change the file"
    path.write_text(after, "utf-8")


def refused(folder: Path, *fragments: str) -> None:
    with pytest.raises(KnowledgeError) as caught:
        load_pack(folder, knowledge())
    for fragment in fragments:
        assert fragment in str(caught.value)


def lines(text: Text) -> Iterator[str]:
    if isinstance(text, str):
        yield text
    else:
        yield from text.values() if isinstance(text, dict) else text


def spanish_texts() -> dict[Key, dict[str, Text]]:
    return load_pack(locales_dir().joinpath("es"), knowledge()).texts


def spanish_lines() -> list[str]:
    return [line for entry in spanish_texts().values() for t in entry.values() for line in lines(t)]


def folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


# -- the Spanish pack -----------------------------------------------------------------------------


def test_the_spanish_pack_is_complete_and_is_served() -> None:
    loaded = load_pack(locales_dir().joinpath("es"), knowledge())
    assert loaded.complete and not loaded.missing
    assert loaded.address == "usted"
    assert "es" in available()
    assert knowledge("es").language == "es"


def test_every_text_of_the_spanish_pack_is_in_spanish() -> None:
    english, spanish = english_texts(knowledge()), spanish_texts()
    assert spanish.keys() == english.keys()
    same = [
        (key[2], name, line)
        for key, entry in english.items()
        for name, text in entry.items()
        for line, translated in zip(lines(text), lines(spanish[key][name]), strict=True)
        if line == translated
    ]
    # words that are the same in both languages
    assert same == [
        ("meningitis", "name", "Meningitis"),
        ("no", "label", "No"),
        ("trauma", "options", "No"),
        ("weakness", "options", "No"),
        ("osteoporosis", "label", "osteoporosis"),
    ]


def test_a_translated_rule_keeps_its_id_level_logic_and_sources() -> None:
    english, spanish = knowledge(), knowledge("es")
    assert [r.id for r in spanish.rules] == [r.id for r in english.rules]
    for en_rule, es_rule in zip(english.rules, spanish.rules, strict=True):
        assert es_rule.message != en_rule.message
        assert (es_rule.level, es_rule.when, es_rule.sources, es_rule.conditions) == (
            en_rule.level,
            en_rule.when,
            en_rule.sources,
            en_rule.conditions,
        )
        assert all(source in spanish.sources for source in es_rule.sources)


@pytest.mark.parametrize("language", ["es", PSEUDO])
def test_only_the_texts_differ_between_languages(language: str) -> None:
    english, other = knowledge(), knowledge(language)
    assert other.version == english.version
    assert [(q.field, q.kind, q.ask_when, q.red_flag, q.screen) for q in other.questions] == [
        (q.field, q.kind, q.ask_when, q.red_flag, q.screen) for q in english.questions
    ]
    assert [[o.value for o in q.options] for q in other.questions] == [
        [o.value for o in q.options] for q in english.questions
    ]
    for condition_id, condition in other.conditions.items():
        known = english.conditions[condition_id]
        assert (condition.prior, condition.features, condition.against, condition.sources) == (
            known.prior,
            known.features,
            known.against,
            known.sources,
        )
    assert {a: (i.offers, i.sources) for a, i in other.advice.items()} == {
        a: (i.offers, i.sources) for a, i in english.advice.items()
    }
    assert [s.questions for s in other.screens.values()] == [
        s.questions for s in english.screens.values()
    ]


def test_the_boolean_answers_are_translated_once_for_every_yes_no_question() -> None:
    question = knowledge("es").question("fever")
    assert [(o.value, o.label) for o in question.options] == [(True, "Sí"), (False, "No")]


def test_an_unknown_language_is_refused_with_the_ones_there_are() -> None:
    with pytest.raises(KnowledgeError, match="no such language pack; available: en, es"):
        localized(knowledge(), "xx")


# -- the glossary and the form of address ---------------------------------------------------------


def glossary() -> dict[str, Any]:
    return tomllib.loads(locales_dir().joinpath("es", "glossary.toml").read_text("utf-8"))


def words_in(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(folded(phrase))}(?!\w)", folded(text)) is not None


def test_the_pack_uses_the_form_of_address_its_glossary_chose() -> None:
    chosen = glossary()["address"]
    assert chosen["form"] == load_pack(locales_dir().joinpath("es"), knowledge()).address
    slips = [
        (word, line) for line in spanish_lines() for word in chosen["avoid"] if words_in(line, word)
    ]
    assert not slips, slips


@pytest.mark.parametrize("term", glossary()["term"], ids=lambda t: t["clinical"])
def test_the_glossary_is_honoured(term: dict[str, Any]) -> None:
    texts = spanish_lines()
    assert any(words_in(line, term["plain"]) for line in texts), term["plain"]
    used = [(word, line) for line in texts for word in term["avoid"] if words_in(line, word)]
    assert not used, used


def test_the_tu_check_would_catch_a_tu_form() -> None:
    avoid = glossary()["address"]["avoid"]
    assert any(words_in("¿Tienes fiebre?", word) for word in avoid)
    assert any(words_in("Llama a tu médico.", word) for word in avoid)
    assert not any(words_in("¿Tiene fiebre? Llame a su médico.", word) for word in avoid)


# -- the pseudo-language --------------------------------------------------------------------------


def test_the_pseudo_language_wraps_every_text() -> None:
    english = english_texts(knowledge())
    for key, entry in english_texts(knowledge(PSEUDO)).items():
        for name, text in entry.items():
            for line, original in zip(lines(text), lines(english[key][name]), strict=True):
                assert line == f"⟦{original}⟧", (key, name)
    assert knowledge(PSEUDO).question("fever").options[0].label == "⟦Yes⟧"


# -- the loader's refusals ------------------------------------------------------------------------


def test_an_untouched_copy_loads(pack: Path) -> None:
    assert load_pack(pack, knowledge()).complete


def test_an_unknown_key_is_refused(pack: Path) -> None:
    edit(
        pack,
        "rules.toml",
        lambda s: s.replace("[rule.EM-CES-SADDLE]\n", "[rule.EM-CES-SADDLE]\nurgency = 'x'\n"),
    )
    refused(pack, "rules.toml rule.EM-CES-SADDLE", "unknown key", "urgency")


def test_a_wording_for_someone_else_the_english_does_not_have_is_refused(pack: Path) -> None:
    edit(
        pack,
        "rules.toml",
        lambda s: s.replace(
            "[rule.EM-CES-SADDLE]\n", "[rule.EM-CES-SADDLE]\nmessage_other = 'x'\n"
        ),
    )
    refused(pack, "rule.EM-CES-SADDLE", "unknown key", "message_other")


def test_an_id_the_english_does_not_have_is_refused(pack: Path) -> None:
    edit(pack, "rules.toml", lambda s: s.replace("[rule.EM-CES-SADDLE]", "[rule.EM-CES-SADLE]"))
    refused(pack, "rules.toml rule.EM-CES-SADLE", "has no rule 'EM-CES-SADLE'")


def test_an_unknown_table_is_refused(pack: Path) -> None:
    edit(pack, "advice.toml", lambda s: s + "\n[tip.stretch]\ntext = 'x'\n")
    refused(pack, "advice.toml", "unknown key(s) ['tip']")


def test_an_unknown_file_is_refused(pack: Path) -> None:
    (pack / "rulez.toml").write_text("", "utf-8")
    refused(pack, "locales/es/rulez.toml", "not a pack file")


def test_a_missing_text_in_a_complete_pack_is_refused(pack: Path) -> None:
    edit(pack, "rules.toml", lambda s: re.sub(r"\[rule\.SD-SEVERE-PAIN\]\nmessage = .*\n", "", s))
    refused(pack, "rules.toml rule.SD-SEVERE-PAIN.message", "missing", "complete = true")


def test_a_missing_file_in_a_complete_pack_is_refused(pack: Path) -> None:
    (pack / "findings.toml").unlink()
    refused(pack, "findings.toml finding.", "missing", "complete = true")


def test_a_missing_option_is_refused(pack: Path) -> None:
    edit(pack, "interview.toml", lambda s: s.replace(', male = "Hombre"', ""))
    refused(pack, "question.sex.options", "missing key(s) ['male']")


def test_a_watch_list_of_another_length_is_refused(pack: Path) -> None:
    edit(pack, "conditions.toml", lambda s: s.replace('  "síntomas en las dos piernas",\n', ""))
    refused(pack, "condition.nerve_root_compression.watch_for", "a list of 3 texts")


def test_a_placeholder_the_english_does_not_have_is_refused(pack: Path) -> None:
    edit(
        pack,
        "meta.toml",
        lambda s: s.replace(
            'label = "Puede cuidarse en casa"', 'label = "Puede cuidarse en casa, {name}"'
        ),
    )
    refused(pack, "meta.toml level.self_care.label", "placeholders or numbers differ", "{name}")


def test_a_number_that_differs_from_the_english_is_refused(pack: Path) -> None:
    edit(
        pack,
        "meta.toml",
        lambda s: s.replace("en las próximas 24 horas", "en las próximas 48 horas"),
    )
    refused(pack, "meta.toml level.urgent.action", "placeholders or numbers differ", "'48'")


def test_a_pack_for_another_knowledge_version_is_refused(pack: Path) -> None:
    edit(
        pack,
        "pack.toml",
        lambda s: re.sub(r'knowledge_version = ".*"', 'knowledge_version = "2001.1.1"', s),
    )
    refused(pack, "pack.toml.knowledge_version", "'2001.1.1'", knowledge().version)


def test_a_pack_whose_language_is_not_its_folder_is_refused(pack: Path) -> None:
    edit(pack, "pack.toml", lambda s: s.replace('language = "es"', 'language = "pt"'))
    refused(pack, "pack.toml.language", "'pt' is not the folder's name")


def test_an_unknown_pack_key_is_refused(pack: Path) -> None:
    edit(pack, "pack.toml", lambda s: s + 'translator = "x"\n')
    refused(pack, "pack.toml", "unknown key", "translator")


def test_an_empty_text_is_refused(pack: Path) -> None:
    edit(pack, "interview.toml", lambda s: s.replace('label = "edad"', 'label = " "'))
    refused(pack, "question.age.label", "expected non-empty text")


def test_an_incomplete_pack_loads_for_inspection_but_is_not_served(pack: Path) -> None:
    edit(pack, "pack.toml", lambda s: s.replace("complete = true", "complete = false"))
    edit(pack, "rules.toml", lambda s: re.sub(r"\[rule\.SD-SEVERE-PAIN\]\nmessage = .*\n", "", s))
    loaded = load_pack(pack, knowledge())
    assert loaded.missing == ("locales/es/rules.toml rule.SD-SEVERE-PAIN.message",)
    inspected = loaded.apply(knowledge())
    severe = next(r for r in inspected.rules if r.id == "SD-SEVERE-PAIN")
    assert severe.message == next(r for r in knowledge().rules if r.id == "SD-SEVERE-PAIN").message
    with pytest.raises(KnowledgeError, match="complete = false, so it cannot be served"):
        loaded.served(knowledge())
