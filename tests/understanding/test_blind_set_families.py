"""Families of wording that the third blind set of real descriptions showed were lost: pain that
keeps getting worse, a fall and then not getting up, accidents told as a story, a nerve symptom
left unnamed, an age inside a worry, and the hearing or a limb going strange. Each is read the
same way however it is told (past tense, by a relative, with an extra word, inside a list, after
an unrelated denial, typed in a hurry), checked end to end where it matters, and beside the
look-alikes that must not be read the same way.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from crepitus.knowledge.model import LEVELS
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage


def _at_least(text: str, level: str) -> None:
    assert LEVELS.index(_triage(text)) >= LEVELS.index(level), text


# ---------------------------------------------------------------------------------------------
# Pain that keeps growing over weeks is not settling as a strain should.

WORSENING = [
    "My lower back has been getting worse for three weeks.",
    "The ache in my lower back slowly escalated over four weeks.",
    "For three weeks my back pain has got progressively worse.",
    "My back pain has worsened steadily for a month.",
]


@pytest.mark.parametrize(("text", "name"), _told(WORSENING))
def test_pain_getting_worse_over_weeks_is_read_and_seen(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("pain_worsening") is True, told
    _at_least(told, "see_doctor")


@pytest.mark.parametrize(
    "text",
    [
        "I had breast cancer years ago and now my back pain is getting worse and worse.",
        "Since my prostate cancer my lower back has ached, and lately it has got much worse.",
    ],
)
def test_worsening_pain_after_cancer_is_urgent(text: str) -> None:
    _at_least(text, "urgent")


@pytest.mark.parametrize(
    "text",
    [
        "It gets worse when I bend.",
        "My back got worse when I lifted the box.",
        "It's worse at night.",
        "It's not getting worse.",
        "The pain isn't getting any worse.",
        "It's getting better every day.",
        "I'm worried it will get worse.",
    ],
)
def test_worse_with_a_movement_at_a_time_or_not_at_all_is_not_worsening(text: str) -> None:
    assert understand(text).case.get("pain_worsening") is not True, text


# ---------------------------------------------------------------------------------------------
# A fall, then not getting up: a broken bone is possible at any age.

COULD_NOT_GET_UP = [
    "I slipped on the ice and couldn't get up.",
    "I fell down two steps and was unable to stand.",
    "After the fall I had to be carried to the car.",
]


@pytest.mark.parametrize(("text", "name"), _told(COULD_NOT_GET_UP))
def test_not_getting_up_after_a_fall_is_urgent(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("unable_to_walk") is True and case.get("trauma") in ("minor", "major"), told
    _at_least(told, "urgent")


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("I can't walk far because of my back.", "function_limits", ["walking"]),
        ("I couldn't walk straight after my neck cracked.", "stroke_signs", True),
        ("I can't stand up straight since the lift.", "function_limits", ["standing_straight"]),
    ],
)
def test_a_short_or_crooked_walk_is_not_no_walk_at_all(
    text: str, field: str, value: object
) -> None:
    case = understand(text).case
    assert "unable_to_walk" not in case, case
    assert case.get(field) == value, case


def test_a_fear_of_not_walking_is_not_a_finding() -> None:
    assert "unable_to_walk" not in understand("What if I can't get up?").case


# ---------------------------------------------------------------------------------------------
# Dangerous mechanisms told as what happened.

MECHANISMS = [
    "I was hit from behind by a speeding car and my neck hurts.",
    "The ladder wobbled and I fell onto the patio, and my back is killing me.",
    "The ladder became unstable and I fell. My back hurts a lot.",
]


@pytest.mark.parametrize(("text", "name"), _told(MECHANISMS))
def test_an_accident_told_as_a_story_is_a_major_injury(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told
    assert _triage(told) == "emergency", told


def test_carrying_a_ladder_is_not_falling_from_one() -> None:
    assert understand("I carried the ladder to the shed and my back aches.").case.get(
        "trauma"
    ) not in ("major",)


# ---------------------------------------------------------------------------------------------
# A nerve symptom the person does not name is asked, and counts meanwhile.

UNNAMED = [
    "I get neurological symptoms in my left arm on every ride since the neck injury.",
    "Since the whiplash I have nerve symptoms down my right leg.",
]


@pytest.mark.parametrize(("text", "name"), _told(UNNAMED))
def test_an_unnamed_nerve_symptom_is_an_estimate_that_counts(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    understood = understand(told)
    assert understood.estimates.get("tingling") is True, told
    assert "tingling" not in understood.case, "an estimate is asked, not taken"
    assert set(understood.case.get("neuro_sites", [])) & {"arm", "leg"}, told
    _at_least(told, "see_doctor")


# ---------------------------------------------------------------------------------------------
# Who the person is stays a fact inside a worry; the worry itself does not.


def test_an_age_inside_a_worry_about_a_relative_is_their_age() -> None:
    text = "I'm really worried about my 16-year old son. Every night he wakes up with back pain."
    case = understand(text).case
    assert case.get("age") == 16 and case.get("night_pain") is True, case
    _at_least(text, "see_doctor")


def test_an_age_one_fears_reaching_is_still_no_age() -> None:
    assert "age" not in understand("What if my back goes when I'm 80?").case


# ---------------------------------------------------------------------------------------------
# Look-alikes that used to raise the alarm.


def test_falling_to_the_ground_from_back_pain_is_not_a_drop_attack() -> None:
    case = understand("I tried to stand up and fell to the ground with a sharp pain.").case
    assert "neck_artery_symptoms" not in case, case


def test_numb_from_the_buttock_down_to_the_heel_is_one_leg_not_the_saddle() -> None:
    case = understand("I have tingling and numbness from my butt to my heel.").case
    assert "saddle_numbness" not in case, case
    assert "leg" in case.get("neuro_sites", []), case


def test_hearing_gone_strange_and_a_hand_moving_by_itself_are_warning_signs() -> None:
    text = "All I could hear was a gurgling, then my hand started to wave on its own."
    case = understand(text).case
    assert case.get("eye_or_ear_signs") is True and case.get("stroke_signs") is True, case


def test_over_the_past_year_is_how_long_the_pain_has_lasted() -> None:
    understood = understand("Over the past year I have been getting a sharp pain in my lower back.")
    assert understood.assessable().get("pain_days") == 365


def test_an_implant_in_the_spine_is_a_spinal_procedure() -> None:
    text = "Wires were inserted in my spine a few weeks back for a neurostimulator."
    assert understand(text).case.get("recent_spinal_procedure") is True


# ---------------------------------------------------------------------------------------------
# The fourth blind set's families (read after its blind score was recorded).

HEIGHTS_AND_STAIRS = [
    "The ladder moved and I came down from about gutter level onto the concrete.",
    "I fell 18-20 feet off the scaffold.",
    "I slipped and went bumpety bump bump down the stairs on my back.",
    "I bounced all the way down the stairs and my lower back hurts.",
]


@pytest.mark.parametrize(("text", "name"), _told(HEIGHTS_AND_STAIRS))
def test_a_fall_from_a_height_or_down_the_stairs_told_as_a_story_is_major(
    text: str, name: str
) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("trauma") == "major", told


def test_a_headache_that_was_even_worse_is_severe_and_worsening() -> None:
    text = "I had a rash on my thighs, my headache was even worse, and I had a very stiff neck."
    case = understand(text).case
    assert case.get("severe_headache") is True and case.get("pain_worsening") is True, case
    assert _triage(text + " Light hurt my eyes.") == "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "Every day the cough brought more and more severe pain in my lower back.",
        "It started as a nagging ache and soon built up into a constant throbbing.",
    ],
)
def test_more_and_more_pain_is_pain_that_keeps_getting_worse(text: str) -> None:
    assert understand(text).case.get("pain_worsening") is True


@pytest.mark.parametrize("text", ["I could no longer stand or sit.", "I had become bedridden."])
def test_no_longer_able_to_stand_is_not_walking(text: str) -> None:
    assert understand(text).case.get("unable_to_walk") is True


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("It's not the mattress but wear and tear on my lower back.", "pain_character"),
        ("Waddling into the living room, I collapsed into my chair with a sigh.", "fainting"),
        ("I straightened up like a collapsing deck chair.", "fainting"),
    ],
)
def test_wear_and_tear_and_sinking_into_a_chair_are_figures_of_speech(
    text: str, field: str
) -> None:
    assert field not in understand(text).case


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I was on the escalator when my back popped.", "pain_worsening"),
        ("I carried her up the stairs and my back went.", "unable_to_walk"),
    ],
)
def test_an_escalator_and_carrying_someone_else_are_not_findings(text: str, field: str) -> None:
    assert field not in understand(text).case


# ---------------------------------------------------------------------------------------------
# The fifth blind set's families (read after its blind score was recorded).

FIFTH = [
    (
        "The pain went into my belly and really screwed up my urination.",
        "bladder_bowel_change",
        True,
    ),
    ("At 2am I woke feeling like I got stabbed in my head.", "thunderclap_headache", True),
    ("My headache was so bad I could not move my neck.", "stiff_neck", True),
    ("He fell about 10 feet flat onto his back.", "trauma", "major"),
    ("I no longer seemed able to use my left hand properly.", "weakness", "progressive"),
    ("A spasm made me fall to the floor, unable to control my legs.", "neuro_sites", ["both_legs"]),
    ("I went white and nearly feinted.", "fainting", True),
]


@pytest.mark.parametrize(("text", "field", "value"), FIFTH)
def test_the_fifth_sets_warning_signs_are_read(text: str, field: str, value: object) -> None:
    assert understand(text).case.get(field) == value


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("My back went and I dropped to the floor.", "neck_artery_symptoms"),
        ("I polished the cutlery and put away my keys.", "hand_clumsiness"),
        ("I was repping deadlifts when my back went.", "pain_character"),
        ("I fell right to sleep and woke with a stiff back.", "trauma"),
        ("I was delirious with pain.", "confusion"),
    ],
)
def test_the_fifth_sets_look_alikes_are_not_findings(text: str, field: str) -> None:
    assert field not in understand(text).case


def test_a_drop_to_the_floor_after_a_neck_crack_is_still_a_drop_attack() -> None:
    case = understand("I cracked my neck and then dropped to the floor.").case
    assert case.get("neck_artery_symptoms") is True, case


@pytest.mark.parametrize(
    "text",
    [
        "My husband had to carry me to the car after I fell.",
        "After I fell, my son carried me home.",
    ],
)
def test_a_relative_carrying_the_writer_is_about_the_writer(text: str) -> None:
    case = understand(text).case
    assert case.get("unable_to_walk") is True and case.get("trauma") == "minor", case
    assert _triage(text) == "urgent"


def test_a_relatives_own_fall_beside_the_writers_back_stays_theirs() -> None:
    case = understand("My brother fell and couldn't get up; my back just aches.").case
    assert "unable_to_walk" not in case and "trauma" not in case, case
