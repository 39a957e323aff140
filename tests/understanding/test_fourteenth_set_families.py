"""Families of wording from the fourteenth real set: dangerous mechanisms told by what happened
(out of the tree, the bike and I went down, a knee to the head), legs that stopped working, a
headache named after the neck, a sudden severe pain at the base of the skull, and a person
confined to a wheelchair by back pain. Each is read the same way however it is told, and beside
the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# A dangerous mechanism told by what happened, then spinal pain: major trauma.

MECHANISMS = [
    "I leaned back 12 feet up and the hook pulled loose. Out of the tree I went, my back hurts.",
    "We took the curve too fast and the bike and I went down; my neck hurts more every day.",
    "A huge forward kneed me in the head in a tackle and my neck has hurt since.",
]


@pytest.mark.parametrize(("text", "name"), _told(MECHANISMS))
def test_a_mechanism_told_by_what_happened_is_a_major_injury(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


@pytest.mark.parametrize(
    "text",
    [
        "I went out of the house and down the road, and my back aches.",
        "My knee hurts in the mornings and my back is stiff.",
    ],
)
def test_everyday_going_out_and_knees_are_not_injuries(text: str) -> None:
    assert understand(text).case.get("trauma") != "major", text


# ---------------------------------------------------------------------------------------------
# Legs or feet that stopped working are weak legs: in both, an emergency.

LEGS = [
    "I could not walk. Both feet had turned inwards, and were not working right.",
    "My back is agony and my legs are not working.",
]


@pytest.mark.parametrize(("text", "name"), _told(LEGS))
def test_legs_that_stopped_working_are_weak(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("weakness") in ("stable", "progressive"), told
    assert "both_legs" in case.get("neuro_sites", []), told
    assert _triage(told) == "emergency", told


def test_something_else_not_working_is_not_a_leg() -> None:
    case = understand("My leg was fine but the car was not working, so I walked.").case
    assert "weakness" not in case


# ---------------------------------------------------------------------------------------------
# A headache named after the neck, and a sudden severe pain at the base of the skull.


SPLITTING = ["I spiked a fever with a splitting neck and headache."]


@pytest.mark.parametrize(("text", "name"), _told(SPLITTING))
def test_a_splitting_neck_and_headache_is_a_severe_headache(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("severe_headache") is True, told
    assert _triage(told) in ("urgent", "emergency"), told


SKULL_BASE = [
    "When I surfaced I felt an immediate and severe pain near the base of my skull.",
    "A sudden excruciating pain hit the back of my head while I was swimming.",
]


@pytest.mark.parametrize(("text", "name"), _told(SKULL_BASE))
def test_a_sudden_severe_pain_at_the_skull_base_is_a_thunderclap(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("thunderclap_headache") is True, told
    assert _triage(told) == "emergency", told


def test_an_ache_at_the_back_of_the_head_that_built_slowly_is_not_a_thunderclap() -> None:
    case = understand("A dull ache slowly built at the back of my head after squats.").case
    assert "thunderclap_headache" not in case


# ---------------------------------------------------------------------------------------------
# Confined to a wheelchair by back pain: not able to walk.


def test_confined_to_a_wheelchair_is_not_able_to_walk() -> None:
    text = "Our 82-year-old mother is practically confined to a wheelchair by back pain."
    assert understand(text).case.get("unable_to_walk") is True
