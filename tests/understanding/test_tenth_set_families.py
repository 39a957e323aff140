"""Families of wording from the tenth real set: plurals the phrases never list, a "no" tied to
one moment, a regret about what happened, pain in bed, parents writing as "our", a relative's
body told with "'s", a headache made worse, breathing fast, getting worse by the minute, pain
that stops someone getting up, legs that seize up, an arm that can no longer be raised, half
weeks, setbacks, a bike on top of the rider, being dazed, and a past warning sign dated "years
ago". Each is read the same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# A plural the phrases never list reads as its singular.


@pytest.mark.parametrize(
    "text",
    [
        "My 15-year-old son has been complaining of backaches.",
        "I keep getting neckaches at work.",
    ],
)
def test_a_plural_reads_as_its_singular(text: str) -> None:
    understood = understand(text)
    assert {**understood.case, **understood.estimates}.get("pain_score", 0) >= 1, text


# ---------------------------------------------------------------------------------------------
# A denial tied to one moment ("when it happened I had no pain") is offered and asked, never
# taken as a "no" for now; what is affirmed at that moment still counts.

AT_ONE_MOMENT = [
    "When the injury occurred I didn't have any pain, but the next morning my back was stiff.",
    "At first there was no pain, then my lower back went stiff.",
    "It was painless at the time, and now my back is stiff.",
    "Initially I had no pain in my back and it just felt stiff.",
]


@pytest.mark.parametrize(("text", "name"), _told(AT_ONE_MOMENT))
def test_a_denial_tied_to_one_moment_is_not_taken(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    understood = understand(told)
    assert "pain_score" not in understood.case, told
    assert understood.case.get("stiffness") is True, told


def test_a_denial_of_now_is_still_taken() -> None:
    assert understand("I have no pain.").case.get("pain_score") == 0
    assert understand("My back popped, no pain at all.").case.get("pain_score") == 0


def test_a_warning_sign_at_that_moment_still_counts() -> None:
    case = understand("When I fell I couldn't feel my legs.").case
    assert case.get("numbness") is True


def test_a_spine_problem_found_with_no_pain_at_first_is_still_seen() -> None:
    text = "When it happened I had no pain. The scan showed a herniated disc in my lower back."
    assert _triage(text) == "see_doctor"


# ---------------------------------------------------------------------------------------------
# A regret about what happened is not a guess at what might.

REGRET = [
    "Had I paid attention, I might have avoided the three weeks of back pain I'm still enduring.",
    "Some stretching could have prevented the three weeks of back pain I have had.",
]


@pytest.mark.parametrize(("text", "name"), _told(REGRET))
def test_a_regret_about_what_happened_is_read(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("pain_days") == 21, told


def test_a_guess_is_still_a_guess() -> None:
    assert "spine_diagnosis" not in understand("I might have a slipped disc.").case
    assert "pain_days" not in understand("I worry I might get weeks of back pain.").case


# ---------------------------------------------------------------------------------------------
# Pain in bed is pain at night; reading in bed is not.


@pytest.mark.parametrize(
    "text",
    [
        "My back hurts while I lie in bed.",
        "It hurts when I lie down in bed.",
        "When I go to bed my neck aches.",
        "The pain woke me up.",
    ],
)
def test_pain_in_bed_is_pain_at_night(text: str) -> None:
    assert understand(text).case.get("night_pain") is True, text


def test_lying_in_bed_without_pain_is_not_night_pain() -> None:
    assert "night_pain" not in understand("I lie in bed reading and my back pops.").case


# ---------------------------------------------------------------------------------------------
# Parents writing as "our", and a relative's body told with "'s", are proxy reports.


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("Our son, 15, has extreme back pain.", "male"),
        ("My daughter's back hurts.", "female"),
        ("My dad\u2019s neck cracked and he feels dizzy.", "male"),
        ("Our daughter's neck has been stiff for a week.", "female"),
    ],
)
def test_a_parent_or_a_relatives_body_makes_a_proxy_report(text: str, sex: str) -> None:
    understood = understand(text)
    assert understood.case.get("sex") == sex, text
    assert {**understood.case, **understood.estimates}.get("pain_score", 0) >= 1 or (
        understood.case.get("pop_region") or understood.case.get("stiffness")
    ), text


def test_a_third_persons_back_beside_the_writers_own_is_not_a_proxy_report() -> None:
    case = understand("My sister's husband has back pain and my back aches too.").case
    assert "sex" not in case


def test_a_parent_names_a_child_by_age() -> None:
    text = "Our youngest daughter started complaining that her back hurt. Miss 19 went to bed."
    assert understand(text).case.get("age") == 19


def test_extreme_back_pain_is_severe() -> None:
    assert understand("I have extreme back pain.").estimates.get("pain_score") == 8


# ---------------------------------------------------------------------------------------------
# A headache made worse after the neck was cracked.

HEADACHE_WORSE = [
    "I had very aggressive neck adjustments last week and it worsened my migraine.",
    "The chiropractor cracked my neck yesterday and it made my headache much worse.",
]


@pytest.mark.parametrize(("text", "name"), _told(HEADACHE_WORSE))
def test_a_headache_made_worse_after_a_neck_crack_is_an_emergency(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("severe_headache") is True, told
    assert _triage(told) == "emergency", told


def test_a_brothers_headache_made_worse_is_his_emergency() -> None:
    text = "My brother had very aggressive neck adjustments last week and it worsened his migraine."
    assert _triage(text) == "emergency"


def test_a_history_of_migraine_is_not_a_severe_headache() -> None:
    assert "severe_headache" not in understand("I get migraines and my neck cracks.").case


# ---------------------------------------------------------------------------------------------
# Breathing fast, and getting worse by the minute.


def test_hyperventilating_is_a_chest_sign() -> None:
    case = understand("Her back hurt so much she began hyperventilating.").case
    assert case.get("chest_symptoms") is True


@pytest.mark.parametrize(
    "text",
    ["My back pain is going downhill by the minute.", "Her back got worse by the minute."],
)
def test_downhill_by_the_minute_is_getting_worse(text: str) -> None:
    assert understand(text).case.get("pain_worsening") is True, text


# ---------------------------------------------------------------------------------------------
# Pain that stops someone getting up; legs that seize up; an arm that can no longer be raised.

CANNOT_GET_UP = [
    "It was far too painful to walk.",
    "My back was so bad I was unable to roll over or get out of bed.",
    "I couldn't get out of bed this morning because of my back.",
]


@pytest.mark.parametrize(("text", "name"), _told(CANNOT_GET_UP))
def test_pain_that_stops_someone_getting_up(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).case.get("unable_to_walk") is True, told


def test_barely_getting_out_of_bed_is_still_getting_up() -> None:
    assert "unable_to_walk" not in understand("I could barely get out of bed.").case


@pytest.mark.parametrize(
    "text",
    [
        "I woke up and my legs had seized up from my hips down to my ankles.",
        "His legs locked up and he could not move them.",
    ],
)
def test_legs_that_seize_up_are_a_sign_in_both_legs(text: str) -> None:
    case = understand(text).case
    assert "both_legs" in case.get("neuro_sites", []), text
    assert _triage(text) == "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        "Within a few days I had completely lost the ability to raise my left arm.",
        "I can't lift my right arm since the neck pain started.",
    ],
)
def test_an_arm_that_can_no_longer_be_raised_is_weak(text: str) -> None:
    assert understand(text).case.get("weakness") == "progressive", text


# ---------------------------------------------------------------------------------------------
# Half weeks are lengths of time; setbacks are not how long the pain has lasted.


def test_two_and_a_half_weeks_ago_is_a_length_of_time_not_an_age() -> None:
    case = understand("Two and a half weeks ago I woke up with neck pain.").case
    assert case.get("pain_days") == 18
    assert "age" not in case
    assert understand("34 and my back hurts.").case.get("age") == 34


def test_a_setback_is_not_surely_how_long_the_pain_has_lasted() -> None:
    text = "I bent too far, felt my back snap and set myself back a week's progress."
    assert "pain_days" not in understand(text).case
    assert "pain_days" not in understand("Sitting all day regressed me another 2 weeks.").case
    # an estimate: kept where it adds concern, set aside where it would lower it
    long_setback = understand("The fall set me back two months and my back still hurts.")
    assert long_setback.estimates.get("pain_days") == 60
    assert _triage("I have a herniated disc and set myself back a week's progress.") == (
        "see_doctor"
    )


# ---------------------------------------------------------------------------------------------
# A bike on top of the rider, being dazed, a head that cannot move.


def test_a_bike_on_top_of_the_rider_is_a_dangerous_mechanism() -> None:
    text = "I ended up lying on the tarmac on my back, with my bike on top of me."
    assert understand(text).case.get("trauma") == "major"
    assert _triage(text) == "emergency"


def test_dazed_is_confusion() -> None:
    assert understand("After hitting my head I was a bit dazed.").case.get("confusion") is True


def test_a_head_that_cannot_move_is_hard_to_turn() -> None:
    case = understand("I wasn't able to move my head for the next week.").case
    assert case.get("function_limits") == ["turning_head"]


# ---------------------------------------------------------------------------------------------
# A warning sign dated "years ago" is history; the length of time, and what follows it, stay.


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("I had a fever 3 years ago.", "fever"),
        ("I had numbness in my legs a year ago and now my back cracks.", "numbness"),
    ],
)
def test_a_sign_dated_years_ago_is_history(text: str, field: str) -> None:
    understood = understand(text)
    assert field not in understood.case, text
    assert any(m.field == field and m.historical for m in understood.mentions), text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("2 years ago I started getting back pain.", 730),
        ("My back pain started 3 years ago after a car accident.", 1095),
        ("I fell 3 years ago and my back has hurt ever since.", 1095),
    ],
)
def test_the_length_of_time_and_what_follows_it_stay(text: str, days: int) -> None:
    understood = understand(text)
    assert understood.case.get("pain_days") == days, text
    assert understood.estimates.get("pain_score", 0) >= 1, text


def test_a_fever_now_is_still_a_fever() -> None:
    assert understand("I have had a fever for 3 days.").case.get("fever") is True
