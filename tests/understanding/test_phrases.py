"""The phrase notation: brackets, alternatives, stems, gaps, numbers and expressions."""

from __future__ import annotations

import pytest

from crepitus.errors import KnowledgeError
from crepitus.understanding.phrases import SKIP_PASSABLE, compile_phrase, expand


def norms(word: str) -> list[str]:
    """A stand-in tokenizer for the notation alone: splits "can't" as spaCy does."""
    return ["can", "not"] if word == "can't" else [word.lower()]


def test_a_bracket_group_of_several_words_is_read_once_per_choice() -> None:
    assert expand("(can not|unable to) pee", "t") == ["can not pee", "unable to pee"]


def test_a_bracket_group_of_single_words_stays_one_slot() -> None:
    assert expand("(numb|tingly) legs", "t") == ["numb|tingly legs"]


def test_an_optional_group_also_reads_the_phrase_without_it() -> None:
    assert expand("pain (in my)? back", "t") == ["pain in my back", "pain back"]


def test_brackets_inside_an_expression_are_the_expressions_own() -> None:
    assert expand("temp /3[89](\\.\\d)?/", "t") == ["temp /3[89](\\.\\d)?/"]


def test_an_expression_among_the_choices_of_brackets_is_refused() -> None:
    # the brackets would split it at its own "|" into two words that match nothing
    with pytest.raises(KnowledgeError, match="cannot be a choice in brackets"):
        expand("fell (six|/[3-9]|[1-9]\\d+/) feet", "t")


def test_unbalanced_brackets_are_refused() -> None:
    with pytest.raises(KnowledgeError, match="unbalanced"):
        expand("(numb legs", "t")


def test_nested_brackets_are_refused() -> None:
    # read as written they would split into "base of my", "his", "her skull"
    with pytest.raises(KnowledgeError, match="nested brackets"):
        expand("pain at the (base of (my|his|her) skull|back of the head)", "t")


def test_slots_compile_to_token_patterns() -> None:
    pattern = compile_phrase("can't really? feel ... numb|tingl* /\\d+f/", norms, 3, "t")
    words = [slot for slot in pattern if slot != SKIP_PASSABLE]
    assert words[0] == {"NORM": "can"} and words[1] == {"NORM": "not"}
    assert words[2] == {"NORM": "really", "OP": "?"}
    assert words[4]["OP"] == "{0,3}"
    assert words[5] == {"NORM": {"REGEX": "^(?:numb|tingl\\w*)$"}}
    assert words[6] == {"NORM": {"REGEX": "^(?:\\d+f)$"}}


def test_extra_spaces_and_intensifiers_between_the_slots_of_a_phrase_are_passed_over() -> None:
    pattern = compile_phrase("popped it", norms, 3, "t")
    assert pattern == [{"NORM": "popped"}, SKIP_PASSABLE, {"NORM": "it"}]


def test_a_number_slot_matches_a_number_word_or_digits() -> None:
    assert compile_phrase("# weeks", norms, 3, "t")[-3] == {"_": {"crepitus_number": True}}


def test_a_number_slot_takes_a_tens_word_and_hyphen_before_it() -> None:
    pattern = compile_phrase("# weeks", norms, 3, "t")
    assert pattern[0]["OP"] == "?" and "twenty" in pattern[0]["NORM"]["IN"]
    assert pattern[1] == {"NORM": "-", "OP": "?"}


def test_a_gap_cannot_open_or_close_a_phrase() -> None:
    with pytest.raises(KnowledgeError, match="cannot start or end with"):
        compile_phrase("... numb", norms, 3, "t")


def test_a_bad_expression_is_named() -> None:
    with pytest.raises(KnowledgeError, match="bad expression"):
        compile_phrase("/[0-/ weeks", norms, 3, "t")


def test_an_equals_sign_matches_the_word_as_written_before_its_spelling_is_mapped() -> None:
    # "his" is read as "my" in a report about someone else; "=my" still tells them apart
    assert compile_phrase("=my neck", norms, 3, "t")[0] == {"LOWER": {"IN": ["my"]}}
    assert compile_phrase("=his|=her son", norms, 3, "t")[0] == {"LOWER": {"IN": ["his", "her"]}}
    with pytest.raises(KnowledgeError, match="every choice as =word"):
        compile_phrase("=his|her son", norms, 3, "t")


def test_a_year_slot_matches_only_a_year_before_this_one() -> None:
    assert compile_phrase("in #year", norms, 3, "t")[-1] == {"_": {"crepitus_past_year": True}}
