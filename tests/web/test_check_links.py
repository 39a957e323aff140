"""Each step of the check has its own address: Back, reload and leaving lose nothing and store
nothing; a damaged or hostile address gets a clear 400 at once."""

from __future__ import annotations

import base64
import html
import re
import zlib
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from crepitus.engine.interview import step
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.web.check_link import MAX_TOKEN, VERSION, pack, state_of, step_url, unpack
from crepitus.web.check_state import CheckState
from tests.web.forms import FIELD, hidden, token_in


@pytest.fixture
def client(client_on_each_store: TestClient) -> TestClient:
    return client_on_each_store


def start(client: TestClient) -> httpx.Response:
    """'Go straight to the questions': a redirect to the first screen's own address."""
    token = token_in(client.get("/check").text)
    form = {"action": "questions", "for": "me", FIELD: token}
    sent = client.post("/check/describe", data=form, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].startswith("/check/step?s=")
    page: httpx.Response = client.get(sent.headers["location"])
    return page


def answer(client: TestClient, page: httpx.Response, **values: str) -> httpx.Response:
    """Answer the screen shown ("Not sure" for whatever ``values`` leaves out); follow the
    redirect the way a browser does, and return the next step's page."""
    state = CheckState.decode(hidden(page.text, "state"))
    now = step(state.answers, state.skipped)
    form: dict[str, str] = {
        "state": hidden(page.text, "state"),
        "screen": hidden(page.text, "screen"),
        FIELD: token_in(page.text),
    }
    for question in now.questions:
        form[question.field] = values.get(question.field, "not-sure")
    sent = client.post("/check", data=form, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    shown: httpx.Response = client.get(sent.headers["location"])
    return shown


def rows(client: TestClient) -> dict[str, int]:
    kept: dict[str, int] = client.app.state.store.owner().kept()  # type: ignore[attr-defined]
    return {name: count for name, count in kept.items() if count}


def test_every_step_is_a_page_of_its_own_that_reloads_without_storing(client: TestClient) -> None:
    first = start(client)
    assert "How old are you?" in first.text
    second = answer(client, first, age="52", pop_region="1", pain_score="2")
    again = client.get(str(second.url))  # a reload: the same page, nothing asked again
    assert again.status_code == 200 and again.text.count("<h1>") == 1
    assert hidden(again.text, "screen") == hidden(second.text, "screen")
    assert rows(client) == {}


def test_the_browsers_back_shows_the_page_before_with_its_answers(client: TestClient) -> None:
    first = start(client)
    answer(client, first, age="52", pop_region="1", pain_score="2")
    back = client.get(str(first.url))  # what the browser's Back loads: a GET, no resubmitting
    assert back.status_code == 200
    assert re.search(r'name="age" type="number"[^>]*value="52"', back.text)
    assert re.search(r'id="pop_region-1"[^>]*checked', back.text)


def test_a_new_check_is_not_filled_in_from_the_last_one(client: TestClient) -> None:
    answer(client, start(client), age="52", pop_region="1", pain_score="2")
    fresh = start(client)
    assert not re.search(r'name="age" type="number"[^>]*value="52"', fresh.text)


def test_the_check_page_offers_to_resume_then_to_forget(client: TestClient) -> None:
    second = answer(client, start(client), age="52", pop_region="1", pain_score="2")
    offer = client.get("/check")
    assert "Resume your check" in offer.text
    resume = re.search(r'href="(/check/step\?s=[^"]+)"', offer.text)
    assert resume and hidden(client.get(html.unescape(resume[1])).text, "screen") == hidden(
        second.text, "screen"
    )
    kept = client.get("/kept")
    assert "Your last check's answers" in kept.text
    client.post("/check/forget", data={FIELD: token_in(offer.text)})
    assert "Resume your check" not in client.get("/check").text


def test_a_finished_check_can_be_seen_again_and_leaves_no_row(client: TestClient) -> None:
    page = start(client)
    values = {"age": "52", "pop_region": "1", "pain_score": "0"}
    for _ in range(30):
        if "result</h1>" in page.text:
            break
        page = answer(client, page, **values)
    assert "Your result</h1>" in page.text
    assert rows(client) == {}
    offer = client.get("/check")
    assert "See that result again" in offer.text
    assert "Your result</h1>" in client.get(str(page.url)).text


def test_feedback_problems_show_on_the_result_page_with_the_comment_kept(
    client: TestClient,
) -> None:
    skipped = [q.field for q in knowledge().questions if not q.required and q.field != "pain_score"]
    state = CheckState({"age": 52, "pain_score": 0}, skipped, ["age", "pain_score", *skipped])
    result = client.get(step_url(state)).text
    assert "Your result</h1>" in result
    form = {
        "state": hidden(result, "state"),
        "triage": "self_care",
        "comment": "the second page confused me",
        FIELD: token_in(result),
    }
    refused = client.post("/feedback", data=form)
    assert refused.status_code == 422
    assert "Your result</h1>" in refused.text and "Please choose yes or no." in refused.text
    assert "the second page confused me</textarea>" in refused.text
    sent = client.post("/feedback", data={**form, "helpful": "no"}, follow_redirects=False)
    assert sent.status_code == 303 and client.get(sent.headers["location"]).status_code == 200


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        VERSION + "!!!!",
        VERSION + "A" * (MAX_TOKEN + 1),
        # a tiny token that unpacks to megabytes: refused before it is all unpacked
        VERSION + base64.urlsafe_b64encode(zlib.compress(b"{" * 5_000_000, 9)).decode(),
        pack('{"a":{"age":"old"},"s":[],"h":["age"]}'),  # a forged answer
        pack('{"a":{},"s":[],"h":[],"i":"<script>"}'),
        pack("[" * 100_000 + "]" * 100_000),
    ],
)
def test_a_damaged_address_gets_a_clear_400(client: TestClient, token: str) -> None:
    page = client.get("/check/step", params={"s": token})
    assert page.status_code == 400
    assert "please start again" in page.text


@pytest.mark.parametrize("path", ["/check/confirm", "/check"])
def test_a_damaged_description_address_gets_a_clear_400(client: TestClient, path: str) -> None:
    for token in (pack('{"t": 5, "o": false}'), "1.damaged", "x" * (MAX_TOKEN + 1)):
        page = client.get(path, params={"d": token})
        assert page.status_code == 400 and "please start again" in page.text


@given(st.text(max_size=300))
def test_a_token_gives_back_its_text(text: str) -> None:
    assert unpack(pack(text)) == text


def test_a_step_address_is_short_even_for_a_long_check() -> None:
    state = CheckState.new()
    state.record_page({"age": 52, "sex": "male", "pain_score": 3})
    url = step_url(state)
    assert len(url) < 400
    token = parse_qs(urlsplit(url).query)["s"][0]
    assert state_of(token).answers == state.answers
    with pytest.raises(InterviewError):
        state_of(token[:-8])
