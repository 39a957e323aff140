"""The diary, its report and the error pages in Debian's chromium, as a person on a phone uses
them: a wrong number, a date in the future, deleting, the report at 320 px, the icon."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.web.browser import submit
from tests.web.conftest import AXE, Server

PHONE: ViewportSize = {"width": 390, "height": 844}
NARROW: ViewportSize = {"width": 320, "height": 640}  # 1280 px at 400% zoom (WCAG reflow)


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    # one page for the file: each test opens the addresses it needs
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def serious_violations(page: Page) -> list[tuple[str, str, int]]:
    page.evaluate(AXE.read_text())  # evaluated: the pages' policy refuses inline script
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["help"], len(v["nodes"]))
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def add_entry(page: Page, server: Server, note: str, region: str = "Lower back") -> None:
    page.goto(f"{server.url}/diary")
    page.get_by_label(region, exact=True).check()
    page.fill("#pops", "2")
    page.get_by_text("More details (optional)").click()
    page.fill("#note", note)
    submit(page, "Save entry")
    assert page.get_by_text("Saved.").is_visible()


def test_a_wrong_number_keeps_what_was_typed_and_focuses_the_summary(
    page: Page, server: Server
) -> None:
    page.goto(f"{server.url}/diary")
    page.get_by_label("Lower back", exact=True).check()
    page.fill("#pops", "")
    page.fill("#pain", "12")
    page.get_by_text("More details (optional)").click()
    page.get_by_label("Lifting something").check()
    page.fill("#note", "picked up the washing basket")
    submit(page, "Save entry")  # no browser bubble stops it: the server says what is wrong
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.locator("#error-summary")
    assert "Enter how many pops, 1 or more." in summary.inner_text()
    assert page.get_by_label("Lower back", exact=True).is_checked()
    assert page.get_by_label("Lifting something").is_checked()
    assert page.input_value("#note") == "picked up the washing basket"
    assert page.input_value("#pain") == "12"
    assert page.locator("#pops").get_attribute("aria-invalid") == "true"
    summary.get_by_role("link", name="Enter how many pops, 1 or more.").click()
    assert page.evaluate("document.activeElement.id") == "pops"  # the link leads to the box
    assert page.title().startswith("Error:")
    assert not serious_violations(page)


def test_a_date_in_the_future_is_refused_and_kept_to_correct(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/diary")
    page.get_by_text("More details (optional)").click()
    page.fill("#at", "2099-01-01T10:00")
    submit(page, "Save entry")
    assert page.get_by_text("That date is in the future. Enter when it popped.").first.is_visible()
    assert page.input_value("#at") == "2099-01-01T10:00"
    assert "2099" not in page.locator("#history").locator("..").inner_text()


def test_the_note_counts_its_characters_as_you_type(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/diary")
    page.get_by_text("More details (optional)").click()
    page.fill("#note", "sore after the gym")
    assert page.locator("#note-counter").inner_text() == "18 of 2,000 characters"
    page.fill("#note", "a" * 2_010)  # nothing stops the typing; the counter says it is too long
    assert page.locator("#note-counter").inner_text().startswith("10 characters too many")


def test_deleting_asks_first_and_keep_it_keeps_it(page: Page, server: Server) -> None:
    add_entry(page, server, "the entry to delete")
    with page.expect_navigation():
        page.get_by_role("link", name="Delete").first.click()
    assert page.get_by_role("heading", name="Delete this entry?").is_visible()
    assert page.get_by_text("the entry to delete").is_visible()
    assert not serious_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Keep it").click()
    assert page.get_by_text("the entry to delete").first.is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Delete").first.click()
    submit(page, "Delete the entry")
    assert page.get_by_text("The entry is deleted.").is_visible()
    assert page.get_by_text("the entry to delete").count() == 0


def test_the_change_and_delete_links_are_big_enough_to_tap(page: Page, server: Server) -> None:
    add_entry(page, server, "a target to tap")
    for name in ("Change", "Delete"):
        box = page.get_by_role("link", name=name).first.bounding_box()
        assert box is not None and box["height"] >= 24 and box["width"] >= 24, (name, box)


def test_the_edit_page_shows_when_it_was_and_keeps_an_error(page: Page, server: Server) -> None:
    add_entry(page, server, "an entry to change")
    with page.expect_navigation():
        page.get_by_role("link", name="Change").first.click()
    when = page.input_value("#at")
    assert when and "Leave it empty" not in page.content()
    page.fill("#pops", "0")
    submit(page, "Save changes")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.input_value("#at") == when and page.input_value("#pops") == "0"
    assert not serious_violations(page)


def test_the_report_fits_a_320_px_screen_and_leads_back(browser: Browser, server: Server) -> None:
    context = browser.new_context(viewport=NARROW)
    narrow = context.new_page()
    for note in ("a long note " * 8, "bending to tie a shoe"):
        add_entry(narrow, server, note)
    narrow.goto(f"{server.url}/diary/report.html")
    width = narrow.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"the page scrolls sideways: {width} px"
    assert not serious_violations(narrow)
    with narrow.expect_navigation():
        narrow.get_by_role("link", name="Back to my diary").click()
    assert narrow.url == f"{server.url}/diary"
    assert narrow.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    context.close()


def test_the_charts_are_said_in_words_and_numbers(page: Page, server: Server) -> None:
    add_entry(page, server, "for the charts")
    pops = page.locator("img.chart").first.get_attribute("alt") or ""
    assert "in the week of" in pops
    page.get_by_text("The numbers behind the charts").click()
    table = page.get_by_role("table", name="Pops and average pain each week, oldest first")
    assert table.locator("tbody tr").count() == 12


def test_the_focus_ring_is_dark_and_the_skip_link_is_whole(page: Page, server: Server) -> None:
    page.goto(f"{server.url}/diary")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 5  # the 3 px ring and its 2 px gap fit above it
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert ring == "rgb(30, 58, 138)"


def test_the_site_has_an_icon(page: Page, server: Server) -> None:
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{server.url}/diary")
    page.wait_for_load_state("networkidle")
    assert not missing, missing
    icon = page.request.get(f"{server.url}/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/x-icon"
    links = page.locator("link[rel=icon]")
    assert links.count() == 2


ERROR_PAGES = {
    "a bad id": "/diary/abc/edit",
    "a missing entry": "/diary/99999/edit",
    "a form's address": "/feedback",
    "the check's confirm form": "/check/confirm",
}


def test_the_error_pages_are_plain_and_pass_the_accessibility_scan(
    page: Page, server: Server
) -> None:
    failures = {}
    for name, path in ERROR_PAGES.items():
        page.goto(f"{server.url}{path}")
        text = page.locator("main").inner_text()
        assert "Method Not Allowed" not in text and "{" not in text, (name, text)
        if serious := serious_violations(page):
            failures[name] = serious
    assert not failures, json.dumps(failures, indent=1)
