"""Families of wording from the eighth real set: pain, headaches and alarm told by what they did
to the person ("tearing up", crying at a headache, a racing pulse, "more than it has ever hurt",
crying each time they pee), an ear that rang at a neck crack, a back that keeps someone in bed,
and a walk bent over like a letter. Each is read the same way however it is told, and beside the
look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# Crying is not a tearing pain.


@pytest.mark.parametrize(
    "text",
    [
        "He couldn't get back up because of the back pain and eventually started tearing up.",
        "My back hurts so much I was in tears this morning.",
    ],
)
def test_tears_of_crying_are_not_a_tearing_pain(text: str) -> None:
    assert understand(text).case.get("pain_character") != "tearing", text


def test_a_tearing_pain_is_still_one() -> None:
    assert understand("A tearing pain went through my upper back.").case["pain_character"] == (
        "tearing"
    )


# ---------------------------------------------------------------------------------------------
# A headache told by what it did to the person is a bad one; with a fever and a sore neck, an
# emergency.

HEADACHE_BY_EFFECT = [
    "He had a headache to the point where he was crying and begging me to make it stop.",
    "The headache had me screaming, and now I have a temperature and my neck hurts.",
]


@pytest.mark.parametrize(("text", "name"), _told(HEADACHE_BY_EFFECT))
def test_a_headache_told_by_what_it_did_is_a_bad_headache(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("severe_headache") is True, told


def test_a_child_with_a_sore_neck_a_fever_and_a_headache_that_makes_him_cry_is_an_emergency() -> (
    None
):
    text = (
        "My son, 4, has neck pain and a headache to the point where he is crying and begging "
        "me to make it stop, and his temperature keeps rising."
    )
    assert _triage(text) == "emergency"


# ---------------------------------------------------------------------------------------------
# A racing pulse beside the pain is a sign from the heart or the chest.


@pytest.mark.parametrize(
    "text",
    [
        "I had a knife-like pain between my shoulder blades and my pulse was racing.",
        "My heart rate was over 130 and my upper back was in agony.",
    ],
)
def test_a_racing_pulse_with_back_pain_is_an_emergency(text: str) -> None:
    assert understand(text).case.get("chest_symptoms") is True, text
    assert _triage(text) == "emergency", text


# ---------------------------------------------------------------------------------------------
# Pain more than it has ever hurt is the worst ever; sudden and with vomiting, seen today.

WORST = [
    "I woke up with my back hurting more than it's ever hurt before and I was puking all night.",
    "Out of nowhere my back hurt worse than it has ever hurt and I started vomiting.",
]


@pytest.mark.parametrize(("text", "name"), _told(WORST))
def test_sudden_pain_worse_than_ever_with_vomiting_is_seen_today(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("worst_pain_ever") is True, told
    assert _triage(told) in ("urgent", "emergency"), told


def test_vomiting_with_sudden_severe_pain_is_the_feeling_sick_of_the_brief() -> None:
    from tests.engine.test_reported_rules import fired, triage

    assert "UR-SUDDEN-PAIN-PALE" in fired(pain_onset="sudden", pain_score=8, vomiting=True)
    assert triage(pain_onset="sudden", pain_score=8, vomiting=True, age=60) == "emergency"
    assert triage(pain_onset="gradual", pain_score=8, vomiting=True) == "self_care"


# ---------------------------------------------------------------------------------------------
# Stuck in bed, or unable to get up, because of the pain: pain that is not controlled.

CANNOT_GET_UP = [
    "My back went on Sunday and I've been bed ridden since.",
    "He couldn't get back up off the bed because of the back pain and the spasms.",
]


@pytest.mark.parametrize(("text", "name"), _told(CANNOT_GET_UP))
def test_pain_that_keeps_someone_in_bed_needs_a_doctor(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("unable_to_walk") is True, told
    assert _triage(told) != "self_care", told


def test_pain_that_stops_someone_getting_up_needs_a_doctor_even_without_an_injury() -> None:
    from tests.engine.test_reported_rules import fired, triage

    assert triage(unable_to_walk=True, pain_score=7, pain_days=1) == "see_doctor"
    assert "SD-CANNOT-GET-UP" in fired(unable_to_walk=True, pain_score=7, pain_days=1)
    assert triage(unable_to_walk=True, pain_score=7, trauma="minor") == "urgent"


# ---------------------------------------------------------------------------------------------
# A walk bent over, told by a likeness, is not unsteadiness.


@pytest.mark.parametrize(
    "text",
    [
        "By the evening I was walking like the letter Z.",
        "I'm walking like an old man since I lifted the bike.",
        "I was hobbling bent over all day.",
    ],
)
def test_walking_bent_like_a_letter_is_not_unsteady(text: str) -> None:
    assert "gait_unsteady" not in understand(text).case, text


def test_walking_like_a_drunk_is_still_unsteady() -> None:
    assert understand("I'm walking like I'm drunk.").case.get("gait_unsteady") is True


# ---------------------------------------------------------------------------------------------
# An ear that rang when the neck was cracked; passing urine that has become an ordeal.


def test_ears_that_rang_at_a_neck_crack_are_an_emergency() -> None:
    text = "The chiropractor snapped my neck to the left, which made my ears ring."
    assert understand(text).case.get("eye_or_ear_signs") is True
    assert _triage(text) == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "My sciatica got unbearable and I cried whenever I had to pee.",
        "I'm screaming every time I try to urinate and my back is agony.",
    ],
)
def test_crying_each_time_they_pee_with_back_pain_is_a_bladder_change(text: str) -> None:
    assert understand(text).case.get("bladder_bowel_change") is True, text
    assert _triage(text) == "emergency", text


# ---------------------------------------------------------------------------------------------
# "Since around 2013": the years to now.


def test_pain_since_around_a_year_counts_the_years() -> None:
    read = understand("I have had back issues since around 2013.").assessable()
    assert read["pain_days"] >= 365 * 10
