"""Families of wording from the eighteenth real set: legs told as the ones that would not move,
pain told by its force ("so great I was nauseous", "I saw stars"), and a child's neck "a little
stiff" beside spots told as "tiny purple ones". Each is read the same way however it is told,
and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from crepitus.knowledge.model import LEVELS
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# Legs as the subject that will not move: both legs paralysed, an emergency.

LEGS_WONT_MOVE = [
    "I heard a loud crack and tried to push myself up, but my legs don't move.",
    "After the fall his legs would not move at all.",
]


@pytest.mark.parametrize(("text", "name"), _told(LEGS_WONT_MOVE))
def test_legs_that_will_not_move_are_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert "both_legs" in understand(told).case.get("neuro_sites", []), told
    assert _triage(told) == "emergency", told


def test_legs_that_move_less_well_are_not_paralysed() -> None:
    case = understand("My legs don't move as well as they used to, and my back is stiff.").case
    assert "both_legs" not in case.get("neuro_sites", [])


# ---------------------------------------------------------------------------------------------
# Pain told by its force is severe pain; with nausea, it is seen today at least.

FORCE = [
    "I strained my back shovelling snow. The next day, the pain was so great I was nauseous.",
    "When I sat down at work my lower back went and I saw stars.",
    "The most impossible pain burst through my lower back.",
]


@pytest.mark.parametrize(("text", "name"), _told(FORCE))
def test_pain_told_by_its_force_is_severe(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).assessable().get("pain_score", 0) >= 7, told


def test_severe_pain_with_nausea_is_seen_today() -> None:
    text = "I strained my back shovelling snow. The next day, the pain was so great I was nauseous."
    assert LEVELS.index(_triage(text)) >= LEVELS.index("urgent")


def test_pain_that_is_so_mild_is_not_severe() -> None:
    score = understand("The pain was so mild I forgot about it.").assessable().get("pain_score")
    assert score is None or score < 7


# ---------------------------------------------------------------------------------------------
# A neck "a little stiff" with a headache and tiny purple spots: warning signs of meningitis.

CHILD = [
    "He had a headache and his neck was a little stiff. I noticed spots on his chest - tiny"
    " purple ones."
]


@pytest.mark.parametrize(("text", "name"), _told(CHILD))
def test_a_little_stiff_neck_and_purple_spots_are_read(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("stiff_neck") is True and case.get("light_sensitivity_or_rash") is True, told
    assert LEVELS.index(_triage(told)) >= LEVELS.index("urgent"), told


def test_a_neck_a_little_stiff_after_sleep_is_not_urgent() -> None:
    assert LEVELS.index(_triage("My neck was a little stiff after sleeping on the sofa.")) < (
        LEVELS.index("urgent")
    )
