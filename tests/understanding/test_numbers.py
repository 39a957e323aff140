"""Numbers in words and digits, scaled by their unit."""

from __future__ import annotations

import pytest

from crepitus.understanding.lexicon import lexicon
from crepitus.understanding.numbers import read_number


@pytest.mark.parametrize(
    ("words", "days"),
    [
        (["three", "weeks"], 21),
        (["a", "week"], 7),
        (["half", "a", "year"], 182.5),
        (["a", "couple", "of", "months"], 60),
        (["for", "a", "few", "days"], 3),
        (["6", "months"], 180),
        (["twenty", "-", "one", "days"], 21),
        # "and a half" adds a half; it does not halve ("two and a half weeks" was 7 days)
        (["2", "and", "a", "half", "weeks"], 17.5),
        (["a", "month", "and", "a", "half"], 45),
        (["six", "and", "a", "half", "weeks"], 45.5),
    ],
)
def test_durations_become_days(words: list[str], days: float) -> None:
    lex = lexicon()
    assert read_number(words, lex.numbers, lex.units["days"]) == days


def test_an_article_does_not_outweigh_a_real_number() -> None:
    assert read_number(["a", "66", "-", "year", "-", "old"], lexicon().numbers, None) == 66


def test_a_score_reads_its_leading_digits() -> None:
    assert read_number(["6/10"], lexicon().numbers, None) == 6


def test_no_unit_where_one_is_needed_gives_nothing() -> None:
    lex = lexicon()
    assert read_number(["three"], lex.numbers, lex.units["days"]) is None
