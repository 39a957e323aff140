"""Families of wording that carry what is already known about a back: a problem a doctor or a
scan has found (a disc, a narrowed canal, a broken vertebra, wear in the joints), an operation
that is only planned, and how long pain has lasted when it is told by a year, an age or "a long
time". Each is read the same way however it is told, and beside the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# A problem already found in the spine: with pain of unknown length, worth seeing a doctor.

FOUND = {
    "disc": [
        "I have two herniated discs at L4/L5 and my lower back aches.",
        "The MRI showed a disc bulge at L5 S1 and my back is sore.",
        "I was diagnosed with a prolapsed disc and my back still hurts.",
    ],
    "narrowing": [
        "I have spinal stenosis and my back aches when I walk.",
        "I was told I have a spondylolisthesis and my lower back is sore.",
    ],
    "fracture": [
        "I have had multiple fractures in the middle of my spine and my back aches.",
        "I had a compression fracture in my spine and my back hurts.",
    ],
    "arthritis": [
        "I have arthritis in my neck and it aches.",
        "The x-ray showed spondylosis and my back is sore.",
    ],
    "other": ["I have scoliosis and my back aches."],
}
FOUND_CASES = [(value, text) for value, texts in FOUND.items() for text in texts]


@pytest.mark.parametrize(("text", "name"), _told([text for _, text in FOUND_CASES]))
def test_a_problem_found_in_the_spine_is_read_and_seen_by_a_doctor(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    value = next(v for v, t in FOUND_CASES if t == text)
    assert understand(told).case.get("spine_diagnosis") == value, told
    assert _triage(told) == "see_doctor", told


@pytest.mark.parametrize(
    "text",
    [
        "Could it be a slipped disc? My back hurts.",
        "I'm worried it might be a fracture.",
        "My disc of photos got scratched.",
        "I fractured my wrist last year and my back pops.",
    ],
)
def test_a_guess_a_denial_or_a_look_alike_is_not_a_problem_found(text: str) -> None:
    assert "spine_diagnosis" not in understand(text).case, text


def test_a_problem_denied_is_read_as_none_found() -> None:
    # a denial takes nothing off the check: "none" is only pre-selected, and the question asked
    assert understand("The scan showed no herniated disc.").case["spine_diagnosis"] == "none"
    assert understand("No fractures, but I have a bulging disc.").case["spine_diagnosis"] == "disc"


def test_a_flare_of_a_few_days_is_not_sent_to_a_doctor_for_the_old_problem() -> None:
    # the rule waits for pain that has lasted; a short flare of a known disc is self-care
    assert _triage("My herniated disc flared up 3 days ago and my back is sore.") == "self_care"


def test_a_problem_found_before_with_painless_popping_is_not_sent_to_a_doctor() -> None:
    assert _triage("I have a bulging disc, and my back pops without any pain.") == "self_care"


# ---------------------------------------------------------------------------------------------
# An operation planned, offered or waited for has not happened yet.


@pytest.mark.parametrize(
    "text",
    [
        "I've been told the only surgical option is likely a fusion.",
        "I'm on the waiting list for a discectomy and my back hurts.",
        "The surgeon talked about surgery but we're trying physio first.",
        "I might need an operation on my back.",
    ],
)
def test_a_planned_operation_is_not_a_recent_one(text: str) -> None:
    assert "recent_spinal_procedure" not in understand(text).case, text


@pytest.mark.parametrize(
    "text",
    [
        "I had a discectomy three weeks ago and my back hurts.",
        "I need help, I had a fusion last month and now my back is agony.",
    ],
)
def test_an_operation_that_happened_is_still_a_recent_procedure(text: str) -> None:
    assert understand(text).case.get("recent_spinal_procedure") is True, text


# ---------------------------------------------------------------------------------------------
# How long: by a year, by an age, by "a long time".

LONG_AGO = [
    "I've had back pain since my car accident in 2019.",
    "My back has hurt since I fell off a ladder in 2021.",
    "I am 45 and my back has hurt since I was 19.",
    "My neck has been sore since I was a teenager.",
    "I've suffered with my back for a long time.",
]


@pytest.mark.parametrize(("text", "name"), _told(LONG_AGO))
def test_pain_since_a_year_an_age_or_a_long_time_has_lasted(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    read = understand(told).assessable()
    assert read.get("pain_days", 0) >= 42, told
    assert read.get("pain_score", 0) >= 1, told
    # an old accident is not a recent one, and an age back then is not the age now
    assert read.get("trauma") != "major", told
    assert read.get("age") not in (15, 19), told


def test_a_long_time_without_pain_beside_it_is_not_a_duration() -> None:
    read = understand("I haven't exercised for a long time, and yesterday my back popped.")
    assert read.assessable().get("pain_days") == 1


# ---------------------------------------------------------------------------------------------
# An operation on the spine, told by its level or its name: a procedure and a problem found.


@pytest.mark.parametrize(
    "text",
    [
        "I underwent a lumbar L5-S1 surgery and now the leg pain is back.",
        "I had a microdiscectomy and my back aches again.",
        "Two weeks after my L4/L5 fusion my back is sore.",
    ],
)
def test_an_operation_on_the_spine_is_a_procedure_and_a_problem_found(text: str) -> None:
    case = understand(text).case
    assert case.get("spine_diagnosis") == "other", text
    assert case.get("recent_spinal_procedure") is True, text


# ---------------------------------------------------------------------------------------------
# An accident told with how long ago it was, or named as past, is not a new injury.


@pytest.mark.parametrize(
    "text",
    [
        "I had a car accident three years ago and my neck is stiff when I look up.",
        "I had back surgery 2 years ago and now my back hurts.",
        "The x-ray showed some wear as a result of a past car accident, and my neck aches.",
        "I have an old rugby injury and my back pops.",
    ],
)
def test_an_old_accident_or_operation_is_not_a_new_one(text: str) -> None:
    case = understand(text).assessable()
    assert case.get("trauma") != "major", text
    assert case.get("recent_spinal_procedure") is not True, text
    assert _triage(text) != "emergency", text


@pytest.mark.parametrize(
    "text",
    [
        "I was in a car crash 2 days ago and my neck hurts.",
        "My previous fall was nothing, but today I fell off the roof and my back is agony.",
    ],
)
def test_a_new_accident_beside_an_old_one_is_still_an_emergency(text: str) -> None:
    assert understand(text).case.get("trauma") == "major", text
    assert _triage(text) == "emergency", text


# ---------------------------------------------------------------------------------------------
# Someone close cracking the writer's neck or back: the writer's neck, and a manipulation.

BY_SOMEONE = [
    "My husband cracked my neck last night and now I feel dizzy.",
    "My boyfriend popped my neck yesterday and since then I've been dizzy.",
]


@pytest.mark.parametrize(("text", "name"), _told(BY_SOMEONE))
def test_a_neck_cracked_by_someone_close_is_a_recent_manipulation(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("recent_neck_manipulation") is True, told
    assert "spine_diagnosis" not in case, told  # a cracked neck is the popping, not a fracture
    assert _triage(told) == "emergency", told


def test_a_back_cracked_by_someone_close_is_a_manipulation_of_the_writers_back() -> None:
    case = understand("My husband cracks my back for me most nights.").case
    assert case.get("pop_triggers") == ["manipulation"]
    assert case.get("pop_sound") == "crack"
