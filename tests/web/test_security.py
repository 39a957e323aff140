"""Hardening: security headers, no inline script, escaped output, field limits, and a request log
that carries no health data."""

from __future__ import annotations

import html
import io
import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from starlette.routing import Route

from crepitus.knowledge import knowledge
from crepitus.logs import ACCESS_LOGGER, BackgroundWriter, JsonFormatter, TextFormatter
from crepitus.settings import Settings
from crepitus.store.diary import MAX_NOTE
from crepitus.understanding.read import MAX_TEXT
from crepitus.web.app import all_routes, create_app
from crepitus.web.check_state import CheckState
from crepitus.web.csrf import COOKIE
from crepitus.web.security import STRICT
from tests.web.conftest import _free_port
from tests.web.forms import FIELD, csrf_token

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE entries; --"
ALWAYS = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def csp(response: httpx.Response) -> dict[str, list[str]]:
    policy = response.headers["content-security-policy"]
    directives = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


def add_entry(client: TestClient, note: str) -> httpx.Response:
    form = {"region": "lumbar", "pops": "2", "pain": "3", "note": note, FIELD: csrf_token(client)}
    response: httpx.Response = client.post("/diary", data=form, follow_redirects=False)
    return response


# -- headers ------------------------------------------------------------------------------------

ANSWERS = {
    "a page": ("GET", "/learn", 200),
    "a form answer": ("POST", "/check/describe", 200),
    "a refused form": ("POST", "/diary", 403),
    "an API answer": ("GET", "/api/v1/interview", 200),
    "a FHIR answer": ("GET", "/fhir/Questionnaire/back-popping", 200),
    "a static file": ("GET", "/static/style.css", 200),
    "a chart": ("GET", "/diary/charts/pops.svg", 200),
    "a missing page": ("GET", "/learn/conditions/nothing", 404),
    "a missing API answer": ("GET", "/api/v1/nothing", 404),
    "a bad diary id": ("GET", "/diary/not-a-number/edit", 404),
    "a bad API body": ("POST", "/api/v1/assess", 400),
    "a wrong method": ("DELETE", "/api/v1/health", 405),
}


@pytest.mark.parametrize("kind", sorted(ANSWERS))
def test_every_answer_carries_the_security_headers(client: TestClient, kind: str) -> None:
    method, path, status = ANSWERS[kind]
    if kind == "a form answer":
        response = client.post(path, data={"description": "", FIELD: csrf_token(client)})
    else:
        response = client.request(method, path, content=b"{" if method == "POST" else None)
    assert response.status_code == status
    for name, value in ALWAYS.items():
        assert response.headers[name] == value, name
    policy = csp(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert re.fullmatch(r"[0-9a-f]{16}", response.headers["x-request-id"])


def test_a_refused_large_body_carries_the_security_headers(client: TestClient) -> None:
    response = client.post("/api/v1/assess", content=b"x" * (Settings().max_body_bytes + 1))
    assert response.status_code == 413
    assert response.headers["x-frame-options"] == "DENY"
    assert "'unsafe-inline'" not in csp(response)["script-src"]


def test_the_strict_policy_is_the_one_pages_get(client: TestClient) -> None:
    assert csp(client.get("/")) == {name: value.split() for name, value in STRICT.items()}


@pytest.mark.parametrize("path", ["/", "/docs", "/diary", "/diary/report.html"])
def test_no_page_may_run_inline_script(client: TestClient, path: str) -> None:
    policy = csp(client.get(path))
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]


def test_only_redoc_and_the_report_may_use_inline_styles(client: TestClient) -> None:
    assert "'unsafe-inline'" in csp(client.get("/docs"))["style-src"]
    assert csp(client.get("/docs"))["worker-src"] == ["blob:"]
    report = csp(client.get("/diary/report.html"))
    assert "'unsafe-inline'" in report["style-src"] and report["script-src"] == ["'none'"]
    for path in ("/", "/learn", "/diary", "/check", "/learn/conditions/nothing"):
        assert csp(client.get(path))["style-src"] == ["'self'"], path


def test_an_svg_chart_keeps_its_own_styles_and_runs_no_script(client: TestClient) -> None:
    policy = csp(client.get("/diary/charts/pain.svg"))
    assert policy["style-src"] == ["'unsafe-inline'"] and policy["script-src"] == ["'none'"]


