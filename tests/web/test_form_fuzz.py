"""Crafted and random input through every form, in server mode, on SQLite and PostgreSQL.

Whatever a form is sent (huge ids, digits int() cannot read, dates past the calendar, NUL and
other control characters, a check state nested thousands deep, unknown fields), the answer is
never a 5xx: the bad field is refused with a 4xx that names it. Also here: HEAD is answered
wherever GET is, and nothing opened through a share link may be indexed.

The form routes are enumerated from the app: a form route added later fails
``test_every_form_route_is_fuzzed`` until it is added to ``FORMS``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.routing import Route

from crepitus.diary import charts
from crepitus.knowledge import knowledge
from crepitus.settings import Settings
from crepitus.web.app import all_routes, create_app
from tests.durability.conftest import postgres_schema

SECRET_KEY = "f" * 48
PASSWORD = "Tangerine wobble harbour 42 quietly"
ENTRY = {"region": "lumbar", "pops": "2", "pain": "3", "at": "2026-11-02T08:30"}
DEEP_STATE = '{"a":{"age":' + "[" * 3000 + "]" * 3000 + "}}"
# the JSON routes are fuzzed by schemathesis (test_schemathesis.py), the rest here
JSON_APIS = ("/api/", "/fhir/", "/cds-services")


# --- a signed-in person, over HTTPS, in a server of their own -----------------------------------


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite+pysqlite:///{folder / 'server.sqlite3'}"
    else:
        with postgres_schema(folder) as made:
            yield made.url


def server(url: str, folder: Path) -> FastAPI:
    return create_app(
        Settings(data_dir=folder, multi_user=True, secret_key=SECRET_KEY, database_url=url)
    )


class Person:
    """One browser: its own cookies, an account, and the CSRF token of its session."""

    def __init__(self, app: FastAPI) -> None:
        self.client = TestClient(
            app,
            base_url="https://testserver",
            follow_redirects=False,
            raise_server_exceptions=False,
        )
        self.name = f"fuzz-{uuid.uuid4().hex[:10]}"
        self._token = ""
        answer = self.post(
            "/register",
            {"username": self.name, "password": PASSWORD, "password_again": PASSWORD},
        )
        assert answer.status_code == 303, answer.text
        self.sign_in()

    def token(self) -> str:
        found = re.search(r'name="csrf_token" value="([^"]+)"', self.client.get("/login").text)
        assert found, "no CSRF token on /login"
        return found[1]

    def post(self, path: str, data: dict[str, Any] | None = None) -> httpx.Response:
        """Post a form as the page would, with the session's CSRF token (fetched anew when the
        session changed under it)."""
        for _ in range(2):
            self._token = self._token or self.token()
            answer: httpx.Response = self.client.post(
                path, data={**(data or {}), "csrf_token": self._token}
            )
            if answer.status_code != 403:
                return answer
            self._token = ""
        return answer

    def get(self, path: str) -> httpx.Response:
        answer: httpx.Response = self.client.get(path)
        return answer

    def signed_in(self) -> bool:
        return self.get("/account").status_code == 200

    def sign_in(self) -> None:
        if self.signed_in():
            return
        self._token = ""
        answer = self.post("/login", {"username": self.name, "password": PASSWORD})
        assert answer.status_code == 303, answer.text
        self._token = ""
        assert self.signed_in()

    def add_entry(self) -> int:
        assert self.post("/diary", ENTRY).status_code == 303
        return int(re.findall(r'href="/diary/(\d+)/edit"', self.get("/diary").text)[0])

    def share(self) -> tuple[int, str]:
        page = self.post("/shares", {"label": "Dr Example", "days": "7"}).text
        link = re.search(r'value="https://testserver/shared/([^"]+)"', page)
        revoke = re.search(r'action="/shares/(\d+)/revoke"', page)
        assert link and revoke, page
        return int(revoke[1]), link[1]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def person(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Person]:
    folder = tmp_path_factory.mktemp(request.param)
    with database(request.param, folder) as url:
        yield Person(server(url, folder))


def refused(answer: httpx.Response, field: str) -> None:
    """A 4xx whose answer names ``field``."""
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])
    assert field in answer.text, f"{field} is not named in: {answer.text[:300]}"


# --- crafted input ------------------------------------------------------------------------------


@pytest.mark.parametrize("huge", [2**31, 2**63, 10**30])
def test_ids_past_the_database_are_refused_naming_them(person: Person, huge: int) -> None:
    # a page's address: the friendly page names what is not there
    refused(person.get(f"/diary/{huge}/edit"), f"There is no diary entry &#39;{huge}&#39;")
    refused(person.get(f"/diary/{huge}/delete"), f"There is no diary entry &#39;{huge}&#39;")
    refused(person.post(f"/diary/{huge}/edit", ENTRY), f"diary entry &#39;{huge}&#39;")
    refused(person.post(f"/diary/{huge}/delete"), f"diary entry &#39;{huge}&#39;")
    refused(person.post(f"/shares/{huge}/revoke"), f"share link &#39;{huge}&#39;")


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"pops": "²"}, "pops"),
        ({"pain": "³"}, "pain"),
        ({"pops": "9" * 5000}, "pops"),
        ({"at": "0001-01-01T00:00+01:00"}, "at"),
        ({"at": "9999-12-31T23:59-01:00"}, "at"),
        ({"note": "before\x00after"}, "note"),
    ],
)
def test_crafted_diary_values_are_refused_naming_the_field(
    person: Person, fields: dict[str, str], named: str
) -> None:
    before = person.get("/diary").text.count('/edit"')
    entry_id = person.add_entry()
    # named beside the field, and linked from the summary
    refused(person.post("/diary", {**ENTRY, **fields}), f'id="{named}-error"')
    refused(person.post(f"/diary/{entry_id}/edit", {**ENTRY, **fields}), f'href="#{named}"')
    assert person.get("/diary").text.count('/edit"') == before + 1  # nothing more was saved


@pytest.mark.parametrize(
    ("fields", "named"),
    [({"days": "²"}, "days"), ({"days": "\u0667"}, "days"), ({"label": "Dr\x00Who"}, "label")],
)
def test_crafted_share_values_are_refused_naming_the_field(
    person: Person, fields: dict[str, str], named: str
) -> None:
    refused(person.post("/shares", {"label": "Dr Example", "days": "7", **fields}), named)


def test_a_feedback_comment_with_a_nul_is_refused_naming_it(person: Person) -> None:
    answer = person.post("/feedback", {"helpful": "yes", "triage": "urgent", "comment": "a\x00"})
    refused(answer, "comment")


@pytest.mark.parametrize("path", ["/check", "/check/confirm"])
def test_a_check_state_nested_thousands_deep_is_refused(person: Person, path: str) -> None:
    answer = person.post(path, {"state": DEEP_STATE, "field": "age", "answer": "40"})
    assert 400 <= answer.status_code < 500, answer.status_code
    assert "state" in answer.text


# --- HEAD wherever GET, and no index through share links -----------------------------------------


def get_paths(app: FastAPI, values: dict[str, str]) -> list[str]:
    """Every GET route of the app, its parameters filled in from ``values``."""
    paths = []
    for route in all_routes(app):
        if isinstance(route, Route) and "GET" in (route.methods or ()):
            names = re.findall(r"{(\w+)}", route.path)
            missing = set(names) - set(values)
            assert not missing, f"{route.path}: add a value for {missing} to the test"
            paths.append(re.sub(r"{(\w+)}", lambda m: values[m[1]], route.path))
    return paths


def test_head_is_answered_wherever_get_is(person: Person) -> None:
    app: FastAPI = person.client.app  # type: ignore[assignment]
    entry_id = person.add_entry()
    _, token = person.share()
    kb = knowledge()
    values = {
        "entry_id": str(entry_id),
        "name": next(iter(charts.BY_NAME)),
        "token": token,
        "condition_id": next(iter(kb.conditions)),
        "advice_id": next(iter(kb.advice)),
        "code": "en",
    }
    paths = [*get_paths(app, values), "/static/style.css", "/no/such/page"]
    for path in paths:
        got, head = person.get(path), person.client.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path
    # and a route without GET still says which methods it allows
    head = person.client.head("/feedback")
    assert head.status_code == 405 and "POST" in head.headers["allow"]


def test_nothing_opened_through_a_share_link_may_be_indexed(person: Person) -> None:
    person.add_entry()
    _, token = person.share()
    for what in ["", "/report.html", "/report.pdf", *(f"/charts/{n}.svg" for n in charts.BY_NAME)]:
        answer = person.get(f"/shared/{token}{what}")
        assert answer.status_code == 200, what
        assert "noindex" in answer.headers.get("x-robots-tag", ""), what


# --- random input through every form ------------------------------------------------------------

NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "²",
    "³",
    "٣",
    "9" * 40,
    str(2**31),
    str(2**63),
    "\x00",
    "a\x00b",
    "\r\n",
    "\x07",
    "=1+1",
    "<script>alert(1)</script>",
    "{}",
    "[]",
    "null",
    '{"a":{},"s":[],"h":[]}',
    '{"a":{"age":[[[[[[[[1]]]]]]]]},"s":[],"h":[]}',
    DEEP_STATE,
    "0001-01-01T00:00+01:00",
    "9999-12-31T23:59-01:00",
    "2026-02-30T10:00",
    "2026-11-20T08:30",
    "yes",
    "no",
    "lumbar",
    "bending",
    "urgent",
    "next",
    "back",
    "skip",
    "age",
    "pop_region",
]
VALUE = st.one_of(st.sampled_from(NASTY), st.text(max_size=80), st.integers().map(str))
VALUES = st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3))
CASE_FIELDS = ["age", "pop_region", "pain_score", "saddle_numbness", "pop_triggers"]
DIARY = ["at", "region", "pops", "pain", "sound", "triggers", "pain_at_pop", "swelling"]
DIARY += ["stiffness", "note"]
# each form route and the fields its form sends ({id} is one of the person's own, or not)
FORMS: dict[str, list[str]] = {
    "/check": ["state", "field", "answer", "action"],
    "/check/describe": ["description", "action"],
    "/check/confirm": ["state", "description", "action", "later", *CASE_FIELDS],
    "/check/keep": ["state"],
    "/check/forget": [],
    "/diary": DIARY,
    "/diary/{entry_id}/edit": DIARY,
    "/diary/{entry_id}/delete": [],
    "/feedback": ["helpful", "triage", "comment", "state"],
    "/kept/forget": ["sure"],
    "/shares": ["label", "days"],
    "/shares/{share_id}/revoke": [],
    "/register": ["username", "password", "password_again"],
    "/login": ["username", "password", "next"],
    "/logout": [],
    "/account/password": ["current_password", "new_password", "new_password_again"],
    "/account/delete": ["password", "confirm"],
}
# Routes that read a description: when reading it would take longer than its deadline (a busy
# machine), they answer 503 and ask to try again, by design.
READS_WORDS = {"/check/describe", "/check/confirm"}
IDS = st.one_of(
    st.just("own"),
    st.sampled_from(["0", "-1", str(2**31), str(2**63), "1e3", "%C2%B2", "x"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def forms(fields: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    optional = dict.fromkeys(fields, VALUES)
    known = st.fixed_dictionaries({}, optional=optional)
    extra = st.dictionaries(st.text(min_size=1, max_size=12), VALUE, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, extra)


def test_every_form_route_is_fuzzed(person: Person) -> None:
    app: FastAPI = person.client.app  # type: ignore[assignment]
    posted = {
        route.path
        for route in all_routes(app)
        if isinstance(route, Route)
        and "POST" in (route.methods or ())
        and not route.path.startswith(JSON_APIS)
    }
    assert posted == set(FORMS)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("route", sorted(FORMS))
def test_no_form_input_is_a_server_error(route: str, kind: str, tmp_path: Path) -> None:
    # a server of its own: what one route's input does (a sign-out, failed sign-ins counted
    # against this address) must not change what another route's test meets
    with database(kind, tmp_path) as url:
        person = Person(server(url, tmp_path))
        own = {"entry_id": str(person.add_entry()), "share_id": str(person.share()[0])}

        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(form=forms(FORMS[route]), ids=IDS)
        def post_anything(form: dict[str, Any], ids: str) -> None:
            path = route
            for name, mine in own.items():
                path = path.replace(f"{{{name}}}", mine if ids == "own" else ids)
            answer = person.post(path, form)
            status = answer.status_code
            busy = status == 503 and route in READS_WORDS  # a deadline met, not a failure
            assert status < 500 or busy, f"{path} {form!r}: {status}"
            if not person.signed_in():  # /logout did its work: sign in again for the next one
                person.sign_in()

        post_anything()
