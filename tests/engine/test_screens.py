"""Screens: related questions asked together, and only the questions whose answer can matter."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings

from crepitus.engine.assess import engine
from crepitus.engine.interview import should_ask, step
from crepitus.engine.relevance import outcome, relevance
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import LEVELS
from tests.conftest import shared_path
from tests.strategies import cases

RANK = {level: i for i, level in enumerate(LEVELS)}
BASICS = {"age": 40, "sex": "male", "pop_region": "lumbar", "pain_score": 3}


def walk(case: Mapping[str, Any]) -> tuple[dict[str, Any], list[str], int]:
    """Answer every screen truthfully from ``case``, skipping what it does not hold."""
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    screens = 0
    while True:
        now = step(answers, skipped)
        if now.done:
            return answers, skipped, screens
        screens += 1
        for question in now.questions:
            if question.field in case:
                answers[question.field] = case[question.field]
            else:
                skipped.append(question.field)


def walk_every_question(case: Mapping[str, Any]) -> dict[str, Any]:
    """The long interview: every question its skip logic asks, one at a time."""
    answers: dict[str, Any] = {}
    skipped: set[str] = set()
    for question in knowledge().questions:
        if engine().assess(answers).triage == "emergency":
            break
        if should_ask(question, answers):
            if question.field in case:
                answers[question.field] = case[question.field]
            else:
                skipped.add(question.field)
    return answers


@cache
def dev_cases() -> list[dict[str, Any]]:
    lines = shared_path("vignettes", "dev.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)["case"] for line in lines if line.strip()]


def test_the_check_opens_with_the_basics_on_one_screen() -> None:
    now = step({})
    assert now.screen is not None and now.screen.id == "basics"
    assert {"age", "pop_region", "pain_score"} <= {q.field for q in now.questions}
    assert {q.screen for q in now.questions} == {"basics"}
    assert now.question is now.questions[0]


def test_warning_signs_of_one_body_area_share_a_screen() -> None:
    answers = {**BASICS, "pain_onset": "gradual", "pain_days": 10}
    skipped = [q.field for q in knowledge().questions if q.screen in ("the_pop", "the_pain")]
    now = step(answers, [f for f in skipped if f not in answers])
    assert now.screen is not None and now.screen.id == "chest"
    assert {"chest_symptoms", "fainting"} <= {q.field for q in now.questions}


def test_a_follow_up_waits_for_the_answer_it_depends_on() -> None:
    before = step({**BASICS, "pain_score": 0})
    assert before.screen is not None and before.screen.id == "the_pop"
    assert "recent_neck_manipulation" not in {q.field for q in before.questions}
    answers = {**BASICS, "pain_score": 0, "self_cracking": "daily"}
    answered = [q.field for q in before.questions if q.field not in answers]
    after = step(answers, answered)
    assert after.screen is not None and after.screen.id == "the_pop"
    assert [q.field for q in after.questions] == ["recent_neck_manipulation"]


def test_a_warning_sign_follow_up_comes_back_when_its_trigger_is_yes() -> None:
    kb = knowledge()
    done = [f for s in ("the_pop", "the_pain", "chest") for f in kb.screens[s].questions]
    answers = {**BASICS, "pain_score": 0, "trauma": "none", "fever": True, "weight_loss": False}
    now = step(answers, [f for f in done if f not in answers])
    assert now.screen is not None and now.screen.id == "head_neck"
    assert {"severe_headache", "stiff_neck", "light_sensitivity_or_rash"} <= {
        q.field for q in now.questions
    }


def test_a_red_flag_is_never_judged_irrelevant() -> None:
    judge = relevance(engine())
    for question in knowledge().questions:
        if question.red_flag or question.required:
            assert judge.matters(question, {"age": 30}, frozenset())


@pytest.mark.parametrize("index", range(33))
def test_a_question_left_out_could_not_have_changed_the_outcome(index: int) -> None:
    case = dev_cases()[index]
    answers, skipped, _ = walk(case)
    result = engine().assess(answers)
    if result.triage == "emergency":
        return
    judge = relevance(engine())
    for question in knowledge().questions:
        if question.field in answers or question.field in skipped:
            continue
        if not should_ask(question, answers):
            continue
        assert not question.red_flag, f"{question.field}: a warning sign was left out"
        for value in judge.trials[question.field] or ():
            changed = engine().assess({**answers, question.field: value})
            assert outcome(changed) == outcome(result), (question.field, value)


@pytest.mark.parametrize("index", range(33))
def test_every_warning_sign_that_applies_is_answered_or_skipped(index: int) -> None:
    answers, skipped, _ = walk(dev_cases()[index])
    result = engine().assess(answers)
    if result.triage == "emergency":  # the check stops there, with what to do now
        return
    assert set(result.unanswered_red_flags) <= set(skipped)


def test_the_dev_cases_take_about_a_dozen_screens() -> None:
    counts = sorted(walk(case)[2] for case in dev_cases())
    assert counts[len(counts) // 2] <= 12 and counts[-1] <= 20


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_short_check_never_advises_less_care_than_the_long_one(case: dict[str, Any]) -> None:
    short = engine().assess(walk(case)[0]).triage
    long = engine().assess(walk_every_question(case)).triage
    assert RANK[short] >= RANK[long]


# ---------------------------------------------------------------------------------------------
# Warning signs first: when a description's words read like ones that needed urgent care, the
# screens that hold a warning-sign question come first. Only the order changes.


def _warns(screen_questions: tuple[str, ...]) -> bool:
    return any(knowledge().by_field[name].red_flag for name in screen_questions)


def test_warnings_first_asks_a_warning_sign_screen_before_the_basics() -> None:
    plain, first = step({}), step({}, warnings_first=True)
    assert plain.screen is not None and not _warns(plain.screen.questions)
    assert first.screen is not None and _warns(first.screen.questions)
    # the progress estimate counts the same screens, in another order
    assert first.screens_left == plain.screens_left


def test_warnings_first_comes_back_to_the_other_screens() -> None:
    answers: dict[str, Any] = {}
    skipped: list[str] = []
    seen: list[str] = []
    while (now := step(answers, skipped, warnings_first=True)).screen is not None:
        seen.append(now.screen.id)
        for question in now.questions:
            if question.field in BASICS:
                answers[question.field] = BASICS[question.field]
            else:
                skipped.append(question.field)
    kinds = [_warns(knowledge().screens[name].questions) for name in seen]
    assert False in kinds and kinds.index(False) > 0 and all(kinds[: kinds.index(False)])
    assert "basics" in seen


@settings(max_examples=60, deadline=None)
@given(cases())
def test_the_order_never_changes_the_result(case: dict[str, Any]) -> None:
    def truthful(first: bool) -> str:
        answers: dict[str, Any] = {}
        skipped: list[str] = []
        while not (now := step(answers, skipped, warnings_first=first)).done:
            for question in now.questions:
                if question.field in case:
                    answers[question.field] = case[question.field]
                else:
                    skipped.append(question.field)
        return engine().assess(answers).triage

    assert truthful(True) == truthful(False)
