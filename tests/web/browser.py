"""Driving the check in a real browser, as a person would (mouse or keyboard only)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from crepitus.knowledge import knowledge


def current_field(page: Page) -> str | None:
    """The field the page asks about, or None when the page is not a question."""
    hidden = page.locator("input[name=field]")
    return hidden.input_value() if hidden.count() else None


def option_numbers(field: str, value: Any) -> list[int]:
    question = knowledge().question(field)
    values = value if question.kind == "multi" else [value]
    return [i for i, o in enumerate(question.options, start=1) if o.value in values]


def answer_with_mouse(page: Page, field: str, value: Any) -> None:
    question = knowledge().question(field)
    if value is None:
        page.get_by_role("button", name="I don't know").click()
        return
    if question.kind == "integer":
        page.fill("#answer", str(value))
    else:
        for number in option_numbers(field, value):
            page.click(f"label[for=option-{number}]")
    page.get_by_role("button", name="Next").click()


def answer_with_keyboard(page: Page, field: str, value: Any) -> None:
    """Answer using only the keyboard: the first control has focus when the page loads."""
    question = knowledge().question(field)
    if question.kind == "integer":
        page.keyboard.type(str(value))
    elif question.kind == "multi":
        wanted = set(option_numbers(field, value))
        for number in range(1, len(question.options) + 1):
            if number in wanted:
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
    else:
        (number,) = option_numbers(field, value)
        page.keyboard.press("Space")  # selects the focused first option
        for _ in range(number - 1):
            page.keyboard.press("ArrowDown")  # moves the selection down the group
    for _ in range(30):  # then Tab to the Next button and press Enter
        if page.evaluate("document.activeElement.textContent.trim()") == "Next":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def walk(
    page: Page, case: dict[str, Any], keyboard: bool = False, until: str | None = None
) -> list[str]:
    """Answer the questions the check asks from ``case`` (up to ``until``); return them."""
    asked = []
    while (field := current_field(page)) is not None and field != until:
        asked.append(field)
        with page.expect_navigation():  # the form posts, and the next page loads
            if keyboard:
                answer_with_keyboard(page, field, case[field])
            else:
                answer_with_mouse(page, field, case.get(field))
        assert current_field(page) != field or page.locator(".error").count() == 0, (
            f"the answer to {field} was refused: {page.locator('.error').inner_text()}"
        )
    return asked


def start_questions(page: Page, url: str) -> None:
    """Open the check at ``url`` and go past the description box to the first question."""
    page.goto(f"{url}/check")
    submit(page, "Go straight to the questions")


def submit(page: Page, button: str) -> None:
    """Press a form button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
