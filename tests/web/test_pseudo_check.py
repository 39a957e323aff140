"""Every string on the check's pages, and on the shared layout, is marked for translation.

The pages are made in the pseudo-language ``qps``: the interface catalog and the knowledge both
wrap every text in ⟦…⟧, so any words a person could read outside those brackets were never
marked. Only the words this test typed (quoted back on the confirm page) and the languages'
own names in the switcher may stay unwrapped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from crepitus.engine.interview import step
from crepitus.knowledge import knowledge
from crepitus.knowledge.locales import PSEUDO
from crepitus.settings import Settings
from crepitus.web.app import create_app
from crepitus.web.check_link import step_url
from crepitus.web.check_state import CheckState
from crepitus.web.language import COOKIE, LANGUAGES
from tests.web.forms import FIELD, hidden, token_in
from tests.web.pseudo import unmarked

DESCRIPTION = "I'm 52 and my lower back clicks when I bend. It doesn't hurt."
REQUIRED = {"age": 52, "pop_region": "lumbar", "pain_score": 2}
# the switcher names each language in its own words; sources are cited as published
ALLOWED = {
    *LANGUAGES.values(),
    "crepitus",
    *(s.citation.rstrip(".") for s in knowledge().sources.values()),
    *(s.url for s in knowledge().sources.values() if s.url),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("pseudo-check")))
    with TestClient(app) as test_client:
        test_client.cookies.set(COOKIE, PSEUDO)
        yield test_client


def advanced(until: Callable[[CheckState], bool], **answers: Any) -> CheckState:
    """A check answered screen by screen (``answers``, the required ones, else "Not sure")
    until ``until`` holds or the check ends."""
    state = CheckState.new()
    for _ in range(40):
        now = step(state.answers, state.skipped)
        if until(state) or now.question is None:
            return state
        given = {**REQUIRED, **answers}
        state.record_page({q.field: given.get(q.field) for q in now.questions})
    raise AssertionError("the check never ended")


def showing(state: CheckState) -> list[str]:
    return [q.field for q in step(state.answers, state.skipped).questions]


def warning_screen(state: CheckState) -> bool:
    kb = knowledge()
    return any(kb.question(f).red_flag for f in showing(state))


def assert_marked(page: httpx.Response, *typed: str) -> None:
    left = [text for text in unmarked(page.text) if text not in ALLOWED and text not in typed]
    assert left == [], f"{page.url}: not marked for translation: {left}"
    assert "<title>⟦" in page.text, "the page's title is not marked"


def test_the_home_describe_and_kept_pages_are_marked(client: TestClient) -> None:
    for path in ("/", "/check", "/kept"):
        assert_marked(client.get(path))


@pytest.mark.parametrize(
    "state",
    [
        CheckState.new(),
        CheckState.new(other=True),
        advanced(warning_screen),
        advanced(lambda s: False),  # the result
        advanced(lambda s: False, saddle_numbness=True),  # the emergency page
        advanced(lambda s: False, age=12),  # the result with the note for a child
    ],
    ids=["first-screen", "someone-else", "warning-signs", "result", "emergency", "child"],
)
def test_every_step_of_the_check_is_marked(client: TestClient, state: CheckState) -> None:
    assert_marked(client.get(step_url(state)))


def test_a_screen_sent_back_with_problems_is_marked(client: TestClient) -> None:
    first = client.get(step_url(CheckState.new())).text
    # the screen as sent, with no answer given on it
    form = {name: hidden(first, name) for name in ("state", "screen")}
    form[FIELD] = token_in(first)
    refused = client.post("/check", data=form)
    assert refused.status_code == 422
    assert_marked(refused)


def test_the_confirm_page_and_the_resume_offer_are_marked(client: TestClient) -> None:
    start = client.get("/check")
    form = {"description": DESCRIPTION, "for": "me", "action": "read", FIELD: token_in(start.text)}
    page = client.post("/check/describe", data=form)
    assert "/check/confirm" in str(page.url) or "/check/step" in str(page.url)
    quotes = [part.strip(" .") for part in DESCRIPTION.replace(".", ",").split(",")]
    typed = (*quotes, DESCRIPTION.rstrip("."), "lower back", "bend", "doesn't hurt", "52")
    assert_marked(page, *typed)
    client.get(step_url(advanced(warning_screen)))  # a check this browser keeps
    assert_marked(client.get("/check"))


def test_feedback_problems_and_thanks_are_marked(client: TestClient) -> None:
    result = advanced(lambda s: False)
    page = client.get(step_url(result))
    form = {"state": result.encode(), "triage": "self_care", FIELD: token_in(page.text)}
    assert_marked(client.post("/feedback", data=form))
    form["helpful"] = "yes"
    assert_marked(client.post("/feedback", data=form))


def test_error_pages_are_marked(client: TestClient, tmp_path: Path) -> None:
    assert_marked(client.get("/no/such/page"))
    assert_marked(client.get("/feedback"))  # a form's address opened on its own
    assert_marked(client.get("/check/step", params={"s": "1.damaged"}))
    refused = client.post("/check", data={"state": ""})  # no form token
    assert refused.status_code == 403
    assert_marked(refused)
