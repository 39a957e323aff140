"""The SDC adaptive form: ``$next-question`` walks the same interview as the checks."""

from __future__ import annotations

from typing import Any

import pytest

from crepitus.engine.interview import step
from crepitus.interop.fhir.common import QUESTIONNAIRE_URL, FhirInputError
from crepitus.interop.fhir.questionnaire import questionnaire
from crepitus.interop.fhir.response import case_to_response
from crepitus.interop.fhir.sdc import next_question
from tests.cases import BENIGN

START: dict[str, Any] = {
    "resourceType": "QuestionnaireResponse",
    "questionnaire": QUESTIONNAIRE_URL,
    "status": "in-progress",
}


def answer(response: dict[str, Any], value: Any) -> dict[str, Any]:
    """Fill the last (unanswered) item the way a form would."""
    item = response["item"][-1]
    filled = case_to_response({item["linkId"]: value})["item"][0]
    item["answer"] = filled["answer"]
    return response


def test_the_first_call_asks_the_first_question_of_the_interview() -> None:
    response = next_question(START)
    first = step({}).question
    assert first is not None
    assert response["status"] == "in-progress"
    assert response["item"][-1]["linkId"] == first.field
    adaptive = response["contained"][0]
    assert response["questionnaire"] == f"#{adaptive['id']}"
    assert [i["linkId"] for i in adaptive["item"]] == [first.field]


def test_it_accepts_the_response_inside_parameters() -> None:
    body = {
        "resourceType": "Parameters",
        "parameter": [{"name": "questionnaire-response", "resource": START}],
    }
    assert next_question(body)["item"][-1]["linkId"] == step({}).question.field  # type: ignore[union-attr]


def test_walking_it_asks_what_the_engine_asks_and_ends_completed() -> None:
    response = next_question(START)
    asked: list[str] = []
    answers: dict[str, Any] = {}
    while response["status"] == "in-progress":
        field = response["item"][-1]["linkId"]
        asked.append(field)
        expected = step(answers, [f for f in asked[:-1] if f not in answers]).question
        assert expected is not None and expected.field == field
        if field in BENIGN:
            answers[field] = BENIGN[field]
            response = next_question(answer(response, BENIGN[field]))
        else:  # skipped: left without an answer
            response = next_question(response)
    assert response["status"] == "completed"
    assert response["extension"][0]["valueCoding"]["code"] == "self_care"
    assert len(asked) == len(set(asked))


def test_an_emergency_answer_completes_the_form_at_once() -> None:
    response = next_question(START)
    answers: dict[str, Any] = {"age": 58, "pop_region": "lumbar", "saddle_numbness": True}
    while response["status"] == "in-progress":
        field = response["item"][-1]["linkId"]
        response = (
            next_question(answer(response, answers[field]))
            if field in answers
            else next_question(response)
        )
        if field == "saddle_numbness":
            break
    assert response["status"] == "completed"
    assert response["extension"][0]["valueCoding"]["code"] == "emergency"
    assert response["item"][-1]["linkId"] == "saddle_numbness"


def test_asked_items_carry_no_skip_logic() -> None:
    item = next_question(START)["contained"][0]["item"][0]
    assert "enableWhen" not in item
    assert item["linkId"] in {i["linkId"] for i in questionnaire()["item"]}


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
