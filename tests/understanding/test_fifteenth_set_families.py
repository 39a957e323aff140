"""Families of wording from the fifteenth real set: a height told as air, a blow hard enough to
name the helmet, an older person found on the floor, the worst pain told as "never so much
pain", pain in the middle of the chest, a headache too painful to see, and a neck too stiff to
turn. Each is read the same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# A jump or fall told by its air, and a crash that hit the helmet: dangerous mechanisms.

MECHANISMS = [
    "I got about 25 feet of air off the kicker and came down hard; my back hurts.",
    "I nose dived, flipped, and my board hit my helmet. My lower back didn't feel right.",
]


@pytest.mark.parametrize(("text", "name"), _told(MECHANISMS))
def test_air_and_a_hit_helmet_are_major_injuries(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


def test_a_little_air_is_not_a_major_injury() -> None:
    case = understand("I only got a foot of air on the bump and my back is a bit stiff.").case
    assert case.get("trauma") != "major"


# ---------------------------------------------------------------------------------------------
# An older person found lying on the floor has had a fall.


def test_an_older_person_found_on_the_floor_has_fallen() -> None:
    text = "My 88 year old dad was lying flat on his back on the floor and complains of back pain."
    assert understand(text).case.get("trauma") == "minor"
    assert _triage(text) in ("urgent", "emergency")


def test_lying_on_my_back_to_stretch_is_not_a_fall() -> None:
    case = understand("I was lying flat on my back on the floor doing stretches when it popped.")
    assert "trauma" not in case.case


# ---------------------------------------------------------------------------------------------
# "Never been in so much pain" is the worst pain ever; pain in the middle of the chest is a
# chest symptom.

CHEST = [
    "A sharp pain in the middle of my chest, then it went right through to my back. I've never"
    " felt or been in so much pain in my life."
]


@pytest.mark.parametrize(("text", "name"), _told(CHEST))
def test_chest_pain_through_to_the_back_is_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("chest_symptoms") is True and case.get("worst_pain_ever") is True, told
    assert _triage(told) == "emergency", told


def test_never_so_little_pain_is_not_the_worst() -> None:
    assert "worst_pain_ever" not in understand("I have never had back pain before.").case


# ---------------------------------------------------------------------------------------------
# A headache too painful to see, with a neck too stiff to turn: seen today at least.

HEADACHE = [
    "My neck got tight and it was hard to turn my head. Then the headache began to be so"
    " painful I could not see straight."
]


@pytest.mark.parametrize(("text", "name"), _told(HEADACHE))
def test_a_headache_too_painful_with_a_stiff_neck_is_at_least_urgent(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("severe_headache") is True and case.get("stiff_neck") is True, told
    assert _triage(told) in ("urgent", "emergency"), told


def test_a_neck_hard_to_turn_without_a_headache_is_not_urgent() -> None:
    assert _triage("I slept funny and it is hard to turn my head this morning.") == "self_care"
