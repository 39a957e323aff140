"""Families of wording from the eleventh real set: thrown down in sport, a vehicle driven into
another or an impact told by its speed, sliding off a roof, a denial that stops at the next
person named, so dizzy that walking went too, and a parent's age left unsaid. Each is read the
same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from crepitus.engine.concern import settle
from crepitus.understanding.describe import prefill
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# Dangerous mechanisms told as a story.

MECHANISMS = [
    "In wrestling I was thrown and pinned on my tail bone, and the pain is getting worse.",
    "An SUV backing out slammed into our car and my neck hurts now.",
    "We got hit by a Cadillac going 30 mph and my neck has hurt since.",
    "I began to slide down the roof and spun off it toward the ground, and my back is stiff.",
]


@pytest.mark.parametrize(("text", "name"), _told(MECHANISMS))
def test_a_dangerous_mechanism_told_as_a_story_is_major_trauma(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


@pytest.mark.parametrize(
    "text",
    [
        "I slammed into my mom's parked car in the driveway and my back aches.",
        "I ran into my friend at the shop and my back hurts.",
        "I threw my back out lifting a box.",
    ],
)
def test_a_person_bumping_into_something_is_not_a_road_collision(text: str) -> None:
    assert understand(text).case.get("trauma") != "major", text


# ---------------------------------------------------------------------------------------------
# A denial stops at the next person named: "she didn't look ... and slammed into our car".


def test_a_denial_stops_at_the_next_person_named() -> None:
    text = "She didn't look behind as she was backing out and slammed into our car."
    assert understand(text).case.get("trauma") == "major"


@pytest.mark.parametrize(("text", "field"), [("He has no numbness.", "numbness")])
def test_their_own_denial_still_holds(text: str, field: str) -> None:
    assert understand(text).case.get(field) is False


# ---------------------------------------------------------------------------------------------
# So dizzy that walking went too: the unsteadiness of a stroke, not dizziness alone.

DIZZY_WALKING = [
    "After the massage I got so dizzy I walked into a door, and I have been vomiting.",
    "I was so dizzy that I bumped into the walls all morning.",
]


@pytest.mark.parametrize(("text", "name"), _told(DIZZY_WALKING))
def test_so_dizzy_that_walking_went_is_a_stroke_sign(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("stroke_signs") is True, told
    assert _triage(told) == "emergency", told


def test_walking_into_a_door_is_not_a_stroke_sign() -> None:
    case = understand("I walked into a door and bruised my back.").case
    assert "stroke_signs" not in case


# ---------------------------------------------------------------------------------------------
# A parent's age left unsaid: an estimate, offered and asked.


def test_a_parents_age_is_estimated_in_a_report_about_them() -> None:
    understood = understand("About a month ago my dad started getting pain in his lower back.")
    assert "age" not in understood.case
    assert understood.estimates.get("age") == 60
    assert _triage("About a month ago my dad started getting pain in his lower back.") == (
        "see_doctor"
    )
    taken, asked = settle(*prefill(understood))
    assert "age" not in taken and asked.get("age") == 60  # the check still asks it


def test_a_parent_beside_the_writers_own_back_gives_no_age() -> None:
    understood = understand("My mom took me to the doctor because my back hurts.")
    assert "age" not in {**understood.case, **understood.estimates}


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("My mum in her eighties fell and hurt her back.", 85),  # a higher reading wins
        ("My grandma in her sixties fell and hurt her back.", 70),  # a lower guess does not
        ("My elderly dad has had back pain for a month.", 70),
    ],
)
def test_a_parents_guessed_age_never_lowers_another_reading(text: str, age: int) -> None:
    assert understand(text).estimates.get("age") == age, text


def test_a_stated_age_beats_the_guess() -> None:
    understood = understand("My dad, 45, has had back pain for a month.")
    assert understood.case.get("age") == 45
    assert "age" not in understood.estimates
