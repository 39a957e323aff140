"""The interview as a FHIR Questionnaire: one item per question, and enableWhen that asks what
the engine asks."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhirpathpy import compile as compile_path
from fhirpathpy.models import models
from hypothesis import given, settings
from hypothesis import strategies as st

from crepitus.contract.fields import case_fields
from crepitus.engine.assess import engine
from crepitus.errors import KnowledgeError
from crepitus.interop.fhir.common import (
    CODE_SYSTEM,
    LOINC,
    PAIN_LOINC,
    QUESTIONNAIRE_URL,
    emit,
    read,
)
from crepitus.interop.fhir.questionnaire import (
    ENABLE_WHEN_EXPRESSION,
    MAX_VALUE,
    MIN_VALUE,
    NONE_CODE,
    OPTION_EXCLUSIVE,
    build,
    enabled,
    question_items,
    questionnaire,
    skip_logic,
)
from crepitus.interop.fhir.response import case_to_response
from crepitus.knowledge import expr as ex
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import Knowledge, Option
from tests.strategies import cases

KB = knowledge()


def item(field: str) -> dict[str, Any]:
    return next(i for i in question_items(questionnaire()) if i["linkId"] == field)


def answer_sets() -> st.SearchStrategy[dict[str, Any]]:
    """Partial answers: any generated case with any of its fields left out (even all)."""
    return cases().flatmap(
        lambda case: st.sets(st.sampled_from(sorted(case))).map(
            lambda kept: {name: case[name] for name in kept}
        )
    )


def with_question(field: str, **changes: Any) -> Knowledge:
    """The knowledge base with one question changed."""
    changed = replace(KB.question(field), **changes)
    questions = tuple(changed if q.field == field else q for q in KB.questions)
    return replace(KB, questions=questions, by_field={q.field: q for q in questions})


def condition(raw: dict[str, Any]) -> ex.Expr:
    return ex.parse(raw, case_fields(), "test")


# --- the resource


def test_the_questionnaire_is_valid_fhir_r4b() -> None:
    body = questionnaire()
    Questionnaire.model_validate(body)
    assert read("Questionnaire", body) is body
    assert emit(body) is body


def test_it_is_our_canonical_questionnaire_at_the_knowledge_version() -> None:
    body = questionnaire()
    assert body["id"] == "back-popping"
    assert body["url"] == QUESTIONNAIRE_URL
    assert body["version"] == KB.version
    assert body["status"] == "active"
    assert body["subjectType"] == ["Patient"]
    assert body["name"] and body["title"]


def test_there_is_one_item_per_interview_question_in_interview_order() -> None:
    items = question_items(questionnaire())
    assert [i["linkId"] for i in items] == [q.field for q in KB.questions]
    assert [i["text"] for i in items] == [q.text for q in KB.questions]


def test_each_screen_is_a_group_of_its_questions() -> None:
    groups = questionnaire()["item"]
    assert [g["linkId"] for g in groups] == list(KB.screens)
    for group in groups:
        screen = KB.screens[group["linkId"]]
        assert group["type"] == "group" and group["text"] == screen.title
        assert [i["linkId"] for i in group["item"]] == list(screen.questions)


def test_item_types_follow_the_question_kinds() -> None:
    expected = {"boolean": "boolean", "integer": "integer", "choice": "choice", "multi": "choice"}
    for question in KB.questions:
        got = item(question.field)
        assert got["type"] == expected[question.kind], question.field
        assert got.get("repeats", False) is (question.kind == "multi"), question.field


def test_required_questions_are_required_and_no_others() -> None:
    required = [i["linkId"] for i in question_items(questionnaire()) if i.get("required")]
    assert required == [q.field for q in KB.questions if q.required]
    assert {"age", "pain_score"} <= set(required)


def test_choice_options_are_codings_of_the_contract_values() -> None:
    for question in KB.questions:
        if question.kind != "choice":
            assert question.kind == "multi" or "answerOption" not in item(question.field)
            continue
        codings = [  # the translations of each display are tested in test_translations.py
            {key: value for key, value in o["valueCoding"].items() if key != "_display"}
            for o in item(question.field)["answerOption"]
        ]
        assert codings == [
            {"system": f"{CODE_SYSTEM}/{question.field}", "code": o.value, "display": o.label}
            for o in question.options
        ]
        assert {o.value for o in question.options} == set(case_fields()[question.field].values)


def test_multi_questions_offer_an_exclusive_none_of_these_option() -> None:
    for question in (q for q in KB.questions if q.kind == "multi"):
        *options, none = item(question.field)["answerOption"]
        assert [o["valueCoding"]["code"] for o in options] == [o.value for o in question.options]
        assert none["valueCoding"]["code"] == NONE_CODE
        assert none["valueCoding"]["system"] == f"{CODE_SYSTEM}/{question.field}"
        assert none["extension"] == [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}]


def test_the_pain_score_carries_its_loinc_code() -> None:
    assert item("pain_score")["code"] == [
        {
            "system": LOINC,
            "code": PAIN_LOINC,
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ]
    assert all(
        "code" not in i for i in question_items(questionnaire()) if i["linkId"] != "pain_score"
    )


def test_integer_limits_are_min_and_max_value_extensions() -> None:
    assert item("pain_score")["extension"] == [
        {"url": MIN_VALUE, "valueInteger": 0},
        {"url": MAX_VALUE, "valueInteger": 10},
    ]
    assert item("pain_days")["extension"] == [
        {"url": MIN_VALUE, "valueInteger": 0},
        {"url": MAX_VALUE, "valueInteger": 36500},
    ]
    for found in question_items(questionnaire()):
        if found["type"] != "integer":
            urls = {e["url"] for e in found.get("extension", [])}
            assert urls <= {ENABLE_WHEN_EXPRESSION}, found["linkId"]


def test_help_text_is_a_help_display_item_inside_its_question() -> None:
    for question in KB.questions:
        children = item(question.field).get("item", [])
        if not question.help:
            assert children == [], question.field
            continue
        (help_item,) = children
        assert help_item["linkId"] == f"{question.field}.help"
        assert help_item["type"] == "display"
        assert help_item["text"] == question.help


# --- skip logic


def test_a_question_without_skip_logic_is_always_enabled() -> None:
    assert "enableWhen" not in item("age")
    assert "enableWhen" not in item("fever")
    assert enabled(item("fever"), {})


def test_a_plain_question_is_enabled_only_when_its_condition_is_true() -> None:
    pain_character = item("pain_character")
    assert pain_character["enableWhen"] == [
        {"question": "pain_score", "operator": ">=", "answerInteger": 1}
    ]
    assert "enableBehavior" not in pain_character
    assert not enabled(pain_character, {})
    assert not enabled(pain_character, {"pain_score": 0})
    assert enabled(pain_character, {"pain_score": 1})


def test_in_becomes_several_codings_of_which_any_enables() -> None:
    reflex = item("reflex_change")
    assert reflex["enableBehavior"] == "any"
    weakness = [c for c in reflex["enableWhen"] if c["question"] == "weakness"]
    assert weakness == [
        {
            "question": "weakness",
            "operator": "=",
            "answerCoding": {"system": f"{CODE_SYSTEM}/weakness", "code": code},
        }
        for code in ("stable", "progressive")
    ]
    assert enabled(reflex, {"weakness": "progressive"})
    assert not enabled(reflex, {"weakness": "none", "tingling": False, "numbness": False})


def test_a_warning_sign_question_is_enabled_while_its_condition_is_unanswered() -> None:
    osteoporosis = item("osteoporosis")
    assert osteoporosis["enableBehavior"] == "any"
    assert {"question": "pain_score", "operator": "exists", "answerBoolean": False} in (
        osteoporosis["enableWhen"]
    )
    assert enabled(osteoporosis, {})
    assert enabled(osteoporosis, {"pain_score": 0, "pop_painful": False})  # trauma unknown
    assert not enabled(osteoporosis, {"pain_score": 0, "pop_painful": False, "trauma": "none"})


@settings(max_examples=300)
@given(answer_sets())
def test_enable_when_asks_exactly_what_the_engine_asks(answers: dict[str, Any]) -> None:
    for question in KB.questions:
        asked = engine().is_asked(question.field, answers)
        assert enabled(item(question.field), answers) is asked, (question.field, answers)


def test_the_empty_answer_set_enables_what_the_engine_asks_first() -> None:
    for question in KB.questions:
        assert enabled(item(question.field), {}) is engine().is_asked(question.field, {})


def test_only_warning_signs_resting_on_a_question_with_skip_logic_need_an_expression() -> None:
    order = {q.field: i for i, q in enumerate(KB.questions)}

    def rests_on_skip_logic(field: str) -> bool:
        question = KB.question(field)
        if not question.red_flag or question.ask_when is None:
            return False
        read = ex.fields_of(question.ask_when, KB.finding_expr)
        return any(KB.question(f).ask_when is not None and order[f] < order[field] for f in read)

    inexact = {q.field for q in KB.questions if not skip_logic(q.field).exact}
    assert inexact == {q.field for q in KB.questions if rests_on_skip_logic(q.field)}
    for field in inexact:
        assert "enableWhen" not in item(field)
        assert expression_of(item(field))


@cache
def compiled(expression: str) -> Any:
    """A FHIRPath expression parsed once (parsing is most of evaluating one)."""
    return compile_path(expression, models["r4"])


def expression_of(found: dict[str, Any]) -> str:
    return next(
        str(e["valueExpression"]["expression"])
        for e in found.get("extension", [])
        if e["url"] == ENABLE_WHEN_EXPRESSION
    )


@settings(max_examples=150, deadline=None)
@given(answer_sets())
def test_the_fhirpath_expression_asks_exactly_what_the_engine_asks(
    answers: dict[str, Any],
) -> None:
    # evaluated by a FHIRPath engine on the QuestionnaireResponse holding the answers
    response = case_to_response(answers) if answers else {"resourceType": "QuestionnaireResponse"}
    for question in KB.questions:
        if skip_logic(question.field).exact:
            continue
        result = compiled(expression_of(item(question.field)))(response, {"resource": response})
        assert result == [engine().is_asked(question.field, answers)], (question.field, answers)


def test_a_warning_sign_the_engine_counts_as_answered_no_is_not_asked() -> None:
    # the headache was asked and denied: the engine has no reason left to ask about a rash
    neck = {"pop_region": "cervical", "fever": False, "severe_headache": False}
    assert not engine().is_asked("light_sensitivity_or_rash", neck)
    assert not enabled(item("light_sensitivity_or_rash"), neck)
    # skipped while it applied: both ask
    cracker = {"pop_region": "lumbar", "fever": False, "self_cracking": "daily"}
    assert engine().is_asked("severe_headache", cracker)
    assert enabled(item("severe_headache"), cracker)


# --- evaluating enableWhen


def test_exists_tests_for_an_answer_and_an_empty_list_is_one() -> None:
    unanswered = {
        "enableWhen": [{"question": "pop_triggers", "operator": "exists", "answerBoolean": False}]
    }
    assert enabled(unanswered, {})
    assert not enabled(unanswered, {"pop_triggers": []})
    assert not enabled(unanswered, {"pop_triggers": ["bending"]})


def test_equals_on_a_repeating_question_holds_when_any_answer_matches() -> None:
    def equals(code: str) -> dict[str, Any]:
        wanted = {"system": f"{CODE_SYSTEM}/pop_triggers", "code": code}
        return {
            "enableWhen": [{"question": "pop_triggers", "operator": "=", "answerCoding": wanted}]
        }

    assert enabled(equals("lifting"), {"pop_triggers": ["bending", "lifting"]})
    assert not enabled(equals("lifting"), {"pop_triggers": ["bending"]})
    assert enabled(equals(NONE_CODE), {"pop_triggers": []})
    assert not enabled(equals("lifting"), {})


def test_all_needs_every_condition_and_any_needs_one() -> None:
    conditions = [
        {"question": "pain_score", "operator": ">", "answerInteger": 3},
        {"question": "fever", "operator": "=", "answerBoolean": True},
    ]
    answers = {"pain_score": 5, "fever": False}
    assert not enabled({"enableWhen": conditions, "enableBehavior": "all"}, answers)
    assert enabled({"enableWhen": conditions, "enableBehavior": "any"}, answers)
    assert enabled({"enableWhen": conditions, "enableBehavior": "all"}, {**answers, "fever": True})


# --- knowledge that enableWhen cannot carry


@pytest.mark.parametrize(
    "raw",
    [
        {
            "all": [
                {"any": [{"field": "stiffness", "is": True}, {"field": "fever", "is": True}]},
                {
                    "any": [
                        {"field": "pain_score", "at_least": 1},
                        {"field": "swelling", "is": True},
                    ]
                },
            ]
        },
        {
            "count": 2,
            "of": [
                {"field": "stiffness", "is": True},
                {"field": "fever", "is": True},
                {"field": "swelling", "is": True},
            ],
        },
        {
            "any": [
                {"field": "pain_score", "at_least": 3, "at_most": 7},
                {"field": "fever", "is": True},
            ]
        },
        {
            "all": [
                {"field": "stiffness", "is": True},
                {"field": "pop_region", "in": ["cervical", "lumbar"]},
            ]
        },
    ],
    ids=["all-of-anys", "two-of-three", "two-sided-range-in-any", "in-inside-all"],
)
def test_skip_logic_enable_when_cannot_express_is_refused_by_name(raw: dict[str, Any]) -> None:
    kb = with_question("night_pain", ask_when=condition(raw))
    with pytest.raises(KnowledgeError, match="night_pain"):
        build(kb)


def test_a_flat_all_is_written_with_enable_behavior_all() -> None:
    raw = {"all": [{"field": "stiffness", "is": True}, {"field": "pain_score", "at_least": 1}]}
    kb = with_question("night_pain", ask_when=condition(raw))
    logic = skip_logic("night_pain", kb)
    assert logic.behavior == "all" and logic.exact and len(logic.conditions) == 2
    night_pain = next(i for i in question_items(build(kb)) if i["linkId"] == "night_pain")
    assert night_pain["enableBehavior"] == "all"


def test_a_multi_option_called_none_is_refused_by_name() -> None:
    triggers = KB.question("pop_triggers")
    kb = with_question("pop_triggers", options=(*triggers.options, Option(NONE_CODE, "Nothing")))
    with pytest.raises(KnowledgeError, match="pop_triggers"):
        build(kb)
