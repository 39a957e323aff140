"""The standard walks through the web check, in a real browser, as a person on a phone makes them.

    python bench/walks.py [--write docs/usability.md]

Starts ``crepitus serve`` on a fresh data folder and drives Debian's chromium (Playwright) at
phone size through five walks: a painless pop, an emergency told in a person's own words, a check
for an elderly mother, a diary entry and the doctor's report, and the painless pop again with the
keyboard alone. For each it records the pages loaded, the taps and key presses (counted in the
page from real pointer and key events, so typing a number counts its digits) and the time taken
on this machine. Every walk must end where it should (a result, the emergency page, the report);
one that does not stops the run.

With --write the table replaces the walks section of docs/usability.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.throughput import write
from crepitus.knowledge import knowledge
from tests.cases import BENIGN, CALM
from tests.web.browser import answer_with_keyboard, current_fields, next_screen, option_numbers
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, serving

START = "<!-- walks:start -->"
END = "<!-- walks:end -->"
PHONE = {"width": 390, "height": 844}
# counts real pointer and key events in every page of the tab (sessionStorage outlives a page)
COUNTERS = """
for (const [event, key] of [["pointerdown", "taps"], ["keydown", "keys"]]) {
  window.addEventListener(event, (e) => {
    if (e.isTrusted) sessionStorage.setItem(key, String(Number(sessionStorage.getItem(key) || 0) + 1));
  }, true);
}
"""
EMERGENCY_WORDS = (
    "I'm 45. My back went pop when I lifted a box this morning and since then I can't feel"
    " the toilet paper when I wipe, and I can't pee properly."
)
MOTHER_WORDS = "My mum is 81. She slipped in the kitchen yesterday and her lower back hurts a lot."
MOTHER: dict[str, Any] = {
    **CALM,
    "age": 81,
    "sex": "female",
    "pop_region": "lumbar",
    "pain_score": 7,
    "trauma": "minor",
    "osteoporosis": True,
}


@dataclass
class Walk:
    name: str
    pages: int = 0
    taps: int = 0
    keys: int = 0
    seconds: float = 0.0
    ended: str = ""


def tap(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def answer_by_touch(page: Page, case: dict[str, Any]) -> None:
    """Answer each screen as a person on a phone does: a tap an option, digits typed."""
    while fields := current_fields(page):
        for field in fields:
            value, question = case.get(field), knowledge().question(field)
            if question.kind == "multi":
                for box in page.locator(f"input[name={field}]:checked").all():
                    box.click()  # an answer read from the description, not wanted
            if value is None:
                page.click(f"label[for={field}-not-sure]")
            elif question.kind == "integer" and page.locator(f"#{field}-v{value}").count():
                page.click(f"label[for={field}-v{value}]")
            elif question.kind == "integer":
                page.click(f"#{field}")
                page.keyboard.press("Control+A")
                page.keyboard.type(str(value))
            else:
                for number in option_numbers(field, value):
                    page.click(f"label[for={field}-{number}]")
        next_screen(page)


def answer_by_keyboard(page: Page, case: dict[str, Any]) -> None:
    while fields := current_fields(page):
        for field in fields:
            answer_with_keyboard(page, field, case.get(field))
        next_screen(page, keyboard=True)


def painless_pop(page: Page, url: str) -> str:
    page.goto(f"{url}/")
    tap(page, "text=Start the check")
    tap(page, "text=Go straight to the questions")
    answer_by_touch(page, BENIGN)
    return page.locator("h1").inner_text()


def emergency(page: Page, url: str) -> str:
    page.goto(f"{url}/check")
    page.click("#description")
    page.keyboard.type(EMERGENCY_WORDS)
    tap(page, "button[value=read]")
    return page.locator(".care").first.inner_text().splitlines()[0]


def for_mother(page: Page, url: str) -> str:
    page.goto(f"{url}/check")
    page.click("label[for=for-someone-else]")
    page.click("#description")
    page.keyboard.type(MOTHER_WORDS)
    tap(page, "button[value=read]")
    tap(page, "button.primary")  # the confirm page: what was understood is right
    answer_by_touch(page, MOTHER)
    return page.locator(".care").first.inner_text().splitlines()[0]


def diary_and_report(page: Page, url: str) -> str:
    page.goto(f"{url}/diary")
    page.click("label[for=region-lumbar]")
    page.click("#pops")
    page.keyboard.type("3")
    page.click("#pain")
    page.keyboard.type("2")
    tap(page, "form.quick-add button.primary")
    tap(page, "text=View it as a web page")
    return page.locator("h1").inner_text()


def keyboard_only(page: Page, url: str) -> str:
    page.goto(f"{url}/check")
    for _ in range(40):  # Tab to "Go straight to the questions", then Enter
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.value") == "questions":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    answer_by_keyboard(page, BENIGN)
    return page.locator("h1").inner_text()


WALKS: list[tuple[str, Callable[[Page, str], str], str]] = [
    ("A painless pop (tapping)", painless_pop, "Your result"),
    ("An emergency, told in one's own words", emergency, "Emergency"),
    ("A check for an elderly mother", for_mother, ""),
    ("A diary entry, then the doctor's report", diary_and_report, "report"),
    ("A painless pop, keyboard only", keyboard_only, "Your result"),
]


def counter(record: Walk) -> Callable[[Page], None]:
    """A listener that counts each page loaded into ``record``."""

    def loaded(_: Page) -> None:
        record.pages += 1

    return loaded


def run(url: str) -> list[Walk]:
    done = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, walk, expected in WALKS:
            context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
            context.add_init_script(COUNTERS)
            page = context.new_page()
            record = Walk(name)
            page.on("load", counter(record))
            began = time.perf_counter()
            record.ended = walk(page, url)
            record.seconds = time.perf_counter() - began
            record.taps = int(page.evaluate("sessionStorage.getItem('taps') || 0"))
            record.keys = int(page.evaluate("sessionStorage.getItem('keys') || 0"))
            if expected.lower() not in record.ended.lower():
                raise SystemExit(f"{name}: ended on {record.ended!r}, not {expected!r}")
            print(f"{name}: {record.pages} pages, {record.taps} taps, {record.keys} keys")
            done.append(record)
            context.close()
        browser.close()
    return done


def section(walks: list[Walk]) -> str:
    rows = [
        f"| {w.name} | {w.pages} | {w.taps} | {w.keys} | {w.seconds:.1f} | {w.ended} |"
        for w in walks
    ]
    return "\n".join(
        [
            START,
            "Measured by `bench/walks.py` (`make walks`): Debian's chromium at phone size"
            " (390 by 844 pixels), a fresh server and data folder. Pages counts every page loaded,"
            " including the first; taps and keys are real pointer and key events in the page"
            " (a typed description counts every character). Seconds are this machine's, with"
            " the browser driven at full speed: a person takes far longer, so compare them"
            " only with each other.",
            "",
            "| walk | pages | taps | keys | seconds | ended on |",
            "|---|---|---|---|---|---|",
            *rows,
            END,
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, serving(Path(folder), seconds=60) as server:
        walks = run(server.url)
    text = section(walks)
    print(text)
    if args.write:
        write(args.write, text, START, END, title="Usability")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
