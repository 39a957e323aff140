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
    assert body["item"][0]["linkId"] == "age" and not nulls(body)


def test_the_fhir_routes_are_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/fhir/Questionnaire/back-popping" in paths
    assert "/fhir/QuestionnaireResponse/$assess" in paths
    assert "/fhir/Questionnaire/$next-question" in paths
