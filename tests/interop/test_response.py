"""A case as a QuestionnaireResponse and back: exact both ways, and strict about what it reads."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings

from crepitus.contract.case import validate_case
from crepitus.errors import CaseError, InterviewError
from crepitus.interop.fhir.common import CODE_SYSTEM, QUESTIONNAIRE_URL, FhirInputError
from crepitus.interop.fhir.questionnaire import NONE_CODE
from crepitus.interop.fhir.response import case_to_response, response_to_case
from crepitus.knowledge import knowledge
from tests.cases import STRAIN
from tests.conftest import SHARED
from tests.strategies import cases

KB = knowledge()
ITEM = "QuestionnaireResponse.item"


def vignettes() -> list[Any]:
    path = SHARED / "vignettes" / "dev.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    rows = [json.loads(line) for line in lines if line.strip()]
    return [pytest.param(row["case"], id=row["id"]) for row in rows]


def place(response: dict[str, Any], field: str) -> str:
    """Where a field's item is, inside its screen's group."""
    for g, group in enumerate(response["item"]):
        for i, item in enumerate(group.get("item", [])):
            if item["linkId"] == field:
                return f"QuestionnaireResponse.item[{g}].item[{i}]"
    raise AssertionError(f"{field} is not in the response")


def item_of(response: dict[str, Any], field: str) -> dict[str, Any]:
    """A field's item, inside its screen's group."""
    for group in response["item"]:
        for item in group.get("item", []):
            if item["linkId"] == field:
                found: dict[str, Any] = item
                return found
    raise AssertionError(f"{field} is not in the response")


# --- round trip


@pytest.mark.parametrize("case", vignettes())
def test_every_dev_vignette_survives_the_round_trip(case: dict[str, Any]) -> None:
    assert response_to_case(case_to_response(case)) == case


# no deadline: a correctness property, and a shared 2-core machine under load once took 360 ms
@settings(max_examples=200, deadline=None)
@given(cases())
def test_any_case_survives_the_round_trip(case: dict[str, Any]) -> None:
    # a response holds a check's answers: a field no question asks (read only from a
    # description's words, meta.toml read_from_words) is never among them
    case = {name: value for name, value in case.items() if name in KB.by_field}
    back = response_to_case(case_to_response(case))
    assert back == case
    assert validate_case(back, complete=False) is back


def test_none_of_these_is_the_exclusive_none_answer_not_a_missing_one() -> None:
    response = case_to_response({"age": 40, "pain_radiation": []})
    (answer,) = item_of(response, "pain_radiation")["answer"]
    assert answer["valueCoding"]["code"] == NONE_CODE
    assert answer["valueCoding"]["system"] == f"{CODE_SYSTEM}/pain_radiation"
    assert response_to_case(response) == {"age": 40, "pain_radiation": []}


def test_zero_and_no_are_answers_too() -> None:
    case = {"age": 0, "pain_score": 0, "fever": False, "desk_hours": 0}
    response = case_to_response(case)
    assert item_of(response, "fever")["answer"] == [{"valueBoolean": False}]
    assert item_of(response, "pain_score")["answer"] == [{"valueInteger": 0}]
    assert response_to_case(response) == case


# --- writing


def test_the_response_is_valid_fhir_and_names_our_questionnaire_and_version() -> None:
    response = case_to_response(STRAIN)
    QuestionnaireResponse.model_validate(response)
    assert response["questionnaire"] == f"{QUESTIONNAIRE_URL}|{KB.version}"
    assert response["status"] == "completed"
    assert case_to_response(STRAIN, status="in-progress")["status"] == "in-progress"


def test_items_are_grouped_by_screen_one_per_field_in_interview_order() -> None:
    response = case_to_response(STRAIN)
    order = [q.field for q in KB.questions if q.field in STRAIN]
    assert [item["linkId"] for group in response["item"] for item in group["item"]] == order
    for group in response["item"]:
        assert group["text"] == KB.screens[group["linkId"]].title
        assert all("item" not in item for item in group["item"])


def test_answers_are_booleans_integers_and_codings_with_their_labels() -> None:
    response = case_to_response({"age": 50, "fever": True, "pop_triggers": ["bending", "lifting"]})
    assert item_of(response, "age")["answer"] == [{"valueInteger": 50}]
    assert item_of(response, "fever")["answer"] == [{"valueBoolean": True}]
    triggers = item_of(response, "pop_triggers")["answer"]
    assert triggers == [
        {
            "valueCoding": {
                "system": f"{CODE_SYSTEM}/pop_triggers",
                "code": code,
                "display": label,
            }
        }
        for code, label in (("bending", "Bending"), ("lifting", "Lifting something"))
    ]


def test_subject_and_authored_are_carried() -> None:
    response = case_to_response(STRAIN, subject="Patient/7", authored="2026-03-02T09:30:00Z")
    assert response["subject"] == {"reference": "Patient/7"}
    assert response["authored"] == "2026-03-02T09:30:00Z"
    as_reference = case_to_response(STRAIN, subject={"reference": "Patient/8"})
    assert as_reference["subject"] == {"reference": "Patient/8"}
    bare = case_to_response(STRAIN)
    assert "subject" not in bare and "authored" not in bare


def test_a_case_that_does_not_fit_is_refused() -> None:
    with pytest.raises(CaseError, match="pain_score"):
        case_to_response({"age": 30, "pain_score": 11})
    with pytest.raises(InterviewError, match="pain_days"):  # beyond the question's own limit
        case_to_response({"age": 30, "pain_days": 40000})


# --- reading


def test_unanswered_items_are_unknown() -> None:
    response = case_to_response({"age": 30, "fever": False})
    response["item"].append({"linkId": "pain_score", "text": "How bad is the pain now?"})
    assert response_to_case(response) == {"age": 30, "fever": False}


def test_any_version_of_our_questionnaire_is_read() -> None:
    response = case_to_response(STRAIN)
    for canonical in (QUESTIONNAIRE_URL, f"{QUESTIONNAIRE_URL}|2020.1.1"):
        assert response_to_case({**response, "questionnaire": canonical}) == STRAIN


def test_groups_are_flattened_and_help_items_ignored() -> None:
    flat = case_to_response({"age": 30, "pain_score": 4, "fever": False})
    items = {item["linkId"]: item for group in flat["item"] for item in group["item"]}
    nested = {
        **flat,
        "item": [
            {"linkId": "about", "item": [items["age"], {"linkId": "age.help", "text": "Why"}]},
            {"linkId": "pain", "item": [{"linkId": "health", "item": [items["pain_score"]]}]},
            items["fever"],
        ],
    }
    assert response_to_case(nested) == {"age": 30, "pain_score": 4, "fever": False}


def test_an_amended_response_is_read() -> None:
    assert response_to_case(case_to_response(STRAIN, status="amended")) == STRAIN


Change = Callable[[dict[str, Any]], object]


def set_answer(field: str, answer: list[dict[str, Any]]) -> Change:
    def change(response: dict[str, Any]) -> object:
        item_of(response, field)["answer"] = answer
        return response

    return change


def set_key(key: str, value: object) -> Change:
    def change(response: dict[str, Any]) -> object:
        response[key] = value
        return response

    return change


def add_item(item: dict[str, Any]) -> Change:
    def change(response: dict[str, Any]) -> object:
        response["item"].append(item)
        return response

    return change


def coding(field: str, code: str, system: str | None = None) -> dict[str, Any]:
    return {"valueCoding": {"system": system or f"{CODE_SYSTEM}/{field}", "code": code}}


# its items, in their screens' groups
BASE: dict[str, Any] = {
    "pain_score": 3,
    "fever": False,
    "pop_triggers": ["bending"],
    "pop_region": "lumbar",
    "age": 40,
}
AGE, REGION, TRIGGERS, FEVER, PAIN = (
    place(case_to_response(BASE), field)
    for field in ("age", "pop_region", "pop_triggers", "fever", "pain_score")
)
ADDED = f"{ITEM}[{len(case_to_response(BASE)['item'])}]"  # an item added after the groups


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda r: [r], ""),
        (set_key("resourceType", "Patient"), "resourceType"),
        (set_key("item", [{"answer": [{"valueBoolean": True}]}]), f"{ITEM}[0].linkId"),
        (
            set_key("questionnaire", "https://elsewhere.example/Q/x"),
            "QuestionnaireResponse.questionnaire",
        ),
        (set_key("status", "stopped"), "QuestionnaireResponse.status"),
        (add_item({"linkId": "shoe_size", "answer": [{"valueInteger": 9}]}), f"{ADDED}.linkId"),
        (add_item({"linkId": "fever", "answer": [{"valueBoolean": True}]}), f"{ADDED}.linkId"),
        (set_answer("fever", [{"valueString": "no"}]), f"{FEVER}.answer[0]"),
        (set_answer("fever", [{"valueBoolean": "false"}]), f"{FEVER}.answer[0].valueBoolean"),
        (set_answer("pain_score", [{"valueInteger": "3"}]), f"{PAIN}.answer[0].valueInteger"),
        (set_answer("pop_region", [{"valueBoolean": True}]), f"{REGION}.answer[0]"),
        (
            set_answer("pop_region", [coding("pop_region", "knee")]),
            f"{REGION}.answer[0].valueCoding.code",
        ),
        (
            set_answer("pop_region", [coding("pop_region", "lumbar", "http://snomed.info/sct")]),
            f"{REGION}.answer[0].valueCoding.system",
        ),
        (
            set_answer("pop_region", [coding("pop_region", NONE_CODE)]),
            f"{REGION}.answer[0].valueCoding.code",
        ),
        (set_answer("pain_score", [{"valueInteger": 11}]), f"{PAIN}.answer[0].valueInteger"),
        (set_answer("age", [{"valueInteger": -1}]), f"{AGE}.answer[0].valueInteger"),
        (set_answer("fever", [{"valueBoolean": True}, {"valueBoolean": False}]), f"{FEVER}.answer"),
        (
            set_answer(
                "pop_triggers",
                [coding("pop_triggers", NONE_CODE), coding("pop_triggers", "bending")],
            ),
            f"{TRIGGERS}.answer",
        ),
        (
            set_answer(
                "pop_triggers",
                [coding("pop_triggers", "bending"), coding("pop_triggers", "bending")],
            ),
            f"{TRIGGERS}.answer[1]",
        ),
    ],
    ids=[
        "not-an-object",
        "wrong-resource-type",
        "invalid-fhir-structure",
        "another-questionnaire",
        "status-not-read",
        "unknown-link-id",
        "a-question-answered-twice",
        "wrong-answer-type",
        "a-string-for-a-boolean",
        "a-string-for-an-integer",
        "a-boolean-for-a-choice",
        "unknown-code",
        "another-code-system",
        "none-for-a-single-choice",
        "integer-above-range",
        "integer-below-range",
        "two-answers-to-a-single-item",
        "none-with-other-answers",
        "the-same-code-twice",
    ],
)
def test_bad_input_is_refused_naming_the_place(change: Change, where: str) -> None:
    response = copy.deepcopy(case_to_response(BASE))
    with pytest.raises(FhirInputError) as caught:
        response_to_case(change(response))
    places = [issue.expression for issue in caught.value.issues]
    assert where in places, places


def test_not_an_object_says_so() -> None:
    with pytest.raises(FhirInputError, match="JSON object"):
        response_to_case("QuestionnaireResponse")


def test_every_problem_is_reported_at_once() -> None:
    response = case_to_response(BASE)
    response["questionnaire"] = "https://elsewhere.example/Q/x"
    item_of(response, "pain_score")["answer"] = [{"valueInteger": 99}]
    response["item"].append({"linkId": "shoe_size", "answer": [{"valueInteger": 9}]})
    with pytest.raises(FhirInputError) as caught:
        response_to_case(response)
    assert [issue.expression for issue in caught.value.issues] == [
        "QuestionnaireResponse.questionnaire",
        f"{PAIN}.answer[0].valueInteger",
        f"{ADDED}.linkId",
    ]
