"""Families of wording from the ninth real set: getting about by crawling or being carried out,
going down in pain "in a heap", on hands and knees, a trip that is a journey, and an accident
told with how many years ago it was. Each is read the same way however it is told, and beside
the look-alikes that must not be.
"""

from __future__ import annotations

import pytest

from crepitus import understand
from tests.understanding.test_real_word_families import HOW_TOLD, _told, _triage

# ---------------------------------------------------------------------------------------------
# Crawling to get about, or carried out by others: unable to walk, not a crawling feeling.

CRAWLING = [
    "After the fall my back got so bad that I had to crawl to the toilet.",
    "I could no longer crawl, so the paramedics came to carry me out of the house.",
]


@pytest.mark.parametrize(("text", "name"), _told(CRAWLING))
def test_crawling_to_get_about_after_a_fall_is_not_walking(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    case = understand(told).case
    assert case.get("unable_to_walk") is True, told
    assert "tingling" not in case, told


def test_a_crawling_feeling_in_the_skin_is_still_tingling() -> None:
    case = understand("I have a crawling feeling down my left leg.").case
    assert case.get("tingling") is True
    assert "unable_to_walk" not in case


def test_a_fall_and_then_crawling_to_the_toilet_is_seen_today() -> None:
    assert _triage("I fell on Saturday and by Friday I had to crawl to the toilet.") == "urgent"


# ---------------------------------------------------------------------------------------------
# Going down in pain, told as a heap or a puddle, is not fainting; on hands and knees is not a
# fall nor both hands.


@pytest.mark.parametrize(
    "text",
    [
        "I bent down, felt a twinge in my lower back, and collapsed in a puddle on the floor.",
        "My back went and I crumpled in a heap.",
    ],
)
def test_going_down_in_a_heap_from_the_pain_is_not_fainting(text: str) -> None:
    assert "fainting" not in understand(text).case, text


@pytest.mark.parametrize(
    "text",
    ["I collapsed at work and woke up on the floor.", "He collapsed and was unconscious."],
)
def test_a_collapse_without_the_pain_likeness_is_still_fainting(text: str) -> None:
    assert understand(text).case.get("fainting") is True, text


def test_on_hands_and_knees_is_not_a_fall_nor_both_hands() -> None:
    case = understand("My back spasmed and I had to drop to my hands and knees.").case
    assert "trauma" not in case
    assert "both_hands" not in case.get("neuro_sites", [])


# ---------------------------------------------------------------------------------------------
# A trip away is a journey.


def test_a_trip_away_is_not_a_stumble() -> None:
    assert "trauma" not in understand("The pain stopped me going on a catch-up trip.").case
    assert understand("I had a trip and fall on the kerb.").case.get("trauma") == "minor"


# ---------------------------------------------------------------------------------------------
# An accident told with how many years ago it was, first or last, is the pain since.

YEARS_AGO = [
    "About three years ago I was in an accident, and now I get pins and needles in my back.",
    "I have long term whiplash and my neck tingles when I lie down.",
]


@pytest.mark.parametrize(("text", "name"), _told(YEARS_AGO))
def test_an_accident_years_ago_is_not_a_new_one(text: str, name: str) -> None:
    told = HOW_TOLD[name](text)
    assert understand(told).assessable().get("trauma") != "major", told
    assert _triage(told) != "emergency", told


# ---------------------------------------------------------------------------------------------
# The look-alikes above never set aside what would raise concern.


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("I slipped on the ice and fell onto my hands and knees.", "trauma", "minor"),
        ("My mum, 82, had a fall on the stairs; her previous fall was in May.", "trauma", "minor"),
        ("He is walking like a drunk old man since yesterday.", "gait_unsteady", True),
        (
            "Two months ago I had an operation on my back and now I have a fever.",
            "recent_spinal_procedure",
            True,
        ),
    ],
)
def test_a_look_alike_never_sets_aside_a_finding(text: str, field: str, value: object) -> None:
    assert understand(text).case.get(field) == value, text


@pytest.mark.parametrize(
    "text",
    [
        "I had a stress fracture in my foot last year and my back aches.",
        "My back went yesterday, I think it's a slipped disc.",
    ],
)
def test_a_fracture_elsewhere_or_a_guessed_disc_is_no_spine_problem_found(text: str) -> None:
    assert "spine_diagnosis" not in understand(text).case, text


# ---------------------------------------------------------------------------------------------
# A year is history, or a length of time, only when it is before this one: "in 2026", said in
# 2026, may be last week.


def test_an_accident_this_year_is_not_history(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREPITUS_TODAY", "2026-12-07")
    for text in (
        "I fell off a ladder in 2026 and my back hurts.",
        "My back has hurt since I fell off the ladder in 2026.",
    ):
        assert understand(text).case.get("trauma") == "major", text
        assert _triage(text) == "emergency", text
    assert "trauma" not in understand("I fell off a ladder in 2019 and my back hurts.").case
    # last year's number in the first weeks of a new year may still be weeks ago
    monkeypatch.setenv("CREPITUS_TODAY", "2027-01-10")
    assert understand("I fell off a ladder in 2026 and my back hurts.").case["trauma"] == "major"
    monkeypatch.setenv("CREPITUS_TODAY", "2027-03-15")
    assert "trauma" not in understand("I fell off a ladder in 2026 and my back hurts.").case
