"""Every string on the diary, learn, account and sharing pages is marked for translation.

Each page is made in the pseudo-language ``qps``, which wraps every translated message in ⟦…⟧;
any words a person could read outside those brackets were never marked. What may stay unwrapped
is only what is not ours to translate here: the knowledge texts (a language pack translates
those), the data this test typed, and dates (formatted per language, not translated). The
shared layout (base.html) is checked with the check pages; here only each page's <main> is.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from crepitus import assess
from crepitus.diary.words import region_name, trigger_names
from crepitus.knowledge import knowledge
from crepitus.knowledge.locales import PSEUDO
from crepitus.settings import Settings
from crepitus.store.diary import check_entry
from crepitus.store.models import LOCAL_OWNER
from crepitus.web.app import create_app
from crepitus.web.language import COOKIE
from tests.diary.test_report import every_warning_sign
from tests.web.forms import FIELD, csrf_token
from tests.web.pseudo import _tidy, is_date, main_of, unmarked
from tests.web.test_multi_user import PASSWORD, Browser, settings_for

NOTE = "stiff after the long drive home"
AT = "2026-11-28T08:30"
ACCOUNT = "pseudo-person"
LABEL = "Dr Pseudo, physiotherapy"
# the date formats the pages show (dates are data, formatted per language elsewhere)
CHOICE = re.compile(r" \(([^()]*)\)$")
TRIGGERS = ("bending", "twisting", "stretching", "lifting", "getting_up", "walking")


@cache
def knowledge_texts() -> frozenset[str]:
    """Every text the knowledge base holds, and the diary's names for its regions and triggers
    (as they are shown: as written, and in lower case inside the report's sentences)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):  # codes too: the report names a choice by its code
            found.update((_tidy(value), _tidy(value).lower(), value.replace("_", " ")))
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(item)

    kb = knowledge()
    walk(kb)
    for code in [str(option.value) for option in kb.question("pop_region").options]:
        walk(region_name(code))
    walk(trigger_names([str(option.value) for option in kb.question("pop_triggers").options]))
    return frozenset(found)


def not_ours(text: str, typed: tuple[str, ...]) -> bool:
    """Whether unwrapped ``text`` is a knowledge text, typed by this test, or a date."""
    allowed = knowledge_texts() | {_tidy(value) for value in typed}
    return is_date(text) or listed(text, allowed)


def listed(text: str, allowed: frozenset[str] | set[str]) -> bool:
    """Whether ``text`` is allowed names joined by ", " (a name may hold a comma itself); a
    warning sign answered with a choice has it in brackets: "a fall or accident (major)"."""

    def named(item: str) -> bool:
        choice = CHOICE.search(item)
        if choice and _tidy(choice.group(1)) in allowed:
            item = item[: choice.start()]
        return _tidy(item) in allowed

    parts = text.split(", ")
    joined = [True] + [False] * len(parts)  # joined[i]: the first i parts are names
    for end in range(1, len(parts) + 1):
        joined[end] = any(
            joined[start] and named(", ".join(parts[start:end])) for start in range(end)
        )
    return joined[-1]


def assert_marked(html: str, *typed: str, whole_page: bool = False) -> None:
    shown = unmarked(html if whole_page else main_of(html))
    assert [text for text in shown if not not_ours(text, typed)] == []


def assert_title_marked(html: str) -> None:
    found = re.search(r"<title>(.*?)</title>", html, re.DOTALL)
    assert found and found.group(1).startswith("⟦"), found


# -- one person's diary, on the embedded store -----------------------------------------------


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as test_client:
        test_client.cookies.set(COOKIE, PSEUDO)
        yield test_client


def add_entry(client: TestClient) -> int:
    form = {
        **{"region": "lumbar", "pops": "2", "pain": "3", "pain_at_pop": "yes", "at": AT},
        **{"note": NOTE, "triggers": ["getting_up", "lifting"], "swelling": "yes"},
        FIELD: csrf_token(client, "/diary"),
    }
    assert client.post("/diary", data=form, follow_redirects=False).status_code == 303
    found = re.search(r'href="/diary/(\d+)/edit"', client.get("/diary").text)
    assert found
    return int(found.group(1))


def test_the_empty_diary_is_all_marked(client: TestClient) -> None:
    page = client.get("/diary").text
    assert "⟦Your pop diary⟧" in page
    assert_title_marked(page)
    assert_marked(page)


def test_the_diary_with_an_entry_and_its_trends_is_all_marked(client: TestClient) -> None:
    entry = add_entry(client)
    for path in ("/diary?saved=1", "/diary?changed=1", "/diary?deleted=1"):
        page = client.get(path).text
        assert "⟦Trends⟧" in page and NOTE in page
        assert_marked(page, NOTE)
    for path in (f"/diary/{entry}/edit", f"/diary/{entry}/delete"):
        page = client.get(path).text
        assert_title_marked(page)
        assert_marked(page, NOTE)


def test_a_diary_form_with_problems_is_all_marked(client: TestClient) -> None:
    entry = add_entry(client)
    token = csrf_token(client, "/diary")
    typed = {"region": "lumbar", "pops": "none", "pain": "11", "at": "soon", "note": "x"}
    added = client.post("/diary", data={**typed, FIELD: token})
    assert added.status_code == 422 and "⟦There is a problem⟧" in added.text
    assert_title_marked(added.text)
    assert_marked(added.text, NOTE, "x")
    changed = client.post(f"/diary/{entry}/edit", data={**typed, "at": "", FIELD: token})
    assert changed.status_code == 422
    assert_marked(changed.text, NOTE, "x")


def test_the_report_as_a_web_page_is_all_marked(client: TestClient) -> None:
    empty = client.get("/diary/report.html").text
    assert_marked(empty, whole_page=True)
    add_entry(client)
    page = client.get("/diary/report.html").text
    assert "⟦Pop diary report⟧" in page and NOTE in page
    assert_marked(page, NOTE, whole_page=True)


def test_the_report_of_a_busy_diary_and_the_longest_check_is_all_marked(
    client: TestClient,
) -> None:
    owner = client.app.state.store.owner(LOCAL_OWNER)  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    busy = {"region": "cervical", "pops": 9, "pain": 7, "triggers": list(TRIGGERS), "note": NOTE}
    for n in range(120):  # more than the report's table holds; popping and pain went up lately
        later = {"pops": 9, "pain_at_pop": True} if n < 40 else {"pops": 3}
        owner.add(check_entry({**busy, "at": now - timedelta(hours=12 * n), **later}))
    owner.save_assessment(every_warning_sign(), assess(every_warning_sign()).to_dict())
    page = client.get("/diary/report.html").text
    assert "⟦Warning signs screened⟧" in page and "more⟧" in page
    assert_marked(page, NOTE, whole_page=True)


def test_the_learn_pages_are_all_marked(client: TestClient) -> None:
    kb = knowledge()
    paths = [
        "/learn",
        *(f"/learn/conditions/{condition}" for condition in kb.conditions),
        *(f"/learn/advice/{advice}" for advice in kb.advice),
    ]
    for path in paths:
        page = client.get(path)
        assert page.status_code == 200, path
        assert_marked(page.text)
    assert_title_marked(client.get("/learn").text)


def test_the_api_reference_is_marked(client: TestClient) -> None:
    page = client.get("/docs").text
    assert_title_marked(page)
    assert_marked(page)


# -- accounts and sharing, in server mode -----------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> FastAPI:
    url = f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}"
    return create_app(settings_for(url, tmp_path, open_registration=True))


