"""The SDC adaptive form: ``$next-question`` walks the same interview as the checks."""

from __future__ import annotations

from typing import Any

import pytest

from crepitus.engine.interview import step
from crepitus.interop.fhir.common import QUESTIONNAIRE_URL, FhirInputError
from crepitus.interop.fhir.questionnaire import question_items, questionnaire
from crepitus.interop.fhir.response import case_to_response
from crepitus.interop.fhir.sdc import next_question
from tests.cases import BENIGN

START: dict[str, Any] = {
    "resourceType": "QuestionnaireResponse",
    "questionnaire": QUESTIONNAIRE_URL,
    "status": "in-progress",
}


def answer(response: dict[str, Any], case: dict[str, Any]) -> list[str]:
    """Fill the last (unanswered) screen the way a form would, from ``case``; return its fields
    (those ``case`` does not hold are left without an answer: skipped)."""
    group = response["item"][-1]
    fields = []
    for item in group["item"]:
        fields.append(item["linkId"])
        if item["linkId"] in case:
            filled = case_to_response({item["linkId"]: case[item["linkId"]]})["item"][0]["item"][0]
            item["answer"] = filled["answer"]
    return fields


def test_the_first_call_asks_the_first_screen_of_the_interview() -> None:
    response = next_question(START)
    first = step({})
    assert first.screen is not None
    assert response["status"] == "in-progress"
    group = response["item"][-1]
    assert group["linkId"] == first.screen.id and group["text"] == first.screen.title
    assert [i["linkId"] for i in group["item"]] == [q.field for q in first.questions]
    adaptive = response["contained"][0]
    assert response["questionnaire"] == f"#{adaptive['id']}"
    assert [i["linkId"] for i in question_items(adaptive)] == [q.field for q in first.questions]
    assert adaptive["item"][0]["type"] == "group"


def test_it_accepts_the_response_inside_parameters() -> None:
    body = {
        "resourceType": "Parameters",
        "parameter": [{"name": "questionnaire-response", "resource": START}],
    }
    assert next_question(body)["item"][-1]["linkId"] == step({}).screen.id  # type: ignore[union-attr]


def test_walking_it_asks_what_the_engine_asks_and_ends_completed() -> None:
    response = next_question(START)
    asked: list[str] = []
    answers: dict[str, Any] = {}
    while response["status"] == "in-progress":
        expected = step(answers, [f for f in asked if f not in answers])
        fields = answer(response, BENIGN)
        assert fields == [q.field for q in expected.questions]
        asked.extend(fields)
        answers.update({f: BENIGN[f] for f in fields if f in BENIGN})
        response = next_question(response)
    assert response["status"] == "completed"
    assert response["extension"][0]["valueCoding"]["code"] == "self_care"
    assert len(asked) == len(set(asked))
    links = [group["linkId"] for group in response["item"]]
    assert len(links) == len(set(links))  # a screen that comes back is numbered


def test_an_emergency_answer_completes_the_form_at_once() -> None:
    response = next_question(START)
    case: dict[str, Any] = {
        "age": 58,
        "pop_region": "lumbar",
        "pain_score": 0,
        "saddle_numbness": True,
    }
    while response["status"] == "in-progress":
        fields = answer(response, case)
        response = next_question(response)
        if "saddle_numbness" in fields:
            break
    assert response["status"] == "completed"
    assert response["extension"][0]["valueCoding"]["code"] == "emergency"
    assert "saddle_numbness" in [i["linkId"] for i in response["item"][-1]["item"]]


def test_asked_items_carry_no_skip_logic() -> None:
    group = next_question(START)["contained"][0]["item"][0]
    for item in group["item"]:
        assert "enableWhen" not in item
        assert item["linkId"] in {i["linkId"] for i in question_items(questionnaire())}


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"resourceType": "Parameters", "parameter": []}, "Parameters.parameter"),
        ({**START, "questionnaire": "http://elsewhere/Questionnaire/x"}, "questionnaire"),
        ({**START, "status": "thinking"}, "status"),
        ([1, 2], ""),
    ],
)
def test_bad_input_is_named(body: object, where: str) -> None:
    with pytest.raises(FhirInputError) as caught:
        next_question(body)
    assert where in str(caught.value)
