"""The check, the result and the learn pages in Debian's chromium, driven by Playwright."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from crepitus.knowledge import knowledge
from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store
from tests.cases import BENIGN, CALM, STRAIN
from tests.web.browser import (
    answer_with_keyboard,
    current_field,
    current_fields,
    next_screen,
    start_questions,
    submit,
    walk,
)
from tests.web.conftest import AXE, Server

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def test_a_benign_popping_check_ends_in_reassurance(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Start the check").click()
    submit(page, "Go straight to the questions")
    asked = walk(page, BENIGN)
    assert "pain_radiation" not in asked  # no pain, no questions about it
    assert page.locator(".care-self_care").is_visible()
    assert "Look after it at home" in page.locator(".care").inner_text()
    assert page.get_by_role("heading", name="Harmless joint cracking").is_visible()
    assert page.get_by_role("heading", name="Popping on its own is normal").is_visible()
    assert "How strong is the evidence?" in page.content()  # the posture card says it is weak
    store = Store(sqlite_url(server.data_dir / "crepitus.sqlite3")).owner()
    assert store.latest_assessment() is None  # nothing is kept unless the person asks
    with page.expect_navigation():
        page.get_by_role("button", name="Keep this result in my diary").click()
    assert page.get_by_role("heading", name="Result kept").is_visible()
    page.reload()  # a reload shows the page again and keeps nothing twice
    latest = store.latest_assessment()
    assert latest is not None and latest.result["triage"] == "self_care"
    assert latest.case["age"] == BENIGN["age"] and store.kept()["assessments"] == 1


def test_a_pulled_muscle_check_ends_with_cold_or_heat(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    asked = walk(page, STRAIN)
    assert "pain_radiation" in asked
    assert page.get_by_role("heading", name="Pulled muscle or sprain").is_visible()
    assert page.get_by_role("heading", name="Cold or heat for a pulled muscle").is_visible()
    assert page.get_by_role("heading", name="What would change this advice").is_visible()
    assert page.get_by_role("heading", name="What a doctor or physiotherapist may do").is_visible()


def test_an_emergency_answer_shows_the_emergency_page_at_once(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    walk(
        page,
        {
            **{k: None for k in CALM},
            "age": 58,
            "sex": "female",
            "pain_score": 0,
            "saddle_numbness": True,
        }
        | {k: v for k, v in BENIGN.items() if k.startswith("pop_") or k == "self_cracking"},
    )
    assert current_field(page) is None
    card = page.locator(".care-emergency")
    assert card.is_visible()
    assert "emergency number" in card.inner_text()
    assert "Why:" in page.locator("main").inner_text()
    call = page.get_by_role("link", name="Call 112")
    assert call.get_attribute("href") == "tel:112"
    box = call.bounding_box()
    assert box is not None and box["height"] >= 44  # one thumb, first try
    assert page.get_by_role("heading", name="While you wait for help").is_visible()
    # a mis-tap on "Yes": back to that screen, the answer still chosen, nothing else lost
    with page.expect_navigation():
        page.get_by_role("button", name="I answered by mistake").click()
    assert "saddle_numbness" in current_fields(page)
    assert page.locator("input[name=saddle_numbness]:checked").count() == 1


def test_back_keeps_the_earlier_answers(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    first = current_fields(page)
    walk(page, {**BENIGN, "age": 44}, until="pop_sound")
    assert current_field(page) == "pop_sound"
    submit(page, "Back")
    assert current_fields(page) == first
    assert page.input_value("#age") == "44"
    assert page.locator("#pop_region-3").is_checked()  # lower back


def test_the_browsers_back_reload_and_a_detour_lose_nothing(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    first = current_fields(page)
    walk(page, {**BENIGN, "age": 44}, until="pop_sound")
    second = page.url
    page.reload()  # no "resubmit the form?" prompt: the step has an address of its own
    assert current_field(page) == "pop_sound" and page.url == second
    page.go_back()  # the phone's Back gesture, not the page's button
    assert current_fields(page) == first
    assert page.input_value("#age") == "44" and page.locator("#pop_region-3").is_checked()
    page.go_forward()
    with page.expect_navigation():
        page.get_by_role("link", name="Learn").first.click()  # a detour mid-check
    with page.expect_navigation():
        page.get_by_role("link", name="Check").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Resume your check").click()
    assert current_field(page) == "pop_sound" and page.url == second


def test_pain_is_eleven_buttons_that_fit_a_phone(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 320, "height": 700})
    start_questions(page, server.url)
    steps = page.locator(".scale .step")
    assert steps.count() == 11
    for box in steps.all():
        size = box.bounding_box()
        assert size is not None and size["height"] >= 44 and size["width"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate("document.activeElement.type") != "radio"  # no answer looks chosen
    page.click("label[for=pain_score-v7]")
    assert page.locator("#pain_score-v7").is_checked()


def test_every_question_on_a_screen_needs_its_own_answer(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    page.fill("#age", "44")
    submit(page, "Next")  # nothing else chosen
    assert current_field(page) == "age"
    alert = page.get_by_role("alert").inner_text()
    assert "Please answer these questions" in alert
    assert "Where it pops" in alert and "Pain score" in alert
    assert page.input_value("#age") == "44"  # what was given stays


def test_feedback_is_stored(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    walk(page, BENIGN)
    page.click("label[for=helpful-yes]")
    page.fill("#comment", "Clear and calm <b>thanks</b>")
    submit(page, "Send feedback")
    assert page.get_by_role("heading", name="Thank you").is_visible()
    stored = Store(sqlite_url(server.data_dir / "crepitus.sqlite3")).owner().feedback()
    assert stored[-1].helpful is True
    assert stored[-1].comment == "Clear and calm <b>thanks</b>"
    assert stored[-1].triage == "self_care"


def test_a_check_can_be_completed_with_the_keyboard_only(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    case = {**BENIGN, "pop_triggers": ["bending"]}
    walk(page, case, keyboard=True)
    assert page.locator(".care-self_care").is_visible()


DESCRIPTION = (
    "I'm 44, female. My lower back cracks when I bend, the pain is 9 out of 10 and I've had"
    " a fever since yesterday. No numbness."
)


def test_a_description_pre_fills_the_check(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Start the check").click()
    page.get_by_label("Describe it in your own words").fill(DESCRIPTION)
    submit(page, "Continue")
    assert page.get_by_role("heading", name="Is this right?", level=1).is_visible()
    # taken from the words: nothing else could be more worrying
    assert page.input_value("#pain_score") == "9"
    assert page.get_by_role("radio", name="Female", exact=True).is_checked()
    fever = page.get_by_role("group", name="Do you have a fever, or feel hot and shivery?")
    assert fever.get_by_role("radio", name="Yes", exact=True).is_checked()
    main = page.locator("main").inner_text()
    assert "From your words: “female”." in main
    # read, but still asked: each could lower concern if it were misread
    assert "Age: 44" in main and "Numbness: no" in main
    page.get_by_role("radio", name="Male", exact=True).check()  # a change of mind
    submit(page, "Continue")
    assert current_field(page) == "age"  # asked, with the age from the words pre-filled
    assert page.input_value("#age") == "44"
    truth = {**STRAIN, "age": 44, "sex": "male", "fever": True, "pain_score": 9}
    asked = walk(page, truth, until="numbness")
    assert not {"sex", "fever", "pain_score"} & set(asked)
    assert "numbness" in current_fields(page)
    numbness = page.get_by_role("group", name=knowledge().question("numbness").text)
    assert numbness.get_by_role("radio", name="No", exact=True).is_checked()  # pre-selected


def test_a_warning_sign_screen_fits_a_phone_with_large_targets(page: Page, server: Server) -> None:
    start_questions(page, server.url)
    walk(page, STRAIN, until="saddle_numbness")
    fields = current_fields(page)
    assert {"saddle_numbness", "bladder_bowel_change", "sexual_dysfunction_new"} <= set(fields)
    for field in fields:  # each warning sign its own group: yes, no, or not sure
        group = page.get_by_role("group", name=knowledge().question(field).text)
        assert [r.get_attribute("value") for r in group.get_by_role("radio").all()] == [
            "1",
            "2",
            "not-sure",
        ]
    assert not page.get_by_text("None of these").count()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for box in page.locator(".option").all():
        size = box.bounding_box()
        assert size is not None and size["height"] >= 44 and size["width"] >= 88
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    assert not [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_a_warning_sign_screen_is_answered_with_the_keyboard_alone(
    page: Page, server: Server
) -> None:
    start_questions(page, server.url)
    walk(page, STRAIN, until="saddle_numbness")
    fields = current_fields(page)
    answers = {field: False for field in fields} | {fields[-1]: None}  # the last: not sure
    for field, value in answers.items():
        answer_with_keyboard(page, field, value)
    assert page.locator(f"#{fields[-1]}-not-sure").is_checked()
    next_screen(page, keyboard=True)
    assert not set(fields) & set(current_fields(page)), "the screen was not accepted"


def test_the_check_for_someone_else_asks_about_them(page: Page, server: Server) -> None:
    start_questions(page, server.url, someone_else=True)
    main = page.locator("main").inner_text()
    assert "How old is the person?" in main and "How old are you?" not in main
    assert page.get_by_role("heading", name="About the person and their back").is_visible()
    walk(page, STRAIN)
    assert page.get_by_role("heading", name="The result", level=1).is_visible()


def pages_to_check(server: Server, page: Page) -> Iterator[tuple[str, str]]:
    """Every kind of page: (name, url or 'here' once the page is showing)."""
    yield "home", f"{server.url}/"
    yield "learn", f"{server.url}/learn"
    yield "learn-condition", f"{server.url}/learn/conditions/facet_osteoarthritis"
    yield "learn-advice", f"{server.url}/learn/advice/xray"
    yield "describe", f"{server.url}/check"
    start_questions(page, server.url)
    yield "question-number", "here"
    submit(page, "Next")
    yield "screen-errors", "here"
    start_questions(page, server.url, someone_else=True)
    yield "screen-someone-else", "here"
    page.goto(f"{server.url}/check")
    page.fill("#description", DESCRIPTION)
    submit(page, "Continue")
    yield "confirm", "here"
    page.fill("#pain_score", "200")
    submit(page, "Continue")
    yield "confirm-error", "here"
    page.fill("#pain_score", "9")
    submit(page, "Continue")
    yield "question-after-confirm", "here"
    page.goto(f"{server.url}/check")
    page.fill("#description", "Hello, I have a question.")
    submit(page, "Continue")
    yield "question-with-notice", "here"
    start_questions(page, server.url)
    walk(page, STRAIN, until="pop_region")
    yield "question-choice", "here"
    start_questions(page, server.url)
    walk(page, STRAIN, until="pop_triggers")
    yield "question-multi", "here"
    start_questions(page, server.url)
    walk(page, STRAIN, until="saddle_numbness")
    yield "warning-signs", "here"
    start_questions(page, server.url)
    walk(page, STRAIN)
    yield "result", "here"
    page.click("label[for=helpful-no]")
    submit(page, "Send feedback")
    yield "thanks", "here"
    start_questions(page, server.url)
    walk(page, {**BENIGN, "saddle_numbness": True})
    yield "emergency", "here"
    yield "not-found", f"{server.url}/learn/conditions/nothing"
    yield from diary_and_docs_pages(server, page)


def diary_and_docs_pages(server: Server, page: Page) -> Iterator[tuple[str, str]]:
    yield "diary", f"{server.url}/diary"
    page.goto(f"{server.url}/diary")
    page.click("label[for=pain_at_pop]")
    page.fill("#pain", "3")
    submit(page, "Save entry")
    yield "diary-with-entries", "here"
    with page.expect_navigation():
        page.get_by_role("link", name="Change").first.click()
    yield "diary-edit", "here"
    yield "diary-report", f"{server.url}/diary/report.html"
    yield "kept", f"{server.url}/kept"
    yield "result-kept", f"{server.url}/check/kept"
    page.goto(f"{server.url}/docs")
    page.wait_for_selector(".api-content")  # Redoc has rendered the schema
    yield "api-docs", "here"


def test_every_page_passes_the_accessibility_scan(page: Page, server: Server) -> None:
    failures = {}
    for name, url in pages_to_check(server, page):
        if url != "here":
            page.goto(url)
        # evaluated, not added as a <script>: the pages' policy refuses inline script
        page.evaluate(AXE.read_text())
        result = page.evaluate("async () => await axe.run(document)")
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            failures[name] = [(v["id"], v["help"], len(v["nodes"])) for v in serious]
    assert not failures, json.dumps(failures, indent=1)


# Reports each violation of the Content-Security-Policy to the console, where the test reads it
# alongside the browser's own "violates the following Content Security Policy" messages.
CSP_HOOK = """
document.addEventListener("securitypolicyviolation", (event) => console.error(
  `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
  + ` at ${event.sourceFile}:${event.lineNumber} ${event.sample}`));
"""
# Redoc's side menu shows Redocly's logo from their CDN: the policy blocks it, as it should.
EXPECTED_BLOCKS = ("https://cdn.redoc.ly/",)


def breaks_the_policy(text: str) -> bool:
    about_csp = text.startswith("CSP violation") or "Content Security Policy" in text
    return about_csp and not any(blocked in text for blocked in EXPECTED_BLOCKS)


def test_no_page_breaks_the_content_security_policy(page: Page, server: Server) -> None:
    page.add_init_script(CSP_HOOK)
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text))
    failures: dict[str, list[str]] = {}

    def check(name: str) -> None:
        page.wait_for_load_state()
        page.evaluate("() => new Promise((done) => setTimeout(done, 50))")  # let reports arrive
        broken = [text for text in seen if breaks_the_policy(text)]
        if broken:
            failures[name] = broken
        seen.clear()

    for name, url in pages_to_check(server, page):
        if url != "here":
            page.goto(url)
        check(name)  # the page, and any page passed on the way to it
    for chart in ("pops", "pain"):  # an SVG chart opened on its own, as "open image in new tab"
        page.goto(f"{server.url}/diary/charts/{chart}.svg")
        check(f"chart-{chart}")
    assert not failures, json.dumps(failures, indent=1)


def test_screenshots_of_every_page_at_phone_and_desktop_width(
    browser: Browser, server: Server
) -> None:
    folder = Path(os.environ.get("CREPITUS_SCREENSHOTS") or tempfile.mkdtemp(prefix="shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, url in pages_to_check(server, page):
            if url != "here":
                page.goto(url)
            path = folder / f"{name}-{width_name}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 5_000
        context.close()
