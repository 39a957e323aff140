"""The diary pages, through the real app in process, on a SQLite file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crepitus.settings import Settings
from crepitus.web.app import create_app
from tests.web.forms import FIELD, csrf_token


@pytest.fixture
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("diary"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def add(client: TestClient, **fields: str | list[str]) -> None:
    form = {"region": "lumbar", "pops": "2", "pain": "3", FIELD: csrf_token(client), **fields}
    response = client.post("/diary", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text


def test_quick_add_saves_an_entry_and_shows_it(client: TestClient) -> None:
    add(client, pain_at_pop="yes", note="lifting the <b>kettle</b>", triggers=["lifting"])
    page = client.get("/diary?saved=1").text
    assert "Saved." in page
    assert "lifting the &lt;b&gt;kettle&lt;/b&gt;" in page
    assert "Pops a week, last 4 weeks: 0.5" in page


def test_a_bad_entry_is_explained_and_not_saved(client: TestClient) -> None:
    form = {"region": "lumbar", "pops": "0", "pain": "3", FIELD: csrf_token(client)}
    response = client.post("/diary", data=form)
    assert response.status_code == 422
    assert "pops: expected a whole number from 1 to 1000" in response.text
    assert "No entries yet" in response.text


def test_an_entry_can_be_changed_and_deleted(client: TestClient) -> None:
    add(client)
    assert "Save changes" in client.get("/diary/1/edit").text
    token = {FIELD: csrf_token(client)}
    changed = client.post(
        "/diary/1/edit",
        data={"region": "cervical", "pops": "1", "pain": "5", **token},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert "cervical" in client.get("/diary").text
    assert client.post("/diary/1/delete", data=token, follow_redirects=False).status_code == 303
    assert client.get("/diary/1/edit").status_code == 404
    assert client.post("/diary/1/delete", data=token).status_code == 404


def test_the_charts_and_the_report_are_served(client: TestClient) -> None:
    add(client)
    chart = client.get("/diary/charts/pops.svg")
    assert chart.headers["content-type"] == "image/svg+xml" and b"<svg" in chart.content
    assert client.get("/diary/charts/nothing.svg").status_code == 404
    pdf = client.get("/diary/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "crepitus" in client.get("/diary/report.html").text


def test_feedback_goes_to_the_same_store(client: TestClient) -> None:
    token = {FIELD: csrf_token(client)}
    response = client.post(
        "/feedback", data={"helpful": "yes", "triage": "self_care", "comment": "", **token}
    )
    assert response.status_code == 200 and "Thank you" in response.text
    bad = client.post("/feedback", data={"helpful": "maybe", "triage": "self_care", **token})
    assert bad.status_code == 422


def test_a_check_left_partly_unanswered_is_completed_from_the_diary(client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    from crepitus.knowledge import knowledge
    from crepitus.web.check_state import CheckState

    for days in range(25):
        at = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
        add(client, at=at, pain_at_pop="yes", pain="3")
    # every question but the required ones skipped; the last one, pain now, answered 0
    skipped = [q.field for q in knowledge().questions if not q.required]
    state = CheckState({"age": 52}, skipped, ["age", *skipped])
    form = {"state": state.encode(), "screen": "basics:pain_score", "pain_score": "0"}
    page = client.post("/check", data={**form, FIELD: csrf_token(client)})
    assert "From your diary" in page.text
    assert "how often it pops" in page.text
    assert "See a doctor or physio soon" in page.text