@pytest.mark.parametrize(
    "path", ["/", "/learn", "/diary", "/diary/report.html", "/api/v1/interview", "/nothing"]
)
def test_pages_and_health_data_are_never_cached(client: TestClient, path: str) -> None:
    assert client.get(path).headers["cache-control"] == "no-store"


def test_diary_charts_and_reports_are_never_cached(client: TestClient) -> None:
    add_entry(client, "")
    for path in ("/diary/charts/pops.svg", "/diary/report.pdf"):
        assert client.get(path).headers["cache-control"] == "no-store", path


def test_static_files_may_be_cached(client: TestClient) -> None:
    assert "cache-control" not in client.get("/static/style.css").headers


# -- templates ----------------------------------------------------------------------------------

INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def templates() -> list[tuple[str, str]]:
    folder = resources.files("crepitus.web").joinpath("templates")
    return sorted(
        (p.name, p.read_text("utf-8")) for p in folder.iterdir() if p.name.endswith(".html")
    )


@pytest.mark.parametrize(("name", "source"), templates(), ids=[n for n, _ in templates()])
def test_no_template_has_inline_script_or_style(name: str, source: str) -> None:
    found = [kind for kind, pattern in INLINE.items() if pattern.search(source)]
    assert not found, f"{name}: {found}"


def test_the_report_has_inline_styles_but_no_script() -> None:
    source = resources.files("crepitus.diary").joinpath("templates", "report.html").read_text()
    for kind in ("inline script", "event handler", "javascript: link"):
        assert not INLINE[kind].search(source), kind
    assert "<script" not in source


# -- escaping -----------------------------------------------------------------------------------


@pytest.mark.parametrize("note", [SCRIPT, ATTRIBUTE], ids=["script", "attribute"])
def test_a_note_with_markup_is_shown_escaped_everywhere(client: TestClient, note: str) -> None:
    assert add_entry(client, note).status_code == 303
    for path in ("/diary", "/diary/1/edit", "/diary/report.html"):
        page = client.get(path).text
        assert note not in page, path
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert str(escape(note)) in page, path


def test_markup_in_a_refused_entry_is_escaped_on_the_error_page(client: TestClient) -> None:
    form = {"region": "lumbar", "pops": "0", "pain": "3", "note": SCRIPT, "at": ATTRIBUTE}
    page = client.post("/diary", data={**form, FIELD: csrf_token(client)}).text
    assert SCRIPT not in page and ATTRIBUTE not in page


def test_markup_in_a_description_is_escaped(client: TestClient) -> None:
    text = SCRIPT + ATTRIBUTE + "x" * MAX_TEXT  # too long: shown back in the box, with the error
    form = {"description": text, "action": "read", FIELD: csrf_token(client)}
    page = client.post("/check/describe", data=form).text
    assert SCRIPT not in page and ATTRIBUTE not in page
    assert str(escape(SCRIPT + ATTRIBUTE)) in page


def test_sql_looking_text_is_stored_and_shown_verbatim(client: TestClient) -> None:
    assert add_entry(client, SQL).status_code == 303
    assert add_entry(client, "after").status_code == 303  # the table is still there
    assert [e.note for e in client.app.state.store.owner().entries()] == [SQL, "after"]  # type: ignore[attr-defined]
    for path in ("/diary", "/diary/1/edit", "/diary/report.html"):
        assert str(escape(SQL)) in client.get(path).text, path
    edit = client.get("/diary/1/edit").text
    box = re.search(r'<textarea id="note"[^>]*>([^<]*)</textarea>', edit)
    assert box is not None and html.unescape(box[1]) == SQL


# -- field limits -------------------------------------------------------------------------------


def test_an_over_long_note_is_refused_naming_the_field(client: TestClient) -> None:
    response = add_entry(client, "a" * (MAX_NOTE + 1))
    assert response.status_code == 422
    assert f"Your note is {MAX_NOTE + 1:,} characters long" in response.text
    assert 'id="note-error"' in response.text
    assert "No entries yet" in response.text


