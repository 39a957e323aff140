"""The check in Spanish on a phone, in Debian's chromium; and every page in the pseudo-language,
where any visible text outside ⟦…⟧ (the script's included) was never marked for translation."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from crepitus.knowledge import knowledge
from crepitus.knowledge.locales import PSEUDO
from crepitus.web.language import COOKIE, LANGUAGES
from tests.cases import BENIGN, CALM
from tests.web.browser import start_questions, walk
from tests.web.conftest import AXE, Server
from tests.web.pseudo import _tidy, is_date, unmarked

PHONE: ViewportSize = {"width": 390, "height": 844}
OLDER_FALL: dict[str, Any] = {
    **CALM,
    "age": 78,
    "sex": "female",
    "pop_region": "lumbar",
    "pain_score": 7,
    "trauma": "minor",
}
TYPED = "18 characters typed"  # what this test types into the boxes that count characters


def open_in(browser: Browser, server: Server, language: str) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": COOKIE, "value": language, "url": server.url}])
    yield context.new_page()
    context.close()


@pytest.fixture
def spanish(browser: Browser, server: Server) -> Iterator[Page]:
    yield from open_in(browser, server, "es")


@pytest.fixture
def pseudo(browser: Browser, server: Server) -> Iterator[Page]:
    yield from open_in(browser, server, PSEUDO)


@pytest.mark.parametrize(
    ("case", "level", "label"),
    [
        (BENIGN, "self_care", "Puede cuidarse en casa"),
        (OLDER_FALL, "urgent", "Contacte hoy con un médico"),
        ({**BENIGN, "saddle_numbness": True}, "emergency", "Emergencia: pida ayuda ahora"),
    ],
    ids=["benign", "urgent", "emergency"],
)
def test_the_spanish_check_reaches_the_english_decision_on_a_phone(
    spanish: Page, server: Server, case: dict[str, Any], level: str, label: str
) -> None:
    start_questions(spanish, server.url)
    assert spanish.locator("html").get_attribute("lang") == "es"
    walk(spanish, case)
    assert spanish.locator(f".care-{level}").is_visible()
    assert label in spanish.locator(".care").inner_text()
    assert spanish.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def spanish_pages(server: Server, page: Page) -> Iterator[tuple[str, str]]:
    """Every kind of page a person meets in Spanish: (name, url or 'here' once it shows)."""
    yield "home", f"{server.url}/"
    yield "start", f"{server.url}/check"
    start_questions(page, server.url)
    yield "first-screen", "here"
    page.click("button[value=next]")
    page.wait_for_load_state()
    yield "screen-errors", "here"
    start_questions(page, server.url)
    walk(page, BENIGN, until="saddle_numbness")
    yield "warning-signs", "here"
    start_questions(page, server.url)
    walk(page, BENIGN)
    yield "result", "here"
    start_questions(page, server.url, someone_else=True)
    walk(page, OLDER_FALL)
    yield "result-someone-else", "here"
    start_questions(page, server.url)
    walk(page, {**BENIGN, "saddle_numbness": True})
    yield "emergency", "here"
    yield "learn", f"{server.url}/learn"
    yield "learn-condition", f"{server.url}/learn/conditions/facet_osteoarthritis"
    yield "learn-advice", f"{server.url}/learn/advice/xray"
    page.goto(f"{server.url}/diary")
    page.fill("#pain", "3")
    with page.expect_navigation():
        page.click("form.quick-add button.primary")
    yield "diary", "here"
    yield "report", f"{server.url}/diary/report.html"
    yield "kept", f"{server.url}/kept"
    yield "not-found", f"{server.url}/no/such/page"


def test_every_spanish_page_passes_the_accessibility_scan(spanish: Page, server: Server) -> None:
    failures = {}
    for name, url in spanish_pages(server, spanish):
        if url != "here":
            spanish.goto(url)
        assert spanish.locator("html").get_attribute("lang") == "es", name
        spanish.evaluate(AXE.read_text())
        result = spanish.evaluate("async () => await axe.run(document)")
        serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if serious:
            failures[name] = [(v["id"], v["help"], len(v["nodes"])) for v in serious]
    assert not failures, json.dumps(failures, indent=1)


def test_screenshots_of_every_page_in_spanish(spanish: Page, server: Server) -> None:
    base = os.environ.get("CREPITUS_SCREENSHOTS") or tempfile.mkdtemp(prefix="shots-")
    folder = Path(base) / "es"
    folder.mkdir(parents=True, exist_ok=True)
    for name, url in spanish_pages(server, spanish):
        if url != "here":
            spanish.goto(url)
        path = folder / f"{name}-phone.png"
        spanish.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000


def cited() -> set[str]:
    """Sources are cited as published, in their own language; the switcher names each language
    in its own words; the product's name is a name."""
    sources = knowledge().sources.values()
    return {
        *(_tidy(source.citation) for source in sources),
        *(source.url for source in sources if source.url),
        *LANGUAGES.values(),
        "crepitus",
        TYPED,
    }


def written(server: Server) -> list[str]:
    """The notes kept in the server's diary: the person's own words, which no language changes
    (other tests share this server and may have written some)."""
    with closing(sqlite3.connect(server.data_dir / "crepitus.sqlite3")) as db:
        return [" ".join(note.split()) for (note,) in db.execute("SELECT note FROM entries")]


def theirs(text: str, notes: list[str]) -> bool:
    """Whether ``text`` is a note, or the start of one that a page shortened."""
    return any(note.startswith(text) for note in notes if note)


def test_every_page_shows_only_marked_text_in_the_pseudo_language(
    pseudo: Page, server: Server
) -> None:
    allowed, found = cited(), {}
    for name, url in spanish_pages(server, pseudo):
        if url != "here":
            pseudo.goto(url)
        notes = written(server)
        for box in pseudo.locator("textarea[data-max]").all():
            if box.is_visible():
                box.fill(TYPED)  # the live counter under it speaks too
        shown = unmarked(pseudo.content())
        left = [
            text
            for text in shown
            if text not in allowed and not is_date(text) and not theirs(text, notes)
        ]
        if left:
            found[name] = left
    assert not found, json.dumps(found, indent=1, ensure_ascii=False)
