"""Server mode in Debian's chromium: a patient signs up, keeps a diary, shares it with a
clinician, sees the clinician's look in the log, and withdraws the link. Two workers on the real
PostgreSQL server, so consecutive requests land on different processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.durability.conftest import free_port, postgres_schema
from tests.web.conftest import AXE, wait_until_serving
from tests.web.test_browser import CSP_HOOK, breaks_the_policy

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server-mode")
    with postgres_schema(folder) as database:
        port = free_port()
        env = {
            **os.environ,
            **database.env,
            "CREPITUS_SECRET_KEY": uuid.uuid4().hex * 2,
            "CREPITUS_ACCESS_LOG": "false",
        }
        command = [sys.executable, "-m", "crepitus", "serve", "--multi-user"]
        log = folder / "server.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, "--workers", "2", "--port", str(port)],
                env=env,
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(url, process, log.read_text)
        try:
            yield url
        finally:
            os.killpg(process.pid, 15)
            process.wait(timeout=30)


def new_page(browser: Browser, seen: list[str]) -> Page:
    context = browser.new_context()
    # a guard against a hang, not a measure of speed: each event is waited for, and a worker's
    # first page (its imports) on a machine busy with the durability tests took over 10 s
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.add_init_script(CSP_HOOK)
    page.on("console", lambda message: seen.append(message.text))
    page.on("dialog", lambda dialog: seen.append(f"dialog opened: {dialog.message}"))
    return page


def scan(page: Page) -> list[tuple[str, str]]:
    """Serious accessibility problems axe-core finds on the page."""
    # a page still being replaced by a navigation has no document yet: wait for it to load
    page.wait_for_load_state("load")
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["help"]) for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def sign_up(patient: Page, server_url: str, problems: dict[str, list[tuple[str, str]]]) -> None:
    """From a private page, through the sign-in page, to a new account's diary."""
    patient.goto(f"{server_url}/diary")
    assert patient.url.startswith(f"{server_url}/login?next=/diary")
    problems["login"] = scan(patient)
    patient.get_by_role("link", name="Create an account").click()
    problems["register"] = scan(patient)
    patient.fill("#username", f"patient-{uuid.uuid4().hex[:8]}")
    patient.fill("#password", PASSWORD)
    patient.fill("#password_again", PASSWORD)
    with patient.expect_navigation():
        patient.get_by_role("button", name="Create the account").click()
    assert patient.url == f"{server_url}/diary"
    cookie = next(c for c in patient.context.cookies() if c["name"] == "__Host-crepitus_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"


def make_link(patient: Page, problems: dict[str, list[tuple[str, str]]]) -> str:
    patient.get_by_role("link", name="Share").click()
    problems["shares"] = scan(patient)
    patient.fill("#label", "Dr Okafor")
    with patient.expect_navigation():
        patient.get_by_role("button", name="Make the link").click()
    return patient.input_value("#link")


def test_a_patient_shares_the_diary_with_a_clinician_and_withdraws_it(
    browser: Browser, server_url: str
) -> None:
    seen: list[str] = []
    problems: dict[str, list[tuple[str, str]]] = {}
    patient = new_page(browser, seen)
    sign_up(patient, server_url, problems)
    patient.click("summary")
    patient.fill("#note", "<script>alert('x')</script> stiff after the drive")
    with patient.expect_navigation():
        patient.get_by_role("button", name="Save entry").click()
    assert patient.get_by_text("stiff after the drive").is_visible()
    link = make_link(patient, problems)
    assert link.startswith(f"{server_url}/shared/")

    clinician = new_page(browser, seen)
    clinician.goto(link)
    assert clinician.get_by_text("stiff after the drive").is_visible()
    problems["shared"] = scan(clinician)
    clinician.get_by_role("link", name="View it as a web page").click()
    clinician.wait_for_load_state()
    assert "Pop diary report" in clinician.content()

    patient.goto(f"{server_url}/shares")  # not a reload, which would post the form again
    log = patient.locator("section", has_text="Who looked")
    assert log.get_by_text("report (web page)").is_visible()
    assert log.get_by_role("cell", name="diary", exact=True).is_visible()
    with patient.expect_navigation():
        patient.get_by_role("button", name="Withdraw the link for Dr Okafor").click()
    clinician.goto(link)
    assert clinician.get_by_text("withdrawn").is_visible()

    patient.get_by_role("link", name="Account").click()
    problems["account"] = scan(patient)
    with patient.expect_navigation():
        patient.get_by_role("button", name="Sign out").click()
    patient.goto(f"{server_url}/diary")
    assert "/login" in patient.url

    assert not {name: found for name, found in problems.items() if found}, json.dumps(problems)
    broken = [text for text in seen if breaks_the_policy(text) or text.startswith("dialog")]
    assert not broken, broken