def test_an_over_long_note_is_refused_when_editing(client: TestClient) -> None:
    add_entry(client, "short")
    form = {"region": "lumbar", "pops": "2", "pain": "3", "note": "a" * (MAX_NOTE + 1)}
    form["at"] = "2026-11-02T08:30"
    response = client.post("/diary/1/edit", data={**form, FIELD: csrf_token(client)})
    assert response.status_code == 422 and "Your note is" in response.text
    assert "short" in client.get("/diary").text


def test_an_over_long_description_is_refused_naming_the_field(client: TestClient) -> None:
    text = "pop " * (MAX_TEXT // 4 + 1)
    form = {"description": text, "action": "read", FIELD: csrf_token(client)}
    response = client.post("/check/describe", data=form)
    assert response.status_code == 422
    assert f"Please shorten it to {MAX_TEXT} characters or fewer" in response.text
    assert "Your description is" in response.text


def test_an_over_long_feedback_comment_is_refused_naming_the_field(client: TestClient) -> None:
    form = {"helpful": "yes", "triage": "self_care", "comment": "a" * (MAX_NOTE + 1)}
    response = client.post("/feedback", data={**form, FIELD: csrf_token(client)})
    assert response.status_code == 422 and "comment" in response.text
    assert client.app.state.store.owner().feedback() == []  # type: ignore[attr-defined]


def test_the_form_fields_say_their_limits_to_the_browser(client: TestClient) -> None:
    add_entry(client, "")
    # the diary's note is counted as it is typed, never cut: the server refuses it whole
    assert f'data-max="{MAX_NOTE}"' in client.get("/diary").text
    assert f'data-max="{MAX_NOTE}"' in client.get("/diary/1/edit").text
    # so is the description: a long paste is never cut without a word (the server refuses it)
    describe = client.get("/check").text
    assert f'data-max="{MAX_TEXT}"' in describe and "maxlength" not in describe


# -- the request log ----------------------------------------------------------------------------

SECRET_NOTE = "zebrafinchnote"
SECRET_DESCRIPTION = "aardvarkdescription"
SECRET_QUERY = "quokkaquery"
SECRETS = (SECRET_NOTE, SECRET_DESCRIPTION, SECRET_QUERY, "Bearer", "cookie-value")


def health_requests(client: httpx.Client | TestClient) -> None:
    """Requests carrying health data in every place a request can carry it.

    The diary page is loaded first, as a browser does, for the token its forms carry."""
    token = csrf_token(client, "/diary")
    # a cookie header of one's own replaces the client's cookies: the CSRF cookie goes in it too
    cookie = f"session=cookie-value; {COOKIE}={client.cookies[COOKIE]}"
    headers = {"authorization": "Bearer cookie-value", "cookie": cookie}
    client.post(
        "/diary",
        data={"region": "lumbar", "pops": "2", "pain": "7", "note": SECRET_NOTE, FIELD: token},
        headers=headers,
        follow_redirects=False,
    )
    client.get("/diary/1/edit")
    again = {"region": "lumbar", "pops": "2", "pain": "8", "note": SECRET_NOTE + " again"}
    again["at"] = "2026-11-02T08:30"
    client.post("/diary/1/edit", data={**again, FIELD: token}, follow_redirects=False)
    described = {"description": f"My neck pops, {SECRET_DESCRIPTION}", FIELD: token}
    client.post("/check/describe", data=described)
    client.post("/api/v1/understand", json={"text": f"my back pops {SECRET_DESCRIPTION}"})
    client.get(f"/diary?note={SECRET_QUERY}")
    client.get(f"/learn/conditions/{SECRET_QUERY}")  # a 404, with the data in the path
    client.get(f"/{SECRET_QUERY}")  # matches no route at all


@pytest.fixture
def access_lines() -> Iterator[io.StringIO]:
    """The access log as JSON lines, as `crepitus serve` formats them."""
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(ACCESS_LOGGER)
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_each_request_is_one_json_line_naming_its_route(
    client: TestClient, access_lines: io.StringIO
) -> None:
    health_requests(client)
    logged = [json.loads(line) for line in access_lines.getvalue().splitlines()]
    assert [(line["method"], line["route"], line["status"]) for line in logged] == [
        ("GET", "/diary", 200),
        ("POST", "/diary", 303),
        ("GET", "/diary/{entry_id}/edit", 200),
        ("POST", "/diary/{entry_id}/edit", 303),
        ("POST", "/check/describe", 303),
        ("GET", "/check/confirm", 200),  # the description is in its query string, never logged
        ("POST", "/api/v1/understand", logged[6]["status"]),  # 503 without the NLP extra
        ("GET", "/diary", 200),
        ("GET", "/learn/conditions/{condition_id}", 404),
        ("GET", None, 404),
    ]
    for line in logged:
        assert set(line) == {
            "time",
            "level",
            "event",
            "method",
            "route",
            "status",
            "duration_ms",
            "request_id",
        }
        assert line["level"] == "info" and line["event"] == "request"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
        assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert len({line["request_id"] for line in logged}) == len(logged)


def test_the_request_log_holds_no_health_data(
    client: TestClient, access_lines: io.StringIO
) -> None:
    health_requests(client)
    text = access_lines.getvalue()
    assert text.count("\n") == 10
    for secret in SECRETS:
        assert secret not in text


def test_the_request_id_is_the_one_logged(client: TestClient, access_lines: io.StringIO) -> None:
    response = client.get("/learn")
    assert json.loads(access_lines.getvalue())["request_id"] == response.headers["x-request-id"]


def test_the_text_format_is_one_plain_line_a_request() -> None:
    request = {
        "method": "GET",
        "route": "/diary/{entry_id}/edit",
        "status": 200,
        "duration_ms": 3.25,
        "request_id": "0123456789abcdef",
    }
    record = logging.LogRecord(ACCESS_LOGGER, logging.INFO, __file__, 1, "request", None, None)
    record.request = request
    line = TextFormatter().format(record)
    assert re.fullmatch(
        r"\S+Z INFO    GET /diary/\{entry_id\}/edit 200 3\.2ms id=0123456789abcdef", line
    ), line


def test_an_error_is_logged_by_type_and_place_never_by_its_message() -> None:
    try:
        int(f"pain {SECRET_NOTE}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, sys.exc_info())
    for formatter in (JsonFormatter(), TextFormatter()):
        line = formatter.format(record)
        assert "ValueError" in line and "test_security.py" in line
        assert SECRET_NOTE not in line


def test_a_stalled_log_reader_never_stalls_a_request() -> None:
    read_end, write_end = os.pipe()  # nobody reads: the pipe fills after some 64 kB
    writer = BackgroundWriter(write_end, capacity=100)
    writer.setFormatter(JsonFormatter())
    started = time.monotonic()
    for n in range(5_000):
        writer.emit(logging.LogRecord("x", logging.WARNING, __file__, n, "x" * 200, None, None))
    assert time.monotonic() - started < 2
    assert writer.dropped > 0
    os.close(read_end)  # now each write fails: the writer carries on, and drains its queue
    writer.flush(timeout=5)
    assert writer._lines.empty()
    os.close(write_end)


def test_crepitus_serve_logs_json_lines_without_health_data(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "stderr.log"
    env = {**os.environ, "CREPITUS_DATA_DIR": str(tmp_path)}
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "crepitus", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + 30
            while True:
                try:
                    client.get("/api/v1/health")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.1)
            health_requests(client)
    finally:
        process.terminate()
        process.wait(timeout=10)
    text = log.read_text()
    requests = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert [r["route"] for r in requests[-9:]] == [
        "/diary",
        "/diary",
        "/diary/{entry_id}/edit",
        "/diary/{entry_id}/edit",
        "/check/describe",
        "/api/v1/understand",
        "/diary",
        "/learn/conditions/{condition_id}",
        None,
    ]
    assert all(r["event"] == "request" for r in requests)
    assert '"GET /' not in text  # uvicorn's own access log, which shows the raw path, is off
    for secret in SECRETS:
        assert secret not in text


# -- forms and CSRF -----------------------------------------------------------------------------

EXPIRED = "This form has expired"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_FORMS = ("/api/", "/fhir/", "/cds-services")


def form_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every route that takes a form, with ``{entry_id}`` as entry 1 (the
    deletes last, so that the others still find the entry)."""
    found = set()
    for route in all_routes(client.app):  # type: ignore[arg-type]
        if isinstance(route, Route) and not route.path.startswith(NOT_FORMS):
            for method in (route.methods or set()) & WRITES:
                found.add((method, route.path.replace("{entry_id}", "1")))
    return sorted(found, key=lambda route: (route[1].endswith("/delete"), route))


def forged_form(client: TestClient) -> dict[str, str]:
    """A form every route would act on: an entry, feedback, a description, a finished check."""
    skipped = [q.field for q in knowledge().questions if not q.required and q.field != "pain_score"]
    state = CheckState({"age": 52, "pain_score": 0}, skipped, ["age", "pain_score", *skipped])
    return {
        "region": "cervical",
        "pops": "1",
        "pain": "9",
        "note": "forged",
        "at": "2026-11-02T08:30",
        "helpful": "yes",
        "triage": "self_care",
        "comment": "forged",
        "description": "my neck cracks",
        "state": state.encode(),
        "screen": "basics:pain_score",
        "pain_score": "0",
    }


def stored(client: TestClient) -> tuple[object, ...]:
    """All that the forms can change."""
    store = client.app.state.store.owner()  # type: ignore[attr-defined]
    return (store.count(), store.entries(), store.feedback(), store.latest_assessment())


def test_form_routes_are_all_found(client: TestClient) -> None:
    found = form_routes(client)
    for route in [("POST", "/diary"), ("POST", "/diary/1/delete"), ("POST", "/feedback")]:
        assert route in found
    assert ("POST", "/check") in found and ("POST", "/api/v1/assess") not in found


def test_a_form_without_its_token_is_refused_and_changes_nothing(client: TestClient) -> None:
    assert add_entry(client, "mine").status_code == 303
    stranger = TestClient(client.app)  # another browser: a cookie, and so a token, of its own
    theirs = csrf_token(stranger)
    assert theirs != csrf_token(client)
    no_cookie = TestClient(client.app)
    before = stored(client)
    form = forged_form(client)
    for method, path in form_routes(client):
        no_cookie.cookies.clear()
        attempts = {
            "no token": client.request(method, path, data=form),
            "an empty token": client.request(method, path, data={**form, FIELD: ""}),
            "another browser's token": client.request(method, path, data={**form, FIELD: theirs}),
            "a token but no cookie": no_cookie.request(
                method, path, data={**form, FIELD: csrf_token(client)}
            ),
            "a token in the query": client.request(
                method, path, data=form, params={FIELD: csrf_token(client)}
            ),
        }
        for how, response in attempts.items():
            assert response.status_code == 403, (method, path, how)
            assert EXPIRED in response.text and "Nothing was saved" in response.text
            assert stored(client) == before, (method, path, how)
    assert [e.note for e in client.app.state.store.owner().entries()] == ["mine"]  # type: ignore[attr-defined]


def test_the_same_forms_with_their_token_are_acted_on(client: TestClient) -> None:
    """The control for the test above: the forged form does change the store, given the token."""
    assert add_entry(client, "mine").status_code == 303
    form = {**forged_form(client), FIELD: csrf_token(client)}
    changed = []
    for method, path in form_routes(client):
        before = stored(client)
        response = client.request(method, path, data=form, follow_redirects=False)
        assert response.status_code != 403 and EXPIRED not in response.text, (method, path)
        if stored(client) != before:
            changed.append(path)
    expected = {"/check/keep", "/diary", "/diary/1/edit", "/diary/1/delete", "/feedback"}
    assert expected <= set(changed)


def test_a_token_from_the_form_of_another_browser_is_refused(client: TestClient) -> None:
    """A page fetched by another browser gives a token that only that browser's cookie fits."""
    theirs = TestClient(client.app)
    form = {"region": "lumbar", "pops": "2", "pain": "3", FIELD: csrf_token(theirs, "/diary")}
    assert client.post("/diary", data=form).status_code == 403
    assert theirs.post("/diary", data=form, follow_redirects=False).status_code == 303
    assert client.app.state.store.owner().count() == 1  # type: ignore[attr-defined]


class _PostForms(HTMLParser):
    """The csrf_token values inside each ``<form method="post">`` of a page, by action."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._open = []
            self.forms.append((a.get("action", ""), self._open))
        elif tag == "form":
            self._open = None
        elif tag == "input" and self._open is not None and a.get("name") == FIELD:
            assert a.get("type") == "hidden", a
            self._open.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._open = None


def post_forms(page: str) -> list[tuple[str, list[str]]]:
    reader = _PostForms()
    reader.feed(page)
    return reader.forms


def test_every_form_on_every_page_carries_the_token(client: TestClient) -> None:
    add_entry(client, "")
    token = csrf_token(client)
    check = {
        "state": forged_form(client)["state"],
        "screen": "basics:pain_score",
        "pain_score": "0",
    }
    pages = {
        "the describe page": client.get("/check"),
        "the confirm page": client.post(
            "/check/describe", data={"description": "I'm 44, my neck cracks", FIELD: token}
        ),
        "a question page": client.post(
            "/check/describe", data={"description": "", "action": "questions", FIELD: token}
        ),
        "a result page": client.post("/check", data={**check, FIELD: token}),
        "the diary": client.get("/diary"),
        "the diary, refusing an entry": client.post(
            "/diary", data={"region": "lumbar", "pops": "0", "pain": "3", FIELD: token}
        ),
        "the edit page": client.get("/diary/1/edit"),
        "the delete page": client.get("/diary/1/delete"),
        "what this device keeps": client.get("/kept"),
    }
    expected = {
        "the describe page": {"/check/describe"},
        "the confirm page": {"/check/confirm"},
        "a question page": {"/check"},
        "a result page": {"/check/keep", "/feedback"},
        "the diary": {"/diary"},
        "the diary, refusing an entry": {"/diary"},
        "the edit page": {"/diary/1/edit"},
        "the delete page": {"/diary/1/delete"},
        "what this device keeps": {"/kept/forget"},
    }
    for name, response in pages.items():
        forms = post_forms(response.text)
        assert {action for action, _ in forms} == expected[name], name
        for action, tokens in forms:
            assert tokens == [token], (name, action)
    for path in ("/", "/learn", "/docs", "/learn/conditions/nothing"):
        for action, tokens in post_forms(client.get(path).text):
            assert tokens == [token], (path, action)


def test_the_csrf_cookie_is_http_only_same_site_lax_and_not_secure_here(
    client: TestClient,
) -> None:
    first = client.get("/")
    set_cookies = [c for c in first.headers.get_list("set-cookie") if c.startswith(f"{COOKIE}=")]
    assert len(set_cookies) == 1
    value, *attributes = [part.strip() for part in set_cookies[0].split(";")]
    assert re.fullmatch(rf"{COOKIE}=[A-Za-z0-9_-]{{43}}", value)
    named = {a.split("=", 1)[0].lower(): a.split("=", 1)[-1] for a in attributes}
    assert "httponly" in named and named["samesite"] == "Lax" and named["path"] == "/"
    assert "secure" not in named  # personal mode runs on http://127.0.0.1
    assert "max-age" not in named and "expires" not in named  # gone when the browser closes
    assert "set-cookie" not in client.get("/diary").headers  # set once, then kept


def test_the_json_api_needs_no_token_and_sets_no_cookie(client: TestClient) -> None:
    response = client.post("/api/v1/assess", json={"age": 41, "pain_score": 6})
    assert response.status_code == 200 and response.json()["triage"]
    assert "set-cookie" not in response.headers
    assert not client.cookies


def test_two_csrf_cookies_of_one_name_are_refused(client: TestClient) -> None:
    token = csrf_token(client)
    seed = client.cookies[COOKIE]
    doubled = f"{COOKIE}={seed}; {COOKIE}={seed}"
    assert client.get("/diary", headers={"cookie": doubled}).status_code == 400
    form = {"region": "lumbar", "pops": "2", "pain": "3", FIELD: token}
    refused = client.post("/diary", data=form, headers={"cookie": doubled})
    assert refused.status_code == 400
    assert client.app.state.store.owner().count() == 0  # type: ignore[attr-defined]


def test_the_cookies_refused_twice_are_exactly_the_ones_read() -> None:
    from crepitus.web import auth, check_link, csrf

    assert set(csrf.READ) == {
        csrf.COOKIE,
        csrf.HOST_COOKIE,
        csrf.SESSION_COOKIE,
        auth.DEVICE_COOKIE,
        check_link.COOKIE,
        check_link.HOST_COOKIE,
    }
