"""Server mode under attack: one person against another's data, forged forms, guessed passwords,
stolen and stale links. Run on a SQLite file and on the real PostgreSQL server.

The routes are enumerated from the app, so a route added later is attacked too, or the test
fails asking for it to be added to the table of ids to try.
"""

from __future__ import annotations

import html
import re
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route

from crepitus.settings import Settings
from crepitus.store.accounts import Accounts
from crepitus.store.sharing import OwnerShares
from crepitus.web.app import all_routes, create_app
from tests.durability.conftest import postgres_schema

SECRET_KEY = "k" * 48
SESSION = "__Host-crepitus_session"
CSRF = "__Host-crepitus_csrf"
DEVICE = "__Host-crepitus_device"
PASSWORD = "a long enough password"
NEW_PASSWORD = "another long password"
JSON_APIS = ("/api/", "/fhir/", "/cds-services")
ENTRY = {"region": "lumbar", "pops": "2", "pain": "3", "note": ""}
# What each path parameter is tried with: the victim's own ids (filled in by the test).
PARAMETERS = {
    "code",  # a language: the switcher keeps no one's data
    "entry_id",
    "share_id",
    "token",
    "name",
    "condition_id",
    "advice_id",
    "path",
    "service_id",
}


def settings_for(url: str, folder: Path, **extra: object) -> Settings:
    return Settings(
        data_dir=folder,
        multi_user=True,
        secret_key=SECRET_KEY,
        database_url=url,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'server.sqlite3'}"
    else:
        with postgres_schema(tmp_path) as database:
            yield database.url


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> FastAPI:
    return create_app(settings_for(database_url, tmp_path))


class Browser:
    """One person's browser: its own cookies, over HTTPS (the session cookie is Secure)."""

    def __init__(self, app: FastAPI) -> None:
        self.client = TestClient(app, base_url="https://testserver", follow_redirects=False)

    def token(self, page: str = "/login") -> str:
        found = re.search(r'name="csrf_token" value="([0-9a-f]+)"', self.client.get(page).text)
        assert found, f"no CSRF token on {page}"
        return found.group(1)

    def post(self, path: str, data: dict[str, str] | None = None) -> httpx.Response:
        form = {**(data or {}), "csrf_token": self.token()}
        response: httpx.Response = self.client.post(path, data=form)
        return response

    def get(self, path: str) -> httpx.Response:
        response: httpx.Response = self.client.get(path)
        return response

    def register(self, name: str, password: str = PASSWORD) -> httpx.Response:
        data = {"username": name, "password": password, "password_again": password}
        return self.post("/register", data)

    def login(self, name: str, password: str = PASSWORD) -> httpx.Response:
        return self.post("/login", {"username": name, "password": password})

    def change_password(self, new: str = NEW_PASSWORD) -> httpx.Response:
        form = {"current_password": PASSWORD, "new_password": new, "new_password_again": new}
        return self.post("/account/password", form)

    def add_entry(self, note: str) -> int:
        assert self.post("/diary", {**ENTRY, "note": note}).status_code == 303
        ids = re.findall(r'href="/diary/(\d+)/edit"', self.get("/diary").text)
        return int(ids[0])

    def share(self, label: str = "Dr Example") -> str:
        page = self.post("/shares", {"label": label, "days": "7"}).text
        found = re.search(r'value="https://testserver(/shared/[^"]+)"', page)
        assert found, page
        return found.group(1)


def name() -> str:
    return f"user-{uuid.uuid4().hex[:10]}"


def routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every route the app serves (HEAD and OPTIONS aside)."""
    found = []
    for route in all_routes(app):
        if isinstance(route, Route):
            for method in sorted(route.methods or ()):
                if method not in ("HEAD", "OPTIONS"):
                    found.append((method, route.path))
    return found


def set_cookie(answer: httpx.Response, cookie: str) -> list[str]:
    """The attributes of the Set-Cookie header for ``cookie`` (the first is name=value)."""
    found = [c for c in answer.headers.get_list("set-cookie") if c.startswith(f"{cookie}=")]
    assert len(found) == 1, (cookie, answer.headers.get_list("set-cookie"))
    return found[0].split("; ")


def test_the_cookies_are_host_only_http_only_secure_and_same_site(app: FastAPI) -> None:
    browser = Browser(app)
    answer = browser.register(name())
    for cookie in (SESSION, CSRF, DEVICE):
        parts = set_cookie(answer, cookie)
        assert {"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} <= set(parts), cookie
        assert not any(part.lower().startswith("domain=") for part in parts), cookie
    fresh = browser.client.get("/learn", headers={"cookie": ""})
    assert {"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} <= set(set_cookie(fresh, CSRF))


def test_a_planted_csrf_cookie_cannot_forge_a_signed_in_persons_form(app: FastAPI) -> None:
    victim, attacker = Browser(app), Browser(app)
    victim.register(name())
    # the attacker knows a seed and its token (its own), and plants the seed in the victim's
    # browser; without the victim's session the token does not fit
    token = attacker.token("/login")
    planted = f"{SESSION}={victim.client.cookies[SESSION]}; {CSRF}={attacker.client.cookies[CSRF]}"
    forged = victim.client.post(
        "/diary", data={**ENTRY, "note": "forged", "csrf_token": token}, headers={"cookie": planted}
    )
    assert forged.status_code == 403
    assert "forged" not in victim.get("/diary").text


def test_signing_in_renews_the_csrf_cookie_and_token(app: FastAPI) -> None:
    who = name()
    Browser(app).register(who)
    browser = Browser(app)
    before = browser.token("/login")
    seed = browser.client.cookies[CSRF]
    answer = browser.login(who)
    assert answer.status_code == 303
    assert set_cookie(answer, CSRF)[0] != f"{CSRF}={seed}"
    assert browser.client.cookies[CSRF] != seed
    assert browser.token("/diary") != before
    stale = browser.client.post("/diary", data={**ENTRY, "csrf_token": before})
    assert stale.status_code == 403


def test_changing_the_password_renews_this_browsers_session_and_token(app: FastAPI) -> None:
    who = name()
    laptop = Browser(app)
    laptop.register(who)
    session, seed = laptop.client.cookies[SESSION], laptop.client.cookies[CSRF]
    token = laptop.token("/account")
    changed = laptop.change_password()
    assert changed.status_code == 303
    assert laptop.client.cookies[SESSION] != session
    assert laptop.client.cookies[CSRF] != seed
    assert laptop.get("/diary").status_code == 200  # still signed in, under the new cookie
    assert laptop.token("/account") != token
    assert laptop.client.post("/diary", data={**ENTRY, "csrf_token": token}).status_code == 403
    replay = Browser(app)
    replay.client.cookies.set(SESSION, session, domain="testserver")
    assert replay.get("/diary").status_code == 303  # the old session cookie is worth nothing


def test_a_request_with_two_of_our_cookies_of_one_name_is_refused(app: FastAPI) -> None:
    browser = Browser(app)
    browser.register(name())
    session, seed = browser.client.cookies[SESSION], browser.client.cookies[CSRF]
    token = browser.token("/diary")
    for doubled in (
        f"{SESSION}={session}; {CSRF}={seed}; {SESSION}=planted",
        f"{CSRF}=planted; {SESSION}={session}; {CSRF}={seed}",
        f"{SESSION}={session}; {CSRF}={seed}; crepitus_csrf=a; crepitus_csrf=b",
    ):
        for method in ("GET", "POST"):
            answer = browser.client.request(
                method,
                "/diary",
                data={**ENTRY, "csrf_token": token} if method == "POST" else None,
                headers={"cookie": doubled},
            )
            assert answer.status_code == 400, (doubled, method)
    assert "<tr>" not in browser.get("/diary").text.split("<tbody", 1)[-1]
    # someone else's cookies, twice, are none of crepitus's business
    other = f"{SESSION}={session}; {CSRF}={seed}; theme=a; theme=b"
    assert browser.client.get("/diary", headers={"cookie": other}).status_code == 200


def test_strangers_guessing_never_lock_the_owner_out(database_url: str, tmp_path: Path) -> None:
    app = create_app(settings_for(database_url, tmp_path, login_attempts=3))
    who, other = name(), name()
    owner = Browser(app)
    assert owner.register(who).status_code == 303  # this browser is now known for the name
    Browser(app).register(other)
    owner.post("/logout")
    stranger = Browser(app)  # every test browser comes from the same address
    for guess in range(3):
        assert stranger.login(who, f"wrong guess {guess}").status_code == 401
    for guess in range(10):  # hammering answers "wait", and checks nothing
        slowed = stranger.login(who, f"wrong guess {guess}")
        assert slowed.status_code == 429 and "Too many failed sign-ins" in slowed.text
        assert 0 < int(slowed.headers["retry-after"]) <= 60
    new_browser = Browser(app).login(who)  # an unknown browser from there waits too
    assert new_browser.status_code == 429
    # a device known for one name does not help another one
    assert owner.login(other, "wrong guess").status_code == 401
    assert owner.login(who).status_code == 303  # the owner's own browser is not slowed
    # nor is the signed-in owner's own confirmation, whatever strangers tried
    for guess in range(10):
        stranger.login(who, f"wrong guess {guess}")
    changed = owner.change_password()
    assert changed.status_code == 303
    deleted = owner.post("/account/delete", {"password": NEW_PASSWORD, "confirm": "yes"})
    assert deleted.status_code == 200 and "Account deleted" in deleted.text


def test_registration_is_limited_per_address(database_url: str, tmp_path: Path) -> None:
    app = create_app(settings_for(database_url, tmp_path, registrations_per_hour=2))
    for _ in range(2):
        assert Browser(app).register(name()).status_code == 303
    refused = Browser(app).register(name())
    assert refused.status_code == 429 and "Too many accounts" in refused.text
    assert 0 < int(refused.headers["retry-after"]) <= 3600


def test_busy_hashing_answers_503_with_retry_after(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crepitus.store.accounts as accounts_module

    who = name()
    Browser(app).register(who)
    monkeypatch.setattr(accounts_module, "HASHING_WAIT", 0.05)
    accounts = app.state.accounts
    slots = app.state.settings.hashing_slots
    for _ in range(slots):
        assert accounts.hashing.acquire(timeout=5)
    try:
        for answer in (Browser(app).login(who), Browser(app).register(name())):
            assert answer.status_code == 503 and "busy" in answer.text
            assert int(answer.headers["retry-after"]) >= 1
    finally:
        for _ in range(slots):
            accounts.hashing.release()
    assert Browser(app).login(who).status_code == 303


def test_registration_refuses_easy_passwords_and_does_not_say_taken(app: FastAPI) -> None:
    weak = Browser(app).register(name(), "password12")
    assert weak.status_code == 422 and "too easy to guess" in weak.text
    who = name()
    Browser(app).register(who)
    again = Browser(app).register(who, NEW_PASSWORD)
    assert again.status_code == 422
    assert "taken" not in again.text and "choose another" in again.text


def test_pages_with_health_data_need_a_sign_in(app: FastAPI) -> None:
    browser = Browser(app)
    private = [
        (m, p)
        for m, p in routes(app)
        if p.startswith(("/diary", "/check", "/feedback", "/shares", "/account"))
    ]
    assert len(private) >= 15
    for method, template in private:
        path = template.replace("{entry_id}", "1").replace("{share_id}", "1")
        path = path.replace("{name}", "pops")
        answer = browser.get(path) if method == "GET" else browser.post(path, ENTRY)
        assert answer.status_code == 303, (method, path, answer.status_code)
        assert answer.headers["location"].startswith("/login?next=/"), (method, path)


def test_one_person_cannot_reach_another_persons_data_through_any_route(app: FastAPI) -> None:
    victim, attacker = Browser(app), Browser(app)
    victim_name, attacker_name = name(), name()
    victim.register(victim_name)
    attacker.register(attacker_name)
    secret = f"victim-secret-{uuid.uuid4().hex}"
    entry_id = victim.add_entry(secret)
    link = victim.share("Dr Victim")
    share_id = int(re.findall(r'action="/shares/(\d+)/revoke"', victim.get("/shares").text)[0])
    store = app.state.store
    owner = Accounts(store).find(victim_name)
    assert owner is not None
    store.owner(owner.owner).add_feedback(True, secret, "self_care", "test")
    attacker_entry = attacker.add_entry("attacker's own")

    ids = {"entry_id": str(entry_id), "share_id": str(share_id), "name": "pops"}
    tried = 0
    last = ("/logout", "/account/delete")  # these end the attacker's session: tried at the end
    for method, template in sorted(routes(app), key=lambda route: route[1] in last):
        parameters = set(re.findall(r"{(\w+)}", template))
        assert parameters <= PARAMETERS, f"new route {template}: add its parameters to the test"
        if "token" in parameters or template.startswith(
            (*JSON_APIS, "/learn", "/static", "/language")
        ):
            continue  # share links are attacked below; the rest keep no one's data
        path = template
        for parameter, value in ids.items():
            path = path.replace(f"{{{parameter}}}", value)
        if method == "GET":
            answer = attacker.get(path)
        else:
            answer = attacker.post(path, {**ENTRY, "note": "overwritten", "label": "x"})
        assert secret not in answer.text, (method, path)
        if template not in last:
            assert not answer.headers.get("location", "").startswith("/login"), (method, path)
        if parameters & {"entry_id", "share_id"}:
            assert answer.status_code == 404, (method, path, answer.status_code)
        tried += 1
    assert tried >= 12

    # the attacker's own data is still reachable, so the 404s above were about ownership
    assert attacker.login(attacker_name).status_code == 303
    assert attacker.get(f"/diary/{attacker_entry}/edit").status_code == 200
    # and the victim's data is exactly as it was
    diary = victim.get("/diary").text
    assert secret in diary and "overwritten" not in diary
    assert victim.get(f"/diary/{entry_id}/edit").status_code == 200
    assert victim.get(link).status_code == 200  # not revoked by the attacker
    assert [f.comment for f in store.owner(owner.owner).feedback()] == [secret]


def test_the_report_and_charts_are_each_persons_own(app: FastAPI, tmp_path: Path) -> None:
    victim, attacker = Browser(app), Browser(app)
    victim.register(name())
    attacker.register(name())
    secret = f"victim-secret-{uuid.uuid4().hex[:8]}"
    victim.add_entry(secret)
    assert secret in victim.get("/diary/report.html").text
    assert secret not in attacker.get("/diary/report.html").text
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(attacker.get("/diary/report.pdf").content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Pop diary report" in text  # the attacker's own (empty) report, read as text
    assert secret not in text


def test_forms_without_a_valid_token_are_refused(app: FastAPI) -> None:
    alice, mallory = Browser(app), Browser(app)
    alice.register(name())
    mallory.register(name())
    entry_id = alice.add_entry("keep me")
    before = alice.get("/diary").text.count("<tr>")
    posts = [p for m, p in routes(app) if m == "POST" and not p.startswith(JSON_APIS)]
    assert {"/login", "/register", "/logout", "/account/delete", "/shares"} <= set(posts)
    foreign = mallory.token()  # a real token, but for another browser's cookie
    for template in posts:
        path = template.replace("{entry_id}", str(entry_id)).replace("{share_id}", "1")
        for token in ("", foreign, "0" * 64):
            form = {**ENTRY, "csrf_token": token} if token else dict(ENTRY)
            answer = alice.client.post(path, data=form)
            assert answer.status_code == 403, (path, token[:8], answer.status_code)
            assert "This form has expired" in answer.text
    assert alice.get("/diary").text.count("<tr>") == before
    assert alice.get(f"/diary/{entry_id}/edit").status_code == 200  # not deleted
    assert alice.get("/account").status_code == 200  # not signed out, not deleted


def test_a_note_with_script_renders_inert_for_the_owner_and_through_a_share(app: FastAPI) -> None:
    alice = Browser(app)
    alice.register(name())
    alice.add_entry("<script>alert(1)</script>")
    link = alice.share()
    for page in (alice.get("/diary").text, Browser(app).get(link).text):
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_share_link_reads_and_is_logged_and_cannot_write(app: FastAPI) -> None:
    alice, clinician = Browser(app), Browser(app)
    alice.register(name())
    secret = f"note-{uuid.uuid4().hex[:8]}"
    alice.add_entry(secret)
    link = alice.share("Dr Okafor")
    page = clinician.get(link)
    assert page.status_code == 200 and secret in page.text
    assert page.headers["x-robots-tag"] == "noindex, nofollow"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert '<form method="post"' not in page.text.split("<main", 1)[1]
    for suffix, kind in (
        ("/report.html", "text/html"),
        ("/report.pdf", "application/pdf"),
        ("/charts/pops.svg", "image/svg+xml"),
    ):
        answer = clinician.get(link + suffix)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(kind)
    assert clinician.get(link + "/charts/other.svg").status_code == 404
    for method in ("post", "put", "delete"):
        assert getattr(clinician.client, method)(link).status_code in (403, 405)
    log = alice.get("/shares").text
    assert log.count("Dr Okafor</td>") == 1 + 4  # the link's row, and four looks through it
    for what in ("diary", "report (web page)", "report (PDF)", "chart of pops"):
        assert f">{what}</td>" in log
    # the clinician is not signed in as anyone by the link
    assert clinician.get("/diary").status_code == 303


def test_revoked_expired_and_unknown_links_are_refused(app: FastAPI) -> None:
    alice, clinician = Browser(app), Browser(app)
    alice_name = name()
    alice.register(alice_name)
    alice.add_entry("private")
    link = alice.share()
    share_id = re.findall(r'action="/shares/(\d+)/revoke"', alice.get("/shares").text)[0]
    assert clinician.get(link).status_code == 200
    assert alice.post(f"/shares/{share_id}/revoke").status_code == 303
    for suffix in ("", "/report.html", "/report.pdf", "/charts/pops.svg"):
        refused = clinician.get(link + suffix)
        assert refused.status_code == 410 and "private" not in refused.text
    assert "withdrawn" in clinician.get(link).text

    account = Accounts(app.state.store).find(alice_name)
    assert account is not None
    long_ago = datetime.now(UTC) - timedelta(days=30)
    _, token = OwnerShares(app.state.store, account.owner, now=lambda: long_ago).create(
        "Old link", 7, 90
    )
    expired = clinician.get(f"/shared/{token}")
    assert expired.status_code == 410 and "expired" in expired.text
    assert clinician.get("/shared/" + "x" * 43).status_code == 404
    log = alice.get("/shares").text.split("Who looked", 1)[1]
    assert "Old link" not in log  # a refused look is not a look
    assert log.count("<tr>") == 1 + 1  # the header, and the one look before the link was revoked


def test_guessing_a_password_is_locked_out_on_every_worker(
    database_url: str, tmp_path: Path
) -> None:
    settings = settings_for(database_url, tmp_path, login_attempts=3, lockout_minutes=15)
    worker_1, worker_2 = create_app(settings), create_app(settings)
    victim = name()
    Browser(worker_1).register(victim)
    guesser = Browser(worker_1)
    for guess in range(3):
        answer = guesser.login(victim, f"wrong guess {guess}")
        assert answer.status_code == 401 and "do not match" in answer.text
    for worker in (worker_1, worker_2):  # the count is in the database, not in a process
        locked = Browser(worker).login(victim)  # even the right password, from a new browser
        assert locked.status_code == 429 and "Too many failed sign-ins" in locked.text
        assert 0 < int(locked.headers["retry-after"]) <= 60
    # the owner can sign in once the window has passed
    accounts = Accounts(worker_2.state.store, now=lambda: datetime.now(UTC) + timedelta(minutes=16))
    assert accounts.authenticate(victim, PASSWORD).username == victim


def test_names_are_not_given_away_by_the_sign_in_form(app: FastAPI) -> None:
    known = name()
    Browser(app).register(known)
    wrong_password = Browser(app).login(known, "not the password")
    no_such_name = Browser(app).login(name(), "not the password")
    assert wrong_password.status_code == no_such_name.status_code == 401
    message = re.compile(r'<ul class="error".*?</ul>', re.S)
    assert message.findall(wrong_password.text) == message.findall(no_such_name.text)


def test_signing_out_and_changing_the_password_end_sessions(app: FastAPI) -> None:
    who = name()
    laptop, phone = Browser(app), Browser(app)
    laptop.register(who)
    phone.login(who)
    stolen = phone.client.cookies.get(SESSION)
    assert phone.get("/diary").status_code == 200
    changed = laptop.change_password()
    assert changed.status_code == 303
    assert laptop.get("/diary").status_code == 200  # the session that changed it stays
    assert phone.get("/diary").status_code == 303  # every other one ends
    assert Browser(app).login(who).status_code == 401
    assert Browser(app).login(who, NEW_PASSWORD).status_code == 303
    laptop.post("/logout")
    assert laptop.get("/diary").status_code == 303
    replay = Browser(app)
    replay.client.cookies.set(SESSION, stolen or "", domain="testserver")
    assert replay.get("/diary").status_code == 303
    forged = Browser(app)
    forged.client.cookies.set(SESSION, "x" * 43, domain="testserver")
    assert forged.get("/diary").status_code == 303


def test_a_check_kept_in_a_shared_browser_is_offered_only_to_its_owner(app: FastAPI) -> None:
    shared = Browser(app)
    shared.register(name())
    started = shared.post("/check/describe", {"action": "questions", "for": "me"})
    first = shared.get(started.headers["location"]).text
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(state|screen)" value="([^"]*)"', first)
    }
    answers = {"age": "40", "pop_region": "1", "pain_score": "0"}
    answered = shared.post("/check", {**fields, **answers})
    assert answered.status_code == 303
    kept = set_cookie(shared.get(answered.headers["location"]), "__Host-crepitus_check")
    assert {"HttpOnly", "Secure", "SameSite=Lax", "Path=/"} <= set(kept)
    assert "Resume your check" in shared.get("/check").text
    shared.post("/logout")
    shared.register(name())  # the next person on the same browser
    assert "Resume your check" not in shared.get("/check").text


def test_deleting_an_account_deletes_all_of_its_data(app: FastAPI) -> None:
    who, other = name(), name()
    alice, bob = Browser(app), Browser(app)
    alice.register(who)
    bob.register(other)
    alice.add_entry("alice's")
    bob_entry = bob.add_entry("bob's")
    link = alice.share()
    Browser(app).get(link)  # one audit row
    refused = alice.post("/account/delete", {"password": "wrong password!", "confirm": "yes"})
    assert refused.status_code == 422 and "not your password" in refused.text
    unconfirmed = alice.post("/account/delete", {"password": PASSWORD})
    assert unconfirmed.status_code == 422
    deleted = alice.post("/account/delete", {"password": PASSWORD, "confirm": "yes"})
    assert deleted.status_code == 200 and "Account deleted" in deleted.text
    assert Browser(app).get(link).status_code == 404
    assert alice.get("/diary").status_code == 303
    assert Browser(app).login(who).status_code == 401
    store = app.state.store
    from sqlalchemy import text

    with store.engine.connect() as connection:
        for table in ("entries", "shares", "share_accesses", "feedback", "assessments"):
            rows = connection.execute(text(f"SELECT owner FROM {table}")).scalars().all()
            bob_owner = Accounts(store).find(other)
            assert bob_owner is not None
            assert set(rows) <= {bob_owner.owner}, table
        sessions = connection.execute(text("SELECT count(*) FROM sessions")).scalar()
        assert sessions == 1  # bob's
    assert bob.get(f"/diary/{bob_entry}/edit").status_code == 200


def test_the_sign_in_form_only_sends_people_back_to_this_site(app: FastAPI) -> None:
    who = name()
    Browser(app).register(who)
    for target, expected in (
        ("/diary/report.html", "/diary/report.html"),
        ("//evil.example/", "/diary"),
        ("https://evil.example/", "/diary"),
        ("/\\evil.example", "/diary"),
    ):
        browser = Browser(app)
        form = {"username": who, "password": PASSWORD, "csrf_token": browser.token()}
        answer = browser.client.post("/login", params={"next": target}, data=form)
        assert answer.headers["location"] == expected, target


def test_closed_registration_leaves_accounts_to_the_administrator(tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'closed.sqlite3'}"
    app = create_app(settings_for(url, tmp_path, open_registration=False))
    browser = Browser(app)
    assert browser.get("/register").status_code == 404
    assert browser.register(name()).status_code == 404
    Accounts(app.state.store).register("patient-1", PASSWORD)
    assert browser.login("patient-1").status_code == 303


def test_personal_mode_has_no_accounts_or_share_links(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        for path in ("/login", "/register", "/account", "/shares", "/shared/" + "x" * 43):
            assert client.get(path).status_code == 404, path
        assert client.get("/diary").status_code == 200


def test_server_mode_refuses_to_start_without_its_secret_and_database(tmp_path: Path) -> None:
    from crepitus.errors import CrepitusError

    with pytest.raises(CrepitusError, match=r"CREPITUS_SECRET_KEY.*CREPITUS_DATABASE_URL"):
        create_app(Settings(data_dir=tmp_path, multi_user=True))
    with pytest.raises(CrepitusError, match="CREPITUS_SECRET_KEY"):
        create_app(
            Settings(
                data_dir=tmp_path,
                multi_user=True,
                secret_key="short",
                database_url=f"sqlite+pysqlite:///{tmp_path / 'x.sqlite3'}",
            )
        )


def test_an_unexpected_error_answers_500_with_the_security_headers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(settings_for(f"sqlite+pysqlite:///{tmp_path / 'e.sqlite3'}", tmp_path))

    def broken() -> None:
        raise RuntimeError("pain 9, numbness in both legs")  # what a message might quote

    app.add_api_route("/api/v1/broken", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/v1/broken")
    assert answer.status_code == 500
    assert answer.json()["title"] == "Server error"
    assert "numbness" not in answer.text
    assert answer.headers["x-frame-options"] == "DENY"
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["strict-transport-security"] == "max-age=31536000"
    logged = [r.getMessage() for r in caplog.records if r.name == "crepitus.web"]
    assert len(logged) == 1 and logged[0].startswith("unhandled RuntimeError at ")
    assert "numbness" not in logged[0]