def person(app: FastAPI) -> Browser:
    browser = Browser(app)
    browser.client.cookies.set(COOKIE, PSEUDO)
    return browser


def test_signing_in_and_up_is_all_marked(server: FastAPI) -> None:
    browser = person(server)
    for path in ("/login", "/register"):
        page = browser.get(path).text
        assert_title_marked(page)
        assert_marked(page)


def test_the_account_pages_are_all_marked(server: FastAPI) -> None:
    browser = person(server)
    assert browser.register(ACCOUNT).status_code == 303
    for path in ("/account", "/account?changed=1"):
        page = browser.get(path).text
        assert_title_marked(page)
        assert_marked(page, ACCOUNT)
    # a refusal names its field by the form's label, and says what is wrong, all marked
    refused = browser.post("/account/delete", {"password": PASSWORD})
    assert refused.status_code == 422
    assert "⟦⟦Confirmation⟧: ⟦tick the box to say you want everything deleted⟧⟧" in refused.text
    assert_marked(refused.text, ACCOUNT)
    short = browser.post(
        "/account/password",
        {"current_password": PASSWORD, "new_password": "short", "new_password_again": "short"},
    )
    assert short.status_code == 422 and "⟦use at least" in short.text
    assert_marked(short.text, ACCOUNT)
    deleted = browser.post("/account/delete", {"password": PASSWORD, "confirm": "yes"})
    assert deleted.status_code == 200
    assert_title_marked(deleted.text)
    assert_marked(deleted.text)


def test_sharing_and_what_a_link_opens_are_all_marked(server: FastAPI) -> None:
    browser = person(server)
    browser.register(ACCOUNT)
    assert_marked(browser.get("/shares").text)
    browser.add_entry(NOTE)
    link = browser.share(LABEL)
    clinician = person(server)
    shared: httpx.Response = clinician.get(link)
    assert shared.status_code == 200
    assert_title_marked(shared.text)
    assert_marked(shared.text, NOTE)
    assert_marked(clinician.get(f"{link}/report.html").text, NOTE, whole_page=True)
    made = browser.post("/shares", {"label": LABEL, "days": "7"}).text
    assert "⟦Who looked⟧" in made
    assert_title_marked(made)
    assert_marked(made, LABEL)


def test_unmarked_finds_words_outside_the_brackets_and_nothing_else() -> None:
    page = (
        '<p>⟦Change<span class="hidden"> the entry of 7 Dec⟧</span></p><p>Forgotten</p>'
        '<img alt="⟦A chart⟧"><img alt="A chart"><input type="submit" value="Go">'
        '<input type="hidden" value="secret"><script>let words = "not shown"</script>'
        "<p>12 · 3.5%</p><p>⟦Moderate⟧. A note</p>"
    )
    assert unmarked(page) == ["Forgotten", "A chart", "Go", "A note"]
