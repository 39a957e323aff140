"""The strict loader of ``language.toml``: it rejects what it does not understand, by name."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import Any

import pytest

from crepitus.errors import KnowledgeError
from crepitus.understanding.lexicon import FILE, lexicon, parse


def packaged() -> dict[str, Any]:
    text = resources.files("crepitus.knowledge").joinpath("data", FILE).read_text("utf-8")
    return tomllib.loads(text)


def concept(raw: dict[str, Any], concept_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in raw["concept"] if c["id"] == concept_id)
    return found


def test_the_packaged_file_loads() -> None:
    lex = lexicon()
    assert len(lex.concepts) > 100
    assert {rule.category for rule in lex.context} >= {
        "negated",
        "hypothetical",
        "historical",
        "other_person",
    }


def test_an_unknown_key_is_refused_and_named() -> None:
    raw = packaged()
    concept(raw, "fever")["colour"] = "red"
    with pytest.raises(
        KnowledgeError, match=r"\[\[concept\]\] #\d+: unknown key\(s\) \['colour'\]"
    ):
        parse(raw)


def test_a_field_outside_the_contract_is_refused() -> None:
    raw = packaged()
    concept(raw, "fever")["present"] = {"temperature": True}
    with pytest.raises(KnowledgeError, match=r"fever\.present: 'temperature' is not a case field"):
        parse(raw)


def test_a_value_the_field_cannot_hold_is_refused() -> None:
    raw = packaged()
    concept(raw, "neck")["present"] = {"pop_region": "neck"}
    with pytest.raises(KnowledgeError, match=r"neck.present.pop_region: expected one of"):
        parse(raw)


@pytest.mark.parametrize("table", ["relations", "relation_estimates"])
def test_what_a_relation_word_stands_for_must_be_a_case_value(table: str) -> None:
    raw = packaged()
    raw[table]["grandad"] = {"age": "old"}
    with pytest.raises(KnowledgeError, match=rf"\[{table}\]\.grandad\.age"):
        parse(raw)


def test_a_dangling_suppression_is_refused() -> None:
    raw = packaged()
    concept(raw, "fever")["suppresses"] = ["no-such-concept"]
    with pytest.raises(KnowledgeError, match="'no-such-concept' is not a concept"):
        parse(raw)


def test_an_anchor_must_name_a_field_and_a_value_it_can_hold() -> None:
    raw = packaged()
    concept(raw, "pops-daily")["anchor"] = ["pop_sound=whistle"]
    with pytest.raises(KnowledgeError, match=r"pops-daily\.anchor: 'pop_sound=whistle'"):
        parse(raw)


def test_a_concept_that_says_nothing_is_refused() -> None:
    raw = packaged()
    raw["concept"].append({"id": "empty", "phrases": ["hello"]})
    with pytest.raises(KnowledgeError, match="empty: says nothing"):
        parse(raw)


def test_concept_ids_are_unique() -> None:
    raw = packaged()
    raw["concept"].append(dict(concept(raw, "fever")))
    with pytest.raises(KnowledgeError, match="expected a new, non-empty id, got 'fever'"):
        parse(raw)


def test_a_context_rule_must_end_at_a_known_end() -> None:
    raw = packaged()
    raw["context"][0]["ended_by"] = ["full-stop"]
    with pytest.raises(KnowledgeError, match="'full-stop' is not a terminate rule"):
        parse(raw)


def test_a_split_word_must_spell_itself() -> None:
    raw = packaged()
    raw["split"]["cant"] = [["can", "can"], ["nt", "not"]]
    with pytest.raises(KnowledgeError, match=r"\[split\].cant: .* spell 'cant'"):
        parse(raw)


def test_a_number_concept_needs_a_whole_number_field() -> None:
    raw = packaged()
    concept(raw, "age")["number"] = "sex"
    with pytest.raises(KnowledgeError, match=r"age\.number: expected a whole-number case field"):
        parse(raw)


def test_a_missing_table_is_named() -> None:
    raw = packaged()
    del raw["resolve"]
    with pytest.raises(KnowledgeError, match=r"missing key\(s\) \['resolve'\]"):
        parse(raw)


def test_an_offset_needs_a_number_field() -> None:
    raw = packaged()
    concept(raw, "fever")["offset"] = 5
    with pytest.raises(KnowledgeError, match=r"fever\.offset: expected a whole number"):
        parse(raw)


def test_requires_all_must_name_fields() -> None:
    raw = packaged()
    concept(raw, "dizzy-after-a-neck-pop")["requires_all"] = ["no_such_field"]
    with pytest.raises(KnowledgeError, match=r"requires_all: 'no_such_field' is not a case field"):
        parse(raw)


def test_about_other_is_true_or_false() -> None:
    raw = packaged()
    concept(raw, "age-of-someone-named")["about_other"] = "yes"
    with pytest.raises(KnowledgeError, match=r"about_other: expected true or false"):
        parse(raw)


@pytest.mark.parametrize(
    ("passable", "message"),
    [
        (["really", "not"], r"\[reader\]\.passable: \['not'\] change what a phrase means"),
        (["really", "kind of"], r"\[reader\]\.passable: expected a list of lower-case single"),
        ("really", r"\[reader\]\.passable: expected a list"),
        (["Really"], r"\[reader\]\.passable: expected a list of lower-case single words"),
    ],
)
def test_passable_words_are_single_words_and_never_a_denial(passable: object, message: str) -> None:
    raw = packaged()
    raw["reader"]["passable"] = passable
    with pytest.raises(KnowledgeError, match=message):
        parse(raw)
