"""Feedback that cannot be saved says why and keeps what was typed, to send again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crepitus.settings import Settings
from crepitus.web.app import create_app
from tests.web.forms import FIELD, csrf_token


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("fb")))) as test_client:
        yield test_client


def test_a_refused_feedback_keeps_the_comment_and_offers_the_form_again(client: TestClient) -> None:
    form = {"triage": "self_care", "comment": "the wording on page 3 confused me"}
    page = client.post("/feedback", data={**form, FIELD: csrf_token(client)})
    assert page.status_code == 422
    assert "Please choose yes or no." in page.text
    assert "the wording on page 3 confused me</textarea>" in page.text
    assert 'action="/feedback"' in page.text and "back button" not in page.text
    again = {**form, "helpful": "no", FIELD: csrf_token(client)}
    assert client.post("/feedback", data=again).status_code == 200
    assert client.app.state.store.owner().feedback()[-1].comment == form["comment"]  # type: ignore[attr-defined]
