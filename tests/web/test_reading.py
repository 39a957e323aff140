"""Descriptions are read in a separate process, with a bound on waiting and a deadline."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crepitus.settings import Settings
from crepitus.web import reading
from crepitus.web.app import create_app
from tests.web.forms import FIELD, csrf_token


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("reading"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_description_is_read_by_another_process(client: TestClient) -> None:
    response = client.post("/api/v1/understand", json={"text": "I can't feel the toilet paper"})
    assert response.status_code == 200
    assert response.json()["case"]["saddle_numbness"] is True
    pool, started = reading.readers._executor()
    assert started.done()
    assert pool._processes  # the reading ran in a reader process, not in the server's loop


def test_too_many_waiting_answers_503_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "MAX_WAITING", 0)
    response = client.post("/api/v1/understand", json={"text": "my neck cracks"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(reading.RETRY_AFTER)
    assert "try again" in response.json()["detail"]
    form = {"description": "my neck cracks", "action": "read", FIELD: csrf_token(client)}
    page = client.post("/check/describe", data=form)
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "my neck cracks" in page.text  # what was typed is kept, to send again


def test_a_reading_past_its_deadline_answers_503(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post("/api/v1/understand", json={"text": "warm the reader"})
    monkeypatch.setattr(reading, "DEADLINE", 0)
    response = client.post("/api/v1/understand", json={"text": "my neck cracks"})
    assert response.status_code == 503


def test_the_server_answers_again_once_the_reader_is_free(client: TestClient) -> None:
    response = client.post("/api/v1/understand", json={"text": "my neck cracks"})
    assert response.status_code == 200
