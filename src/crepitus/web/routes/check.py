"""The check in the browser: one short page per question, then the result.

Plain HTML forms, so it works without JavaScript. The answers so far travel in a hidden field
(see ``check_state``); the interview engine decides what to ask next, exactly as in the terminal.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crepitus.diary.feed import DiaryFact, facts, merge
from crepitus.engine.assess import engine
from crepitus.engine.interview import Step, parse_answer, step
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.web.check_state import CheckState
from crepitus.web.deps import StoreDep, TemplatesDep

router = APIRouter(include_in_schema=False)


@router.get("/check", response_class=HTMLResponse)
async def start(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    return _render(request, templates, store, CheckState())


@router.post("/check", response_class=HTMLResponse)
async def answer(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    form = await request.form()
    try:
        state = CheckState.decode(str(form.get("state", "")))
    except InterviewError as exc:
        return _render(request, templates, store, CheckState(), error=str(exc), status=400)
    action = str(form.get("action", "next"))
    if action == "back":
        state.back()
        return _render(request, templates, store, state)
    now = step(state.answers, state.skipped)
    question = now.question
    if question is None or str(form.get("field", "")) != question.field:
        # a stale or repeated form: show where the check really is
        return _render(request, templates, store, state)
    if action == "skip":
        typed = "skip"
    else:
        values = [str(v) for v in form.getlist("answer") if str(v).strip()]
        typed = ",".join(values) if question.kind == "multi" else (values[0] if values else "")
        if question.kind == "multi" and not values:
            typed = "none"
    try:
        value = parse_answer(question, typed)
    except InterviewError as exc:
        message = "Please choose an answer." if not typed else str(exc)
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
        _question_context(now, state, error),
        status_code=status,
    )


def _question_context(now: Step, state: CheckState, error: str) -> dict[str, Any]:
    question = now.question
    assert question is not None
    kb = knowledge()
    previous = state.draft.get(question.field)
    if question.kind == "multi":
        chosen = {str(i) for i, o in enumerate(question.options, 1) if o.value in (previous or [])}
    elif question.kind in ("choice", "boolean"):
        chosen = {str(i) for i, o in enumerate(question.options, 1) if o.value == previous}
    else:
        chosen = set() if previous is None else {str(previous)}
    total = now.answered + now.remaining
    return {
        "title": question.text,
        "question": question,
        "section": kb.sections[question.section].title,
        "state": state.encode(),
        "number": now.answered + 1,
        "total": total,
        "percent": round(100 * now.answered / total) if total else 0,
        "chosen": chosen,
        "can_go_back": bool(state.history),
        "error": error,
    }
