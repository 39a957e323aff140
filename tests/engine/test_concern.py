"""Words may add concern, never remove it: a check that takes answers from a description never
advises less care than the same check answered truthfully without one."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from crepitus.contract.case import validate_case
from crepitus.engine.assess import engine
from crepitus.engine.concern import settle, takes, text_alone
from crepitus.engine.interview import run_through, step
from crepitus.knowledge.model import LEVELS
from tests.strategies import cases


def run_check(start: dict[str, Any], truth: dict[str, Any]) -> str:
    """The interview from ``start``, each question answered from ``truth`` or skipped."""
    return run_through(start, lambda question: truth.get(question.field)).triage


@settings(max_examples=300, deadline=None)
@given(truth=cases(), reading=cases())
def test_answers_taken_from_any_reading_never_lower_the_checks_triage(
    truth: dict[str, Any], reading: dict[str, Any]
) -> None:
    taken, _ = settle(reading, {})
    without = run_check({}, truth)
    with_words = run_check(taken, truth)
    assert LEVELS.index(with_words) >= LEVELS.index(without), (taken, without, with_words)


def test_warning_signs_said_are_taken_at_once() -> None:
    for field in ("saddle_numbness", "bladder_bowel_change", "stroke_signs", "fever"):
        assert takes(field, True)
    assert takes("trauma", "major")
    assert takes("weakness", "progressive")


def test_denials_lower_grades_no_pain_and_ages_are_asked() -> None:
    for field in ("saddle_numbness", "bladder_bowel_change", "stroke_signs", "fever"):
        assert not takes(field, False)
    assert not takes("trauma", "minor")
    assert not takes("trauma", "none")
    assert not takes("weakness", "stable")
    assert not takes("pain_score", 0)
    assert not takes("pain_onset", "none")
    assert not takes("age", 45)
    assert not takes("pain_radiation", ["buttock"])


def test_answers_that_cannot_change_the_triage_are_taken() -> None:
    assert takes("sex", "female")
    assert takes("desk_hours", 8)
    assert takes("slouched_posture", False)


def test_settle_moves_what_could_lower_concern_to_the_preselected() -> None:
    taken, preselected = settle(
        {"saddle_numbness": False, "fever": True, "age": 70}, {"pain_score": 2}
    )
    assert taken == {"fever": True}
    assert preselected == {"pain_score": 2, "saddle_numbness": False, "age": 70}


def test_an_emergency_said_in_words_ends_the_check_at_once() -> None:
    taken, _ = settle({"age": 40, "saddle_numbness": True}, {})
    now = step(taken, [])
    assert now.emergency


FRAGMENTS = (
    "I'm 72.",
    "my dad is 80 and",
    "no numbness between my legs,",
    "I can't feel the toilet paper.",
    "no fever.",
    "I had a fever yesterday.",
    "my neck cracks when I turn",
    "my lower back pops when I bend",
    "it doesn't hurt at all.",
    "it's agony, 9 out of 10.",
    "I slipped on the stairs",
    "I fell off a ladder",
    "no pain, numbness or weakness in my legs",
    "my legs feel weak and it's getting worse",
    "I've had cancer.",
    "no history of cancer.",
    "for two months",
    "since this morning",
    "the worst headache of my life",
    "I feel a bit dizzy",
)


@settings(max_examples=80, deadline=None)
@given(
    words=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6),
    truth=cases(),
)
def test_for_any_description_and_any_answers_the_check_never_advises_less_care(
    words: list[str], truth: dict[str, Any]
) -> None:
    from crepitus.understanding import understand
    from crepitus.understanding.describe import prefill

    taken, _ = settle(*prefill(understand(" ".join(words))))
    without = run_check({}, truth)
    with_words = run_check(taken, truth)
    assert LEVELS.index(with_words) >= LEVELS.index(without), (words, taken)


def test_a_rule_that_holds_while_another_answer_is_unknown_guarantees_nothing() -> None:
    from crepitus.engine.concern import _guaranteed_level

    # feeling faint is an emergency while the pain's start is unknown, but only urgent for sure
    assert _guaranteed_level("fainting", True) == LEVELS.index("urgent")
    assert _guaranteed_level("saddle_numbness", True) == LEVELS.index("emergency")


def _level(case: dict[str, Any]) -> int:
    return LEVELS.index(engine().assess(validate_case(case, complete=False)).triage)


def test_a_guessed_mild_score_does_not_hide_severe_pain_from_a_words_only_result() -> None:
    # "I inject, and my neck is sore": some pain, score not known, so the rule for severe or
    # unscored pain with an infection risk must still fire
    stated = {"iv_drug_use": True, "pop_region": "cervical", "pain_onset": "sudden"}
    case = text_alone(stated, {"pain_score": 1})
    assert "pain_score" not in case
    assert engine().assess(validate_case(case, complete=False)).triage == "urgent"


def test_an_estimate_that_adds_concern_is_kept() -> None:
    case = text_alone({"pallor_sweating": True, "pain_onset": "sudden"}, {"pain_score": 8})
    assert case["pain_score"] == 8


def test_estimates_that_lower_concern_only_together_stay_out_together() -> None:
    # "a disc problem found; when it happened I had no pain": no score and no days of pain,
    # each harmless alone, together would silence the rule for a spine problem already found
    stated = {"spine_diagnosis": "disc"}
    case = text_alone(stated, {"pain_score": 0, "pain_days": 0})
    assert "pain_score" not in case or "pain_days" not in case
    assert _level(case) == LEVELS.index("see_doctor")
    assert _level({**stated, "pain_score": 0, "pain_days": 0}) == LEVELS.index("self_care")


@settings(max_examples=200, deadline=None)
@given(stated=cases(), estimates=cases())
def test_a_words_only_case_is_never_below_stated_plus_estimates(
    stated: dict[str, Any], estimates: dict[str, Any]
) -> None:
    case = text_alone(stated, estimates)
    assert {k: v for k, v in case.items() if k in stated} == stated
    assert _level(case) >= _level({**estimates, **stated})
