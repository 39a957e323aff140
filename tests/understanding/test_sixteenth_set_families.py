"""Families of wording from the sixteenth real set: severe pain and numbness after a spinal
procedure with no word on how the pain began, pain told as an amount ("a major amount of
pain"), and someone pinned where they were by the pain ("I couldn't move."). Each is read the
same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from crepitus.knowledge.model import LEVELS
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# Severe pain with numbness after a spinal procedure: an emergency, told without its onset.

AFTER_A_PROCEDURE = [
    "I had a lumbar puncture 2 days ago and I am still having severe pain and numbness in my leg.",
    "Since the epidural injection on Monday there is terrible pain in my back and my foot is numb.",
]


@pytest.mark.parametrize(("text", "name"), _told(AFTER_A_PROCEDURE))
def test_severe_pain_and_numbness_after_a_procedure_are_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("recent_spinal_procedure") is True, told
    assert _triage(told) == "emergency", told


def test_mild_steady_numbness_after_a_procedure_is_not_an_emergency() -> None:
    text = "I had an epidural injection last week. My leg is a bit numb and the pain is 2/10."
    assert _triage(text) != "emergency"


# ---------------------------------------------------------------------------------------------
# Pain told as an amount: "a major amount of pain" is severe pain.

AMOUNTS = [
    "I can only walk short distances with a walker, with a major amount of pain.",
    "I woke up in a huge amount of pain in my lower back.",
    "There is a great deal of pain in my neck since yesterday.",
]


@pytest.mark.parametrize(("text", "name"), _told(AMOUNTS))
def test_a_large_amount_of_pain_is_severe_pain(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).assessable().get("pain_score", 0) >= 7, told


def test_a_small_amount_of_pain_is_not_severe() -> None:
    score = understand("There is a small amount of pain in my back.").assessable().get("pain_score")
    assert isinstance(score, int) and score < 7, score


# ---------------------------------------------------------------------------------------------
# Pinned where they were by the pain: "I couldn't move." is not getting up or walking.

PINNED = [
    "The pain in my lower back built over two days. On Thursday I couldn't move.",
    "My back went when I bent down and I could not move an inch.",
]


@pytest.mark.parametrize(("text", "name"), _told(PINNED))
def test_not_able_to_move_at_all_is_not_able_to_walk(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("unable_to_walk") is True, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("see_doctor"), told


@pytest.mark.parametrize(
    "text", ["I couldn't move my neck this morning.", "It hurts when I move.", "I can move fine."]
)
def test_moving_a_part_or_pain_on_moving_is_not_being_pinned(text: str) -> None:
    assert "unable_to_walk" not in understand(text).case
