"""A finished check keeps nothing unless the person asks; asked, it keeps one row, however
often the form is sent; a check for someone else is never kept in the person's diary."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from crepitus.knowledge import knowledge
from crepitus.web.check_state import CheckState
from tests.web.forms import FIELD, csrf_token


@pytest.fixture
def client(client_on_each_store: TestClient) -> TestClient:
    return client_on_each_store


def finish(client: TestClient, other: bool = False) -> str:
    """A check answered to its result: a painless pop at 52, everything else skipped."""
    skipped = [q.field for q in knowledge().questions if not q.required and q.field != "pain_score"]
    state = CheckState({"age": 52}, skipped, ["age", *skipped], other=other)
    form = {"state": state.encode(), "screen": "basics:pain_score", "pain_score": "0"}
    page: str = client.post("/check", data={**form, FIELD: csrf_token(client)}).text
    assert "result</h1>" in page
    return page


def rows(client: TestClient) -> dict[str, int]:
    kept: dict[str, int] = client.app.state.store.owner().kept()  # type: ignore[attr-defined]
    return kept


def keep(client: TestClient, page: str) -> str:
    found = re.search(r'action="/check/keep">.*?name="state" value="([^"]*)"', page, re.S)
    assert found, "the result offers to keep it"
    form = {"state": html.unescape(found.group(1)), FIELD: csrf_token(client)}
    response = client.post("/check/keep", data=form)
    body: str = response.text
    assert response.status_code == 200 and "Result kept" in body
    return body


def test_a_finished_check_leaves_no_row_behind(client: TestClient) -> None:
    finish(client)
    assert set(rows(client).values()) == {0}


def test_kept_on_request_once_however_often_the_form_is_sent(client: TestClient) -> None:
    page = finish(client)
    keep(client, page)
    keep(client, page)  # Back and send again, or a double tap
    assert client.get("/check/kept").status_code == 200  # a reload shows the page again
    assert rows(client)["assessments"] == 1
    latest = client.app.state.store.owner().latest_assessment()  # type: ignore[attr-defined]
    assert latest is not None and latest.case["age"] == 52
    assert "cancer_history" in latest.unknown  # skipped with "Not sure": asked, not known
    assert "Asked, not known" in client.get("/diary/report.html").text


def test_a_check_for_someone_else_offers_no_keeping_and_keeps_nothing(client: TestClient) -> None:
    page = finish(client, other=True)
    assert 'action="/check/keep"' not in page
    skipped = [q.field for q in knowledge().questions if not q.required and q.field != "pain_score"]
    state = CheckState({"age": 52, "pain_score": 0}, skipped, ["age", *skipped], other=True)
    client.post("/check/keep", data={"state": state.encode(), FIELD: csrf_token(client)})
    assert rows(client)["assessments"] == 0


def test_a_child_is_told_the_check_is_written_for_adults(client: TestClient) -> None:
    skipped = [q.field for q in knowledge().questions if not q.required and q.field != "pain_score"]
    state = CheckState({"age": 12}, skipped, ["age", *skipped])
    form = {"state": state.encode(), "screen": "basics:pain_score", "pain_score": "0"}
    page = client.post("/check", data={**form, FIELD: csrf_token(client)}).text
    assert "written for adults" in page
    assert "written for adults" not in finish(client)  # 52: no such note


def test_the_result_speaks_in_the_persons_own_terms(client: TestClient) -> None:
    page = finish(client)
    assert "Because you said:" in page and "pain score: 0 out of 10" in page
    assert "How well it fits what you told us:" in page
    assert "Because of:" not in page and " of 1)" not in page  # no field names, no raw scores
    assert "Because they said:" in finish(client, other=True)


def test_the_serious_explanations_are_read_from_the_rules() -> None:
    from crepitus.web.words import serious

    assert {"cauda_equina_syndrome", "spinal_fracture", "meningitis"} <= serious()
    assert "cavitation" not in serious() and "muscle_strain" not in serious()
