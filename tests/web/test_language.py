"""Each page's language: from the switcher's cookie, else the browser's preferences, else English;
a language whose reader of free text is not measured goes straight to the questions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from crepitus.web.language import DEFAULT, LANGUAGES, preferred


@pytest.fixture
def client(client_on_each_store: TestClient) -> TestClient:
    return client_on_each_store


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("en-GB,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR, de;q=0.9", DEFAULT),
        ("en;q=0.1, es;q=0.5", "es"),
        ("es;q=0, en;q=0.2", "en"),
        ("es;q=banana, en", "en"),
        ("qps", DEFAULT),  # the pseudo-language is never chosen from a browser's preferences
        ("", DEFAULT),
    ],
)
def test_the_browsers_preference_picks_a_language_we_have(header: str, chosen: str) -> None:
    assert preferred(header) == chosen


@given(st.text(max_size=300))
def test_any_header_gives_a_language_we_have(header: str) -> None:
    assert preferred(header) in LANGUAGES


def test_the_switcher_keeps_the_choice_and_returns_to_the_page(client: TestClient) -> None:
    answer = client.get("/language/es", params={"next": "/diary"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/diary"
    assert "crepitus_lang=es" in answer.headers["set-cookie"]
    assert "Max-Age=" in answer.headers["set-cookie"]
    assert '<html lang="es">' in client.get("/").text


@pytest.mark.parametrize("elsewhere", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_the_switcher_never_sends_anyone_to_another_site(
    client: TestClient, elsewhere: str
) -> None:
    answer = client.get("/language/es", params={"next": elsewhere}, follow_redirects=False)
    assert answer.headers["location"] == "/"


def test_an_unknown_language_is_a_page_that_says_so(client: TestClient) -> None:
    answer = client.get("/language/xx")
    assert answer.status_code == 404 and "There is no language" in answer.text


def test_every_page_offers_every_language_in_its_own_name(client: TestClient) -> None:
    page = client.get("/learn", headers={"accept-language": "es"}).text
    assert '<html lang="es">' in page
    assert 'aria-current="true">Español</span>' in page
    assert 'href="/language/en?next=/learn" lang="en" hreflang="en">English</a>' in page


def test_without_a_measured_reader_the_check_goes_straight_to_the_questions(
    client: TestClient,
) -> None:
    page = client.get("/check", headers={"accept-language": "es"}).text
    assert 'name="description"' not in page
    assert 'value="questions"' in page
    english = client.get("/check", headers={"accept-language": "en"}).text
    assert 'name="description"' in english
