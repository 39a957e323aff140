"""The adaptive interview: skip logic, warning-sign screening and the emergency stop."""

from __future__ import annotations

from typing import Any

import pytest

from crepitus.engine.interview import check_answer, next_question, parse_answer, should_ask, step
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge


def asked_fields(answer: dict[str, Any]) -> list[str]:
    """Walk the interview, answering from ``answer`` (skipping what it does not hold)."""
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    asked: list[str] = []
    while True:
        now = step(answers, skipped)
        if now.question is None:
            return asked
        field = now.question.field
        asked.append(field)
        if field in answer:
            answers[field] = answer[field]
        else:
            skipped.append(field)


def test_age_comes_first() -> None:
    question = next_question({})
    assert question is not None and question.field == "age"


def test_no_pain_means_no_questions_about_the_pain() -> None:
    asked = asked_fields(
        {
            "age": 30,
            "pain_score": 0,
            "pop_painful": False,
            "trauma": "none",
            "fever": False,
            "tingling": False,
            "numbness": False,
            "weakness": "none",
        }
    )
    for field in (
        "pain_radiation",
        "pain_character",
        "pain_days",
        "osteoporosis",
        "anticoagulants",
    ):
        assert field not in asked
    assert "pain_score" in asked


def test_pain_brings_the_pain_questions() -> None:
    asked = asked_fields({"age": 30, "pain_score": 5})
    assert {"pain_radiation", "pain_character", "pain_days", "osteoporosis"} <= set(asked)


def test_the_core_warning_signs_are_always_asked() -> None:
    asked = set(asked_fields({"age": 30, "pain_score": 0}))
    always = {q.field for q in knowledge().questions if q.red_flag and q.ask_when is None}
    assert always <= asked
    assert {
        "saddle_numbness",
        "bladder_bowel_change",
        "chest_symptoms",
        "neck_artery_symptoms",
    } <= always


def test_an_unknown_answer_to_a_condition_still_asks_a_warning_sign() -> None:
    question = knowledge().question("severe_headache")
    assert should_ask(question, {"age": 30})  # region and fever unknown: ask to be safe
    assert not should_ask(question, {"age": 30, "pop_region": "lumbar", "fever": False})


def test_an_emergency_answer_stops_the_interview_at_once() -> None:
    now = step({"age": 50, "pop_region": "lumbar", "saddle_numbness": True})
    assert now.emergency and now.done
    assert now.assessment is not None and now.assessment.triage == "emergency"


def test_the_interview_ends_with_an_assessment() -> None:
    answers = {"age": 30}
    skipped = [q.field for q in knowledge().questions if q.field != "age"]
    now = step(answers, skipped)
    assert now.done and not now.emergency
    assert now.assessment is not None and now.assessment.triage == "self_care"


def test_progress_counts_answered_questions_and_remaining_screens() -> None:
    first = step({})
    later = step({"age": 30, "sex": "female", "pop_region": "lumbar", "pain_score": 3})
    assert first.answered == 0 and 6 <= first.screens_left <= 12
    assert first.remaining > first.screens_left
    assert later.answered == 4 and later.screens_left == first.screens_left - 1


def test_answers_that_do_not_fit_are_refused() -> None:
    with pytest.raises(InterviewError, match="pain_score"):
        step({"age": 30, "pain_score": 12})
    with pytest.raises(InterviewError, match="not a question"):
        step({"age": 30, "mood": "fine"})


@pytest.mark.parametrize(
    ("field", "typed", "value"),
    [
        ("fever", "y", True),
        ("fever", "No", False),
        ("fever", "1", True),
        ("fever", "2", False),
        ("pop_region", "3", "lumbar"),
        ("pop_region", "cervical", "cervical"),
        ("pop_triggers", "1, 3", ["bending", "stretching"]),
        ("pop_triggers", "none", []),
        ("age", " 42 ", 42),
        ("fever", "skip", None),
    ],
)
def test_typed_answers_are_understood(field: str, typed: str, value: Any) -> None:
    assert parse_answer(knowledge().question(field), typed) == value


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("age", "skip", "needed for every check"),
        ("pain_score", "skip", "needed for every check"),
        ("age", "200", "from 0 to 120"),
        ("pop_region", "9", "1 to 3"),
        ("fever", "maybe", "yes or no"),
        ("pop_triggers", "1, 99", "separated by commas"),
    ],
)
def test_typed_answers_that_do_not_fit_say_what_is_expected(
    field: str, typed: str, message: str
) -> None:
    with pytest.raises(InterviewError, match=message):
        parse_answer(knowledge().question(field), typed)


def test_a_warning_sign_depending_on_an_unanswered_one_is_still_asked() -> None:
    # weakness was left unanswered, so blood thinners may matter: ask
    asked = asked_fields(
        {"age": 30, "pain_score": 0, "pop_painful": False, "fever": False, "tingling": False}
    )
    assert "anticoagulants" in asked


def test_a_question_that_does_not_apply_does_not_pull_in_its_dependants() -> None:
    # no neck problem and no fever: the headache question does not apply, nor the rash one
    asked = asked_fields({"age": 30, "pop_region": "lumbar", "fever": False})
    assert "severe_headache" not in asked
    assert "light_sensitivity_or_rash" not in asked


def test_a_list_answer_holding_anything_but_codes_is_refused_not_a_crash() -> None:
    question = knowledge().question("neuro_sites")
    with pytest.raises(InterviewError, match="neuro_sites"):
        check_answer(question, [{}])
