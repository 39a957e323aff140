"""The JSON API, through the real app in process (FastAPI's test client speaks real HTTP/ASGI)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from crepitus.contract import load_schema
from crepitus.knowledge import knowledge
from crepitus.settings import Settings
from crepitus.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("api"), max_body_bytes=4_096)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_assess_returns_an_assessment_in_the_contract(client: TestClient) -> None:
    response = client.post(
        "/api/v1/assess", json={"age": 41, "pain_score": 6, "muscle_spasm": True}
    )
    assert response.status_code == 200
    jsonschema.validate(response.json(), load_schema("assessment"))


def test_an_invalid_case_is_a_problem_naming_each_field(client: TestClient) -> None:
    response = client.post("/api/v1/assess", json={"age": 41, "pain_score": 11, "fever": "yes"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Invalid case" and body["status"] == 422
    assert {e["field"] for e in body["errors"]} == {"pain_score", "fever"}
    assert "from 0 to 10" in next(
        e["problem"] for e in body["errors"] if e["field"] == "pain_score"
    )


def test_a_body_that_is_not_json_is_a_problem(client: TestClient) -> None:
    response = client.post(
        "/api/v1/assess", content=b"{age: 4", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


def test_an_oversized_body_is_refused(client: TestClient) -> None:
    response = client.post("/api/v1/assess", content=b" " * 5_000 + b"{}")
    assert response.status_code == 413
    assert response.json()["title"] == "Request too large"


def test_the_interview_definition_lists_every_question_in_order(client: TestClient) -> None:
    body = client.get("/api/v1/interview").json()
    assert [q["field"] for q in body["questions"]] == [q.field for q in knowledge().questions]
    pain_days = next(q for q in body["questions"] if q["field"] == "pain_days")
    assert pain_days["ask_when"]["any"][0] == {"field": "pain_score", "at_least": 1}
    assert body["knowledge_version"] == knowledge().version


def test_next_starts_with_age(client: TestClient) -> None:
    body = client.post("/api/v1/interview/next", json={}).json()
    assert body["done"] is False and body["question"]["field"] == "age"
    assert body["progress"]["answered"] == 0


def test_next_stops_at_an_emergency_answer(client: TestClient) -> None:
    answers = {"age": 58, "saddle_numbness": True}
    body = client.post("/api/v1/interview/next", json={"answers": answers}).json()
    assert body["done"] and body["emergency"]
    assert body["assessment"]["triage"] == "emergency"
    assert "question" not in body


def test_next_ends_with_the_assessment(client: TestClient) -> None:
    skipped = [q.field for q in knowledge().questions if not q.required]
    body = client.post(
        "/api/v1/interview/next", json={"answers": {"age": 30, "pain_score": 0}, "skipped": skipped}
    ).json()
    assert body["done"] and not body["emergency"]
    assert body["assessment"]["triage"] == "self_care"


def test_next_refuses_answers_that_do_not_fit(client: TestClient) -> None:
    response = client.post(
        "/api/v1/interview/next",
        json={"answers": {"age": 30, "pain_score": 12, "mood": "ok"}, "skipped": ["age"], "x": 1},
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"x", "answers.pain_score", "answers.mood", "skipped.age"}


def test_health(client: TestClient) -> None:
    assert client.get("/api/v1/health").json() == {
        "status": "ok",
        "knowledge_version": knowledge().version,
    }


def test_an_unknown_api_path_is_a_problem(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_an_unknown_page_is_a_friendly_html_page(client: TestClient) -> None:
    response = client.get("/learn/conditions/slipped_disc")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "No learn page" in response.text


def test_the_api_docs_are_served_without_any_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "/static/api-docs/redoc.standalone.js" in page
    assert client.get("/static/api-docs/redoc.standalone.js").status_code == 200
    assert "cdn" not in page.lower() and "https://" not in page
    schema = client.get("/openapi.json").json()
    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert ids == {"assess", "get_interview", "next_question", "health"}


def test_a_forged_check_state_is_refused_not_rendered(client: TestClient) -> None:
    response = client.post("/check", data={"state": '{"a":{"<script>":1},"s":[],"h":[]}'})
    assert response.status_code == 400
    assert "<script>" not in response.text


def test_typed_text_is_escaped_when_shown_back(client: TestClient) -> None:
    response = client.post("/check", data={"field": "age", "answer": "<script>alert(1)</script>"})
    assert response.status_code == 422
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)" not in response.text


def test_every_page_template_ships_with_the_package() -> None:
    from importlib import resources

    folder = resources.files("crepitus.web")
    assert folder.joinpath("templates", "result.html").is_file()
    assert Path(str(folder.joinpath("static", "style.css"))).is_file()
    assert folder.joinpath("..", "store", "migrations", "env.py").is_file()
