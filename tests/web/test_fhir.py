"""The FHIR endpoints of the web app, with worked bodies as a client would send them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crepitus.interop.fhir.common import FHIR_JSON, QUESTIONNAIRE_URL
from crepitus.interop.fhir.response import case_to_response
from crepitus.settings import Settings
from crepitus.web.app import create_app
from tests.cases import STRAIN


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("fhir")))) as c:
        yield c


def nulls(node: object) -> bool:
    if node is None:
        return True
    if isinstance(node, dict):
        return any(nulls(v) for v in node.values())
    if isinstance(node, list):
        return any(nulls(v) for v in node)
    return False


def test_the_questionnaire_is_served_as_fhir_json(client: TestClient) -> None:
    response = client.get("/fhir/Questionnaire/back-popping")
    assert response.status_code == 200
    assert response.headers["content-type"] == FHIR_JSON
    body = response.json()
    assert body["url"] == QUESTIONNAIRE_URL and not nulls(body)


def test_assess_answers_a_risk_assessment(client: TestClient) -> None:
    body = case_to_response(STRAIN, subject="Patient/7")
    response = client.post(
        "/fhir/QuestionnaireResponse/$assess",
        content=json.dumps(body),
        headers={"content-type": FHIR_JSON},
    )
    assert response.status_code == 200, response.text
    risk = response.json()
    assert risk["resourceType"] == "RiskAssessment" and not nulls(risk)
    assert risk["subject"] == {"reference": "Patient/7"}


@pytest.mark.parametrize(
    ("body", "expression"),
    [
        ({"resourceType": "Patient"}, "resourceType"),
        (
            {
                "resourceType": "QuestionnaireResponse",
                "status": "completed",
                "questionnaire": QUESTIONNAIRE_URL,
                "item": [{"linkId": "shoe_size", "answer": [{"valueInteger": 9}]}],
            },
            "QuestionnaireResponse.item[0]",
        ),
    ],
)
def test_a_bad_response_gets_an_operation_outcome_naming_it(
    client: TestClient, body: dict[str, Any], expression: str
) -> None:
    response = client.post("/fhir/QuestionnaireResponse/$assess", json=body)
    assert response.status_code == 400
    assert response.headers["content-type"] == FHIR_JSON
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert any(expression in " ".join(i.get("expression", [])) for i in outcome["issue"])


def test_a_body_that_is_not_json_gets_an_operation_outcome(client: TestClient) -> None:
    response = client.post("/fhir/QuestionnaireResponse/$assess", content=b"{nope")
    assert response.status_code == 400
    assert response.json()["issue"][0]["diagnostics"].startswith("the body is not valid JSON")


def test_next_question_walks_the_form(client: TestClient) -> None:
    start = {"resourceType": "QuestionnaireResponse", "status": "in-progress"}
    response = client.post("/fhir/Questionnaire/$next-question", json=start)
    assert response.status_code == 200, response.text
    body = response.json()
    group = body["item"][0]
    assert group["linkId"] == "basics" and group["item"][0]["linkId"] == "age"
    assert not nulls(body)


def test_the_fhir_routes_are_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/fhir/Questionnaire/back-popping" in paths
    assert "/fhir/QuestionnaireResponse/$assess" in paths
    assert "/fhir/Questionnaire/$next-question" in paths


# --- crafted input: a 400 OperationOutcome naming the element, never a 500 -----------------------


def post_fhir(client: TestClient, path: str, body: object) -> Any:
    response = client.post(path, content=json.dumps(body), headers={"content-type": FHIR_JSON})
    assert response.status_code == 400, (response.status_code, response.text[:300])
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome" and not nulls(outcome)
    return outcome


def expressions(outcome: Any) -> list[str]:
    return [e for issue in outcome["issue"] for e in issue.get("expression", [])]


ASSESS = "/fhir/QuestionnaireResponse/$assess"
NEXT = "/fhir/Questionnaire/$next-question"


def test_a_null_text_is_refused_naming_it(client: TestClient) -> None:
    # FHIR JSON has no null values; reading accepted what the answer could not carry
    body = case_to_response(STRAIN, subject="Patient/7")
    assert "text" in expressions(post_fhir(client, ASSESS, {**body, "text": None}))[0]
    items = [dict(item) for item in body["item"]]
    items[0]["text"] = None
    where = expressions(post_fhir(client, ASSESS, {**body, "item": items}))
    assert where == ["QuestionnaireResponse.item[0].text"]
    started = {"resourceType": "QuestionnaireResponse", "status": "in-progress", "id": None}
    assert expressions(post_fhir(client, NEXT, started)) == ["QuestionnaireResponse.id"]


@pytest.mark.parametrize("authored", ["2026-01-01", "2026-01", "2026"])
def test_a_date_without_a_time_is_a_valid_authored(client: TestClient, authored: str) -> None:
    body = case_to_response(STRAIN, subject="Patient/7", authored=authored)
    response = client.post(ASSESS, content=json.dumps(body), headers={"content-type": FHIR_JSON})
    assert response.status_code == 200, response.text
    assert response.json()["occurrenceDateTime"] == authored


@pytest.mark.parametrize("depth", [150, 200])
@pytest.mark.parametrize("path", [ASSESS, NEXT])
def test_items_or_extensions_nested_deep_are_refused(
    client: TestClient, path: str, depth: int
) -> None:
    body = case_to_response(STRAIN, subject="Patient/7")
    if path == NEXT:
        body["status"] = "in-progress"
    item: dict[str, Any] = {"linkId": "deep"}
    extension: dict[str, Any] = {"url": "https://x.example/e", "valueString": "v"}
    for _ in range(depth):
        item = {"linkId": "deep", "item": [item]}
        extension = {"url": "https://x.example/e", "extension": [extension]}
    for deep, element in (
        ({"item": [*body["item"], item]}, "item"),
        ({"extension": [extension]}, "extension"),
    ):
        outcome = post_fhir(client, path, {**body, **deep})
        assert expressions(outcome) == [element]
        assert "nested deeper" in outcome["issue"][0]["diagnostics"]
