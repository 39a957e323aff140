"""The web check for someone else: every question, and the result, speak of them."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crepitus.knowledge import knowledge
from crepitus.settings import Settings
from crepitus.web.app import create_app
from crepitus.web.check_state import CheckState
from tests.web.forms import FIELD, csrf_token


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("someone-else"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_the_first_page_asks_who_the_check_is_for(client: TestClient) -> None:
    page = client.get("/check").text
    assert "Who is the check for?" in page
    assert 'value="me" type="radio" checked' in page  # for yourself unless you say otherwise
    assert 'value="someone_else"' in page


def test_every_question_speaks_of_the_person(client: TestClient) -> None:
    form = {"action": "questions", "for": "someone_else", FIELD: csrf_token(client)}
    page = client.post("/check/describe", data=form).text
    assert "About the person and their back" in page
    assert "How old is the person?" in page and "How old are you?" not in page
    assert CheckState.decode(_state(page)).other is True


def test_the_result_speaks_of_them(client: TestClient) -> None:
    skipped = [q.field for q in knowledge().questions if not q.required and q.field != "pain_score"]
    state = CheckState({"age": 52}, skipped, ["age", *skipped], other=True)
    form = {"state": state.encode(), "screen": "basics:pain_score", "pain_score": "0"}
    page = client.post("/check", data={**form, FIELD: csrf_token(client)}).text
    assert "<h1>The result</h1>" in page
    assert knowledge().levels["self_care"].action_other in page
    assert "Warning-sign questions you did not answer" in page
    assert "Have they ever had cancer?" in page and "Have you ever had cancer?" not in page
    assert "It is not kept in your diary" in page
    # the diary's report is the owner's: another person's result does not become theirs
    assert client.app.state.store.owner().latest_assessment() is None  # type: ignore[attr-defined]


def test_a_check_for_yourself_is_unchanged(client: TestClient) -> None:
    skipped = [q.field for q in knowledge().questions if not q.required and q.field != "pain_score"]
    state = CheckState({"age": 52}, skipped, ["age", *skipped])
    form = {"state": state.encode(), "screen": "basics:pain_score", "pain_score": "0"}
    page = client.post("/check", data={**form, FIELD: csrf_token(client)}).text
    assert "<h1>Your result</h1>" in page
    assert knowledge().levels["self_care"].action in page
    assert 'action="/check/keep"' in page  # kept only if the person asks


def _state(page: str) -> str:
    found = re.search(r'name="state" value="([^"]*)"', page)
    assert found
    return html.unescape(found.group(1))


def test_words_about_someone_else_make_the_check_about_them(client: TestClient) -> None:
    text = "My dad is 78, he slipped in the bathroom yesterday and now his lower back hurts"
    form = {"description": text, "action": "read", "for": "me", FIELD: csrf_token(client)}
    page = client.post("/check/describe", data=form).text
    assert "Is this right?" in page
    assert "every question asks about them" in " ".join(page.split())
    assert CheckState.decode(_state(page)).other is True
    assert "How old is the person?" in page or "What is their sex?" in page
