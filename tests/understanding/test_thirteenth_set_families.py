"""Families of wording from the thirteenth real set: an intensifier inside a warning sign, one
side of the body that stopped working, dizziness that took the standing, a fall told by its
height, a chest told as a squeezing, and an old injury dated by its year. Each is read the same
way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# An intensifier ("totally", "really") between the words of a warning sign leaves it a warning
# sign: "walking like I was totally drunk" is walking like I was drunk.


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("I was walking like I was totally drunk.", "stroke_signs", True),
        ("My back went and I really can not feel my legs.", "numbness", True),
        ("I could not actually feel the toilet paper when I wiped.", "saddle_numbness", True),
        ("He fell off the roof and broke his back, and it is completely agony.", "trauma", "major"),
    ],
)
def test_an_intensifier_inside_a_warning_sign_is_read_through(
    text: str, field: str, value: object
) -> None:
    assert understand(text).case.get(field) == value, text


def test_a_denial_in_a_phrase_keeps_its_meaning_with_an_intensifier_after_it() -> None:
    # "could not really walk straight" is "could not walk straight", never "could walk"
    case = understand("I could not really walk straight after it.").case
    assert case.get("stroke_signs") is True


# ---------------------------------------------------------------------------------------------
# One side of the body that would not work is weakness of one side: a stroke sign.

ONE_SIDE = [
    "My neck and head were killing me and the muscles on my right side would not work.",
    "After the neck crack the left side of my body stopped working.",
]


@pytest.mark.parametrize(("text", "name"), _told(ONE_SIDE))
def test_one_side_that_stopped_working_is_a_stroke_sign(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("stroke_signs") is True, told
    assert _triage(told) == "emergency", told


@pytest.mark.parametrize(
    "text",
    [
        "The left side of my back would not stop hurting after gardening.",
        "My left side did not move much when I twisted at yoga.",
        "The right side of my neck would not stop cracking.",
    ],
)
def test_one_side_of_the_back_is_not_one_side_of_the_body(text: str) -> None:
    assert "stroke_signs" not in understand(text).case, text


# ---------------------------------------------------------------------------------------------
# So dizzy that standing was lost is sudden unsteadiness, not dizziness alone.

CANNOT_STAND = [
    "I had neck pain for days, then I suddenly got so dizzy I could not stand.",
    "My neck twinged and an hour later I was so dizzy that I couldn't walk.",
]


@pytest.mark.parametrize(("text", "name"), _told(CANNOT_STAND))
def test_too_dizzy_to_stand_is_a_stroke_sign(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("stroke_signs") is True, told
    assert _triage(told) == "emergency", told


def test_dizzy_on_standing_up_is_dizziness_alone() -> None:
    case = understand("I get a bit dizzy when I stand up too fast, and my back pops.").case
    assert case.get("dizziness") is True and "stroke_signs" not in case
    assert _triage("I get a bit dizzy when I stand up too fast, and my back pops.") != "emergency"


# ---------------------------------------------------------------------------------------------
# A fall told by its height: a metre or three feet and more is a dangerous mechanism.

HEIGHTS = [
    "I slipped/fell off from a height of 3 to 4 metres, flat onto my back onto the mats.",
    "He came off the climbing wall from a height of about 10 feet and his back hurts.",
    "She took a fall of two metres onto her back at the gym and it still hurts.",
]


@pytest.mark.parametrize(("text", "name"), _told(HEIGHTS))
def test_a_fall_told_by_its_height_is_a_major_injury(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


def test_a_small_drop_is_not_a_major_injury() -> None:
    case = understand("I stepped off a drop of two feet and my back twinged.").case
    assert case.get("trauma") != "major"


# ---------------------------------------------------------------------------------------------
# The chest told as a squeezing, or the heart as gripped, is a chest symptom.

SQUEEZED = [
    "First an odd squeezing sensation in my chest, then my upper back between my shoulder"
    " blades ached immensely.",
    "It felt as if someone grabbed my heart, and now my upper back between the shoulder blades"
    " aches badly.",
]


@pytest.mark.parametrize(("text", "name"), _told(SQUEEZED))
def test_a_squeezed_chest_with_upper_back_pain_is_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("chest_symptoms") is True, told
    assert _triage(told) == "emergency", told


def test_a_squeezing_feeling_elsewhere_is_not_the_chest() -> None:
    case = understand("There is a squeezing sensation in my lower back when I bend.").case
    assert "chest_symptoms" not in case


# ---------------------------------------------------------------------------------------------
# An injury dated by a year long gone is history: "I broke my back in 1991" is not a major
# injury today, though the old fracture is still known.


def test_an_injury_dated_by_an_old_year_is_history() -> None:
    case = understand("I broke my back in 1991 and lately it aches more than usual.").case
    assert case.get("trauma") != "major"
    assert case.get("spine_diagnosis") == "fracture"


def test_a_fall_this_week_is_still_a_fall() -> None:
    assert understand("I broke my back on Monday falling off a ladder.").case["trauma"] == "major"
