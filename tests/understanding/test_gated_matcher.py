"""The gated matcher finds exactly what spaCy's own matcher finds, in an order of its own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from spacy.matcher import Matcher
from spacy.tokens import Doc

from crepitus.understanding.gated_matcher import GatedMatcher, needed_words
from crepitus.understanding.pipeline import Reader, reader

REPO = Path(__file__).resolve().parents[2]
SHARE = 3  # every third pattern: the comparison stays a second long and still spans every kind


def matchers() -> tuple[Matcher, GatedMatcher]:
    plain = Matcher(reader().nlp.vocab, validate=False)
    gated = GatedMatcher(reader().nlp.vocab)
    for number, pattern in enumerate(reader().patterns[::SHARE]):
        plain.add(f"p{number}", [pattern])
        gated.add(f"p{number}", [pattern])
    return plain, gated


def prepared(read: Reader, text: str) -> Doc:
    """A description as the matchers meet it: tokenized and normalized."""
    doc = read.nlp.make_doc(text)
    read.normalize(doc)
    return doc


def texts() -> list[str]:
    rows = (REPO / "eval" / "realworld" / "descriptions.jsonl").read_text("utf-8").splitlines()
    return [json.loads(row)["narrative"] for row in rows[::6]]


def test_the_gated_matcher_finds_what_the_plain_one_finds() -> None:
    plain, gated = matchers()
    order = {reader().nlp.vocab.strings[f"p{n}"]: n for n in range(len(plain))}
    compared = 0
    for text in texts():
        doc = prepared(reader(), text)
        expected = sorted(plain(doc), key=lambda m: (m[1], m[2], order[m[0]]))
        assert gated(doc) == expected, text
        compared += len(expected)
    assert compared > 500  # the descriptions met many patterns, not a handful


def test_patterns_added_after_a_call_are_matched_too() -> None:
    gated = GatedMatcher(reader().nlp.vocab)
    gated.add("sciatica", [[{"NORM": "sciatica"}]])
    doc = prepared(reader(), "sciatica down my leg")
    assert len(gated(doc)) == 1
    gated.add("leg", [[{"NORM": "leg"}]])
    assert len(gated(doc)) == 2


def test_a_pattern_that_needs_no_one_word_still_matches() -> None:
    gated = GatedMatcher(reader().nlp.vocab)
    gated.add("number", [[{"NORM": {"REGEX": "^[0-9]+$"}}, {"NORM": "years", "OP": "?"}]])
    assert [(s, e) for _, s, e in gated(prepared(reader(), "for 3 years"))] == [(1, 2), (1, 3)]


def test_a_callback_is_refused() -> None:
    with pytest.raises(ValueError, match="callback"):
        GatedMatcher(reader().nlp.vocab).add("x", [[{"NORM": "x"}]], on_match=print)


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ({"NORM": "numb"}, {"numb"}),
        ({"NORM": {"IN": ["numb", "tingly"]}}, {"numb", "tingly"}),
        ({"LOWER": {"IN": ["his", "her"]}}, {"his", "her"}),
        ({"NORM": "numb", "OP": "+"}, {"numb"}),
        ({"NORM": "numb", "OP": "?"}, None),
        ({"NORM": {"REGEX": "^numb"}}, None),
        ({"_": {"crepitus_number": True}}, None),
    ],
)
def test_the_words_a_token_needs(token: dict[str, Any], words: set[str] | None) -> None:
    assert needed_words(token) == (frozenset(words) if words is not None else None)
