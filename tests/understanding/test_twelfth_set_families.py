"""Families of wording from the twelfth real set: a bladder that no longer says it is full, a leg
growing weaker, a relentless headache with a stiff neck, and landing on the head or neck. Each
is read the same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# Not knowing when the bladder is full is a change of the bladder.

BLADDER_FEELING = [
    "My back is agony and I didn't know I needed the loo, everything was numb.",
    "With this back pain I can't tell when I need to pee any more.",
]


@pytest.mark.parametrize(("text", "name"), _told(BLADDER_FEELING))
def test_not_feeling_a_full_bladder_is_a_bladder_change(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("bladder_bowel_change") is True, told
    assert _triage(told) == "emergency", told


def test_not_knowing_the_way_to_the_toilet_is_not_a_bladder_change() -> None:
    case = understand("I didn't know where the toilet was in the new office.").case
    assert "bladder_bowel_change" not in case


# ---------------------------------------------------------------------------------------------
# A leg growing weaker.


@pytest.mark.parametrize(
    "text",
    ["My left leg had become increasingly weak.", "My right arm is progressively weaker."],
)
def test_a_limb_growing_weaker_is_a_worsening_weakness(text: str) -> None:
    assert understand(text).case.get("weakness") == "progressive", text


def test_a_weak_leg_that_is_not_changing_is_stable() -> None:
    assert understand("My left leg feels weak.").case.get("weakness") == "stable"


# ---------------------------------------------------------------------------------------------
# A relentless headache with a stiff, painful neck is seen today, even without a fever.

HEADACHE_STIFF_NECK = [
    "Four days after the dentist I had a relentless headache and a painful, stiff neck.",
    "I have the worst headache and my neck is stiff and painful.",
]


@pytest.mark.parametrize(("text", "name"), _told(HEADACHE_STIFF_NECK))
def test_a_bad_headache_with_a_stiff_neck_is_at_least_urgent(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("severe_headache") is True and case.get("stiff_neck") is True, told
    assert _triage(told) in ("urgent", "emergency"), told


def test_a_stiff_neck_without_a_headache_is_not_urgent() -> None:
    assert _triage("My neck is stiff after sleeping on it funny.") == "self_care"


# ---------------------------------------------------------------------------------------------
# Landing on the head or neck is a load through the spine.


@pytest.mark.parametrize(
    "text",
    [
        "I got tangled up and landed on my neck on my seat post.",
        "He fell off the trampoline and landed on his head, and his neck hurts.",
    ],
)
def test_landing_on_the_head_or_neck_is_major_trauma(text: str) -> None:
    assert understand(text).case.get("trauma") == "major", text


def test_landing_on_the_feet_or_the_bottom_is_not() -> None:
    assert understand("I landed on my feet.").case.get("trauma") == "minor"
    assert understand("I fell on my bum.").case.get("trauma") == "minor"


def test_a_sore_throat_like_razor_blades_is_not_an_artery_sign() -> None:
    case = understand("The sore throat makes swallowing feel like razor blades.").case
    assert "neck_artery_symptoms" not in case
