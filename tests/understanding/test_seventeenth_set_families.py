"""Families of wording from the seventeenth real set: a denial inside a denial ("I couldn't
find a position that didn't hurt"), a whole leg in pain, a leg weakening told by what it can no
longer do, pain that reached the chest, and a fall told as a flip onto the back. Each is read
the same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from crepitus.knowledge.model import LEVELS
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# "I couldn't find a position that didn't cause more pain": every position hurts, so it is pain,
# never a denial of it.

NO_EASY_POSITION = [
    "My back is tight. I could not find a position to sit in that didn't cause even more pain.",
    "I can't find any position that doesn't make the pain worse in my lower back.",
]


@pytest.mark.parametrize(("text", "name"), _told(NO_EASY_POSITION))
def test_no_position_without_pain_is_pain(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("pain_score") != 0, told


def test_a_plain_denial_of_pain_still_denies_it() -> None:
    assert understand("I have no pain in my back, it just clicks.").case.get("pain_score") == 0


# ---------------------------------------------------------------------------------------------
# A whole leg in pain reaches below the knee.

WHOLE_LEG = [
    "I woke up feeling like my entire right leg was on fire, and my lower back ached.",
    "My lower back hurts and my whole left leg is aching.",
]


@pytest.mark.parametrize(("text", "name"), _told(WHOLE_LEG))
def test_a_whole_leg_in_pain_is_pain_below_the_knee(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert "below_knee" in understand(told).case.get("pain_radiation", []), told


def test_a_leg_named_alone_is_not_below_the_knee() -> None:
    case = understand("My lower back aches after I sit with my leg crossed.").case
    assert "below_knee" not in case.get("pain_radiation", [])


# ---------------------------------------------------------------------------------------------
# A leg weakening, told by what it can no longer do.

LEG_FAILING = [
    "It became more and more difficult to swing my left leg over the saddle.",
    "My back aches and I have to use my hands to lift my leg into bed.",
]


@pytest.mark.parametrize(("text", "name"), _told(LEG_FAILING))
def test_a_leg_that_cannot_do_its_work_is_weak(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("weakness") in ("stable", "progressive"), told
    assert "both_hands" not in case.get("neuro_sites", []), told  # the hands do the lifting


def test_a_leg_getting_harder_to_lift_is_weakness_getting_worse() -> None:
    text = "It became more and more difficult to swing my left leg over the saddle."
    assert understand(text).case.get("weakness") == "progressive"
    assert LEVELS.index(_triage(text)) >= LEVELS.index("urgent")


def test_lifting_a_child_is_not_a_weak_leg() -> None:
    assert "weakness" not in understand("I used my arms to lift my son into the car.").case


# ---------------------------------------------------------------------------------------------
# Back pain that reached the chest or the breastbone: an emergency until shown otherwise.

TO_THE_CHEST = [
    "A sharp pain in my upper back grew all day, and by evening the pain was also in my chest.",
    "My upper back has hurt since this morning and now my sternum hurts too.",
]


@pytest.mark.parametrize(("text", "name"), _told(TO_THE_CHEST))
def test_back_pain_that_reached_the_chest_is_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("chest_symptoms") is True, told
    assert _triage(told) == "emergency", told


def test_a_chest_named_for_something_else_is_not_chest_pain() -> None:
    assert "chest_symptoms" not in understand("I sleep on my chest and my back clicks.").case


# ---------------------------------------------------------------------------------------------
# Thrown through the air and landed on the back or head: a dangerous mechanism.

THROWN = [
    "She did some sort of somersault and landed on her back, and now her neck hurts.",
    "I was thrown over the handlebars and came down on my head; my neck is sore.",
]


@pytest.mark.parametrize(("text", "name"), _told(THROWN))
def test_thrown_and_landing_on_the_back_is_a_major_injury(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


def test_turning_over_in_bed_is_not_an_injury() -> None:
    assert "trauma" not in understand("I flipped over in bed and my back popped.").case
