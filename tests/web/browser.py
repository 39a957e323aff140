"""Driving the check in a real browser, as a person would (mouse or keyboard only)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from crepitus.knowledge import knowledge


def current_fields(page: Page) -> list[str]:
    """The fields the screen showing asks about, in order; [] when the page is not a screen."""
    hidden = page.locator("input[name=screen]")
    if not hidden.count():
        return []
    return hidden.input_value().split(":", 1)[1].split(",")


def current_field(page: Page) -> str | None:
    """The first field the screen asks about, or None when the page is not a screen."""
    fields = current_fields(page)
    return fields[0] if fields else None


def option_numbers(field: str, value: Any) -> list[int]:
    question = knowledge().question(field)
    values = value if question.kind == "multi" else [value]
    return [i for i, o in enumerate(question.options, start=1) if o.value in values]


def answer_with_mouse(page: Page, field: str, value: Any) -> None:
    """Answer one question of the screen (None: "Not sure")."""
    question = knowledge().question(field)
    if question.kind == "multi":
        for box in page.locator(f"input[name={field}]:checked").all():
            box.uncheck()  # an answer pre-filled from the description, replaced
    if value is None:
        page.click(f"label[for={field}-not-sure]")
    elif question.kind == "integer" and page.locator(f"#{field}-v{value}").count():
        page.click(f"label[for={field}-v{value}]")  # a short scale: one button a value
    elif question.kind == "integer":
        page.fill(f"#{field}", str(value))
    else:
        for number in option_numbers(field, value):
            page.click(f"label[for={field}-{number}]")


def _focused(page: Page, what: str) -> Any:
    return page.evaluate(f"document.activeElement.{what}")


def _tab_to(page: Page, field: str) -> None:
    for _ in range(80):
        if _focused(page, "name") == field:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {field}")


def answer_with_keyboard(page: Page, field: str, value: Any) -> None:
    """Answer one question of the screen with the keyboard alone (None: "Not sure")."""
    question = knowledge().question(field)
    _tab_to(page, field)
    if question.kind == "integer" and _focused(page, "type") == "radio":
        _choose_with_arrows(page, "not-sure" if value is None else str(value))
        return
    if question.kind in ("integer", "multi"):
        wanted = {"not-sure"} if value is None else set()
        if value is not None and question.kind == "multi":
            wanted = {str(n) for n in option_numbers(field, value)}
        if value is not None and question.kind == "integer":
            page.keyboard.press("Control+A")
            page.keyboard.type(str(value))
            return
        while _focused(page, "name") == field:  # each box in turn, ticked as wanted
            if _focused(page, "checked") != (_focused(page, "value") in wanted):
                page.keyboard.press("Space")
            page.keyboard.press("Tab")
        return
    # a radio group: arrows move the selection; the focused radio may be a pre-filled one
    count = len(question.options) + (0 if question.required else 1)
    target = count if value is None else option_numbers(field, value)[0]
    here = _focused(page, "value")
    at = count if here == "not-sure" else int(here)
    page.keyboard.press("Space")
    for _ in range(abs(target - at)):
        page.keyboard.press("ArrowDown" if target > at else "ArrowUp")


def _choose_with_arrows(page: Page, wanted: str) -> None:
    """In a radio group, move the selection with the arrow keys until ``wanted`` is chosen."""
    page.keyboard.press("Space")
    for _ in range(20):
        if _focused(page, "value") == wanted:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"the arrows never reached {wanted}")


def next_screen(page: Page, keyboard: bool = False) -> None:
    """Press Next (with the keyboard: Tab to it, then Enter) and wait for the next page."""
    with page.expect_navigation():  # the form posts, and the next page loads
        if not keyboard:
            page.click("button[value=next]")  # by its value: the same in every language
            return
        for _ in range(80):
            if _focused(page, "value") == "next":
                break
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")


def walk(
    page: Page, case: dict[str, Any], keyboard: bool = False, until: str | None = None
) -> list[str]:
    """Answer the screens the check shows from ``case`` (up to the screen asking ``until``);
    return the fields asked."""
    asked: list[str] = []
    while (fields := current_fields(page)) and until not in fields:
        asked.extend(fields)
        for field in fields:
            if keyboard:
                answer_with_keyboard(page, field, case.get(field))
            else:
                answer_with_mouse(page, field, case.get(field))
        next_screen(page, keyboard)
        assert current_fields(page) != fields or page.locator(".error").count() == 0, (
            f"the answers to {fields} were refused: {page.locator('.error').first.inner_text()}"
        )
    return asked


def start_questions(page: Page, url: str, someone_else: bool = False) -> None:
    """Open the check at ``url`` and go past the first page to the first screen."""
    page.goto(f"{url}/check")
    if someone_else:
        page.click("label[for=for-someone-else]")
    with page.expect_navigation():
        page.click("button[value=questions]")  # by its value: the same in every language


def submit(page: Page, button: str) -> None:
    """Press a form button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()
