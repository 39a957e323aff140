"""Every description within the size limit is read with bounded work, and nothing crashes."""

from __future__ import annotations

from itertools import accumulate

from hypothesis import given, settings
from hypothesis import strategies as st

from crepitus import understand
from crepitus.understanding.pipeline import MAX_TOKENS, reader
from crepitus.understanding.read import LONGEST_RUN, MAX_PARTS, MAX_TEXT, _bounded, _parts


@given(st.text(max_size=400))
def test_bounding_keeps_the_length_and_breaks_every_long_run(text: str) -> None:
    bounded = _bounded(text)
    assert len(bounded) == len(text)
    assert all(len(word) <= LONGEST_RUN for word in bounded.split())


def test_hostile_runs_are_read_without_error() -> None:
    for text in (
        "," * (MAX_TEXT - 1) + "q",
        "1" * MAX_TEXT,
        "a," * (MAX_TEXT // 2),
        "😀" * (MAX_TEXT // 2),
        "12345678901234567890 " * 200,
    ):
        understood = understand(text)
        for mention in understood.mentions:
            assert 0 <= mention.start <= mention.end <= len(text)


def test_a_warning_sign_after_a_long_run_is_still_read() -> None:
    text = "x" * 300 + " I can't feel the toilet paper and my back hurts."
    assert understand(text).case["saddle_numbness"] is True


def test_a_warning_sign_told_after_the_first_part_of_a_long_story_is_read() -> None:
    story = "My back has been stiff on and off and stretching helps a little. " * 90
    text = story + "Since this morning I cannot feel the toilet paper when I wipe."
    assert len(story) > MAX_TEXT
    understood = understand(text)
    assert understood.case["saddle_numbness"] is True
    found = [m for m in understood.mentions if m.field == "saddle_numbness"]
    assert found and all(text[m.start : m.end] == m.text for m in found)


def test_a_long_story_is_read_in_parts_cut_between_sentences() -> None:
    text = "My neck cracks when I turn. " * 500
    parts = list(_parts(text))
    assert "".join(part for _, part in parts) == text
    assert all(len(part) <= MAX_TEXT and part.endswith(". ") for _, part in parts[:-1])
    assert [start for start, _ in parts] == [0, *accumulate(len(p) for _, p in parts[:-1])]


def test_a_story_past_the_last_part_is_cut() -> None:
    text = "x " * (MAX_TEXT * MAX_PARTS) + "I cannot feel the toilet paper when I wipe."
    assert "saddle_numbness" not in understand(text).case
    assert len(list(_parts("x" * MAX_TEXT * 3))) == 3  # no space to cut at: cut at the limit


def test_a_page_of_tokens_is_cut_at_the_token_bound() -> None:
    assert len(reader().doc("a " * (MAX_TEXT // 2))) <= MAX_TOKENS + 1


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=6, max_size=10), max_size=400)
)
def test_made_up_words_are_read_without_error(words: list[str]) -> None:
    understand(" ".join(words)[:MAX_TEXT])
