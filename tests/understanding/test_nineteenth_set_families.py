"""Families of wording from the nineteenth real set: a back someone hurt (an injury, so a
sudden start), a headache told as "head cracking", and a fall told as what hit the ground first.
Each is read the same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from crepitus.knowledge.model import LEVELS
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# "Dad hurt his back": an injury at one moment; in someone over 70 a fracture is possible.

HURT_A_BACK = [
    "I'm in my nineties and I hurt my back at the beginning of the month; I walk hunched over.",
    "I am in my eighties and I injured my back getting out of a chair last week.",
]


@pytest.mark.parametrize(("text", "name"), _told(HURT_A_BACK))
def test_a_back_someone_hurt_started_suddenly(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("pain_onset") == "sudden", told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told


def test_a_back_a_relative_hurt_started_suddenly() -> None:
    assert understand("My dad, 93, hurt his back last week.").case.get("pain_onset") == "sudden"


def test_sitting_that_hurt_a_back_is_no_injury() -> None:
    assert "pain_onset" not in understand("It hurt my back to sit all day.").case


# ---------------------------------------------------------------------------------------------
# A headache told as "head cracking" is a severe headache.


@pytest.mark.parametrize(("text", "name"), _told(["I had an intense head cracking headache."]))
def test_a_head_cracking_headache_is_severe(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("severe_headache") is True, told


def test_a_headache_beside_other_strong_words_is_not_called_severe() -> None:
    assert understand("Severe back pain but no headache.").case.get("severe_headache") is not True


# ---------------------------------------------------------------------------------------------
# A fall told by what hit the ground first is an injury.


@pytest.mark.parametrize(
    ("text", "name"), _told(["My board stopped and I slammed shoulder first into the ground."])
)
def test_slamming_shoulder_first_into_the_ground_is_an_injury(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") in ("minor", "major"), told


def test_a_shoulder_that_went_first_into_a_jumper_is_no_injury() -> None:
    assert "trauma" not in understand("My shoulder went first into my jumper sleeve.").case
