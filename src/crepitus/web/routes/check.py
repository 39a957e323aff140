"""The check in the browser: one short page per question, then the result.

Plain HTML forms, so it works without JavaScript. The answers so far travel in a hidden field
(see ``check_state``); the interview engine decides what to ask next, exactly as in the terminal.

The check opens with an optional box for a description in the person's own words. What it is
understood to say comes back as pre-filled answers to confirm or change (see ``confirm``); the
questions then ask only what is still unknown.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from crepitus.diary.feed import DiaryFact, facts, merge
from crepitus.engine.assess import engine
from crepitus.engine.interview import Step, parse_answer, step
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.understanding import UnderstandingUnavailableError
from crepitus.understanding.read import MAX_TEXT
from crepitus.web.check_state import CheckState
from crepitus.web.confirm import NOTHING, Reading, chosen, read_form, reading, typed
from crepitus.web.deps import StoreDep, TemplatesDep, person
from crepitus.web.reading import RETRY_AFTER, ReadingBusyError, readers

router = APIRouter(include_in_schema=False, dependencies=[Depends(person)])

NOTHING_READ = (
    "We could not pick out any answers from your description. Please answer the questions instead."
)
CANNOT_READ = "We could not read your description here, so please answer the questions instead."


@router.get("/check", response_class=HTMLResponse)
async def start(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return _describe_page(request, templates, "")


@router.post("/check/describe", response_class=HTMLResponse)
async def describe(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    form = await request.form()
    text = str(form.get("description", ""))
    action = str(form.get("action", "read"))
    if action == "edit":  # "Change my description" on the confirm page
        return _describe_page(request, templates, text)
    if action == "questions" or not text.strip():
        return _render(request, templates, store, CheckState())
    if len(text) > MAX_TEXT:
        error = (
            f"Your description is {len(text)} characters long. "
            f"Please shorten it to {MAX_TEXT} characters or fewer."
        )
        return _describe_page(request, templates, text, error=error, status=422)
    try:
        read = reading(await readers.read(text))
    except ReadingBusyError as exc:
        return _busy(_describe_page(request, templates, text, error=str(exc), status=503))
    except UnderstandingUnavailableError as exc:
        return _render(request, templates, store, CheckState(), notice=f"{CANNOT_READ} {exc}")
    if not read.items and not read.estimates:
        return _render(request, templates, store, CheckState(), notice=NOTHING_READ)
    state = CheckState(draft=read.draft)
    if read.emergency():  # a warning sign in the words: what to do now, before anything else
        for item in read.items:
            state.record(item.question.field, read.answers[item.question.field])
        return _render(request, templates, store, state)
    return _confirm_page(request, templates, text, state, read)


@router.post("/check/confirm", response_class=HTMLResponse)
async def confirm(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    form = await request.form()
    try:
        state = CheckState.decode(str(form.get("state", "")))
    except InterviewError as exc:
        return _render(request, templates, store, CheckState(), error=str(exc), status=400)
    text = str(form.get("description", ""))[:MAX_TEXT]
    try:
        read = reading(await readers.read(text)) if text.strip() else NOTHING
    except ReadingBusyError as exc:
        return _busy(_describe_page(request, templates, text, error=str(exc), status=503))
    except UnderstandingUnavailableError as exc:
        return _render(request, templates, store, state, notice=f"{CANNOT_READ} {exc}")
    confirmed, items = read_form(form, read.items)
    if any(item.error for item in items):
        shown = read._replace(items=items)
        return _confirm_page(request, templates, text, state, shown, status=422)
    for item in items:  # in interview order, so "Back" retraces them
        if item.question.field in confirmed:
            state.record(item.question.field, confirmed[item.question.field])
    return _render(request, templates, store, state)


@router.post("/check", response_class=HTMLResponse)
async def answer(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    form = await request.form()
    try:
        state = CheckState.decode(str(form.get("state", "")))
    except InterviewError as exc:
        return _render(request, templates, store, CheckState(), error=str(exc), status=400)
    action = str(form.get("action", "next"))
    if action == "back":
        state.back_to_question()
        return _render(request, templates, store, state)
    now = step(state.answers, state.skipped)
    question = now.question
    if question is None or str(form.get("field", "")) != question.field:
        # a stale or repeated form: show where the check really is
        return _render(request, templates, store, state)
    text = "skip" if action == "skip" else typed(question, [str(v) for v in form.getlist("answer")])
    try:
        value = parse_answer(question, text)
    except InterviewError as exc:
        message = "Please choose an answer." if not text else str(exc)
        return _render(request, templates, store, state, error=message, status=422)
    state.record(question.field, value)
    return _render(request, templates, store, state)


def _render(
    request: Request,
    templates: TemplatesDep,
    store: StoreDep,
    state: CheckState,
    *,
    error: str = "",
    notice: str = "",
    status: int = 200,
) -> HTMLResponse:
    now = step(state.answers, state.skipped)
    if now.emergency and now.assessment is not None:
        return templates.TemplateResponse(
            request,
            "emergency.html",
            {"title": "Get emergency help now", "result": now.assessment},
        )
    if now.question is None:
        assert now.assessment is not None
        result, case = now.assessment, state.answers
        used: list[DiaryFact] = []
        found = facts(
            store.entries(since=datetime.now(UTC) - timedelta(days=60)), datetime.now(UTC)
        )
        if found:  # the diary answers what was skipped, and says which entries it used
            case, used = merge(state.answers, found)
            result = engine().assess(case) if used else result
        # kept locally, so the diary's report can show the latest result to a clinician
        store.save_assessment(case, result.to_dict())
        context = {"title": "Your result", "result": result, "diary": used}
        return templates.TemplateResponse(request, "result.html", context)
    return templates.TemplateResponse(
        request,
        "question.html",
        {**_question_context(now, state, error), "notice": notice},
        status_code=status,
    )


def _busy(page: HTMLResponse) -> HTMLResponse:
    page.headers["Retry-After"] = str(RETRY_AFTER)
    return page


def _describe_page(
    request: Request, templates: TemplatesDep, text: str, *, error: str = "", status: int = 200
) -> HTMLResponse:
    context = {
        "title": "Tell us in your own words",
        "description": text,
        "max_length": MAX_TEXT,
        "error": error,
    }
    return templates.TemplateResponse(request, "describe.html", context, status_code=status)


def _confirm_page(
    request: Request,
    templates: TemplatesDep,
    text: str,
    state: CheckState,
    read: Reading,
    *,
    status: int = 200,
) -> HTMLResponse:
    context = {
        "title": "Is this right?",
        "description": text,
        "state": state.encode(),
        "items": read.items,
        "estimates": read.estimates,
        "errors": [item for item in read.items if item.error],
    }
    return templates.TemplateResponse(request, "confirm.html", context, status_code=status)


def _question_context(now: Step, state: CheckState, error: str) -> dict[str, Any]:
    question = now.question
    assert question is not None
    kb = knowledge()
    total = now.answered + now.remaining
    return {
        "title": question.text,
        "question": question,
        "section": kb.sections[question.section].title,
        "state": state.encode(),
        "number": now.answered + 1,
        "total": total,
        "percent": round(100 * now.answered / total) if total else 0,
        "chosen": chosen(question, state.draft.get(question.field)),
        "can_go_back": bool(state.history),
        "error": error,
    }
