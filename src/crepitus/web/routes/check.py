"""The check in the browser: a short page per screen of related questions, then the result.

Plain HTML forms, so it works without JavaScript. The answers so far travel in a hidden field
(see ``check_state``); the interview engine decides what to ask next, exactly as in the terminal.

The check opens by asking who it is for (the person, or someone else: then every question speaks
of "the person"), with an optional box for a description in the person's own words. What it is
understood to say comes back as pre-filled answers to confirm or change (see ``confirm``); the
screens then ask only what is still unknown.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from crepitus.diary.feed import DiaryFact, facts, merge
from crepitus.engine.assess import engine
from crepitus.engine.interview import Step
from crepitus.engine.wording import for_someone_else
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.understanding import UnderstandingUnavailableError
from crepitus.understanding.describe import warnings_first
from crepitus.understanding.read import MAX_TEXT
from crepitus.understanding.subject import about_someone_else
from crepitus.web.check_link import (
    DAMAGED,
    forget_check,
    keep_check,
    kept_check,
    pack,
    state_of,
    step_url,
    unpack,
)
from crepitus.web.check_state import CheckState
from crepitus.web.confirm import NOTHING, Reading, read_form, reading
from crepitus.web.deps import StoreDep, TemplatesDep, person
from crepitus.web.language import N_, current, reads_words
from crepitus.web.language import gettext as _
from crepitus.web.reading import RETRY_AFTER, ReadingBusyError, readers
from crepitus.web.screen_form import Asked, read_screen, shown

router = APIRouter(include_in_schema=False, dependencies=[Depends(person)])

SOMEONE_ELSE = "someone_else"  # the form value of "Someone else" on the first page

NOTHING_READ_NOTICE = "nothing-read"
CANNOT_READ_NOTICE = "cannot-read"
WARNINGS_FIRST_NOTICE = "warnings-first"
# what a page says of answers it carried that were damaged or forged (the details stay unsaid:
# they may quote the forged text)
DAMAGED_PAGE = N_(
    "The answers this page carried were damaged or changed, so the check cannot go on from"
    " them; please start again."
)
# what a step's address may ask its page to say first: a code, never text from the address
NOTICES = {
    NOTHING_READ_NOTICE: N_(
        "We could not pick out any answers from your description."
        " Please answer the questions instead."
    ),
    CANNOT_READ_NOTICE: N_(
        "We could not read your description here, so please answer the questions instead."
    ),
    WARNINGS_FIRST_NOTICE: N_(
        "Your words sound like ones that needed prompt care, so the questions about warning"
        " signs come first. This is a precaution, not a diagnosis: your answers decide."
    ),
}


@router.get("/check", response_class=HTMLResponse)
async def start(request: Request, templates: TemplatesDep, d: str = "") -> HTMLResponse:
    """The first page; ``d`` brings back a description to change (from the confirm page)."""
    resume = kept_check(request)
    try:
        text, other = _description(d) if d else ("", False)
    except InterviewError:  # a damaged address: the page, empty, says so
        error = _(DAMAGED_PAGE)
        return _describe_page(request, templates, "", error=error, status=400, resume=resume)
    return _describe_page(request, templates, text, other=other, resume=resume)


@router.post("/check/describe", response_class=HTMLResponse, response_model=None)
async def describe(request: Request, templates: TemplatesDep) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    text = str(form.get("description", ""))
    action = str(form.get("action", "read"))
    other = str(form.get("for", "me")) == SOMEONE_ELSE
    if action == "edit":  # "Change my description" on the confirm page
        return _see_other(f"/check?d={_pack_description(text[:MAX_TEXT], other)}")
    if action == "questions" or not text.strip() or not reads_words():
        return _see_other(step_url(CheckState.new(other=other)))
    if len(text) > MAX_TEXT:
        error = _(
            "Your description is %(length)s characters long."
            " Please shorten it to %(limit)s characters or fewer."
        ) % {"length": len(text), "limit": MAX_TEXT}
        return _describe_page(request, templates, text, error=error, status=422, other=other)
    return _see_other(f"/check/confirm?d={_pack_description(text, other)}")


@router.get("/check/confirm", response_class=HTMLResponse, response_model=None)
async def read_description(
    request: Request, templates: TemplatesDep, store: StoreDep, d: str = ""
) -> HTMLResponse | RedirectResponse:
    """What the description was understood to say, to confirm or change."""
    if not d:  # the address alone, without a description: the check's start
        return _see_other("/check")
    try:
        text, other = _description(d)
    except InterviewError:
        return _damaged(request, templates, store)
    try:
        understood = await readers.read(text)
    except ReadingBusyError as exc:
        page = _describe_page(request, templates, text, error=str(exc), status=503, other=other)
        return _busy(page)
    except UnderstandingUnavailableError:
        return _see_other(step_url(CheckState.new(other=other), CANNOT_READ_NOTICE))
    read = reading(understood)
    first = warnings_first(understood)  # words like urgent ones: warning signs are asked first
    if not read.items and not read.estimates:
        fresh = CheckState.new(other=other, warnings_first=first)
        return _see_other(step_url(fresh, NOTHING_READ_NOTICE))
    if not other and about_someone_else(understood):  # "my dad is 78, he slipped…"
        other = True
    state = CheckState.new(draft=read.draft, other=other, warnings_first=first)
    if read.emergency():  # a warning sign in the words: what to do now, before anything else
        state.record_page(
            {item.question.field: read.answers[item.question.field] for item in read.items}
        )
        return _see_other(step_url(state))
    return _confirm_page(request, templates, text, state, read)


@router.post("/check/confirm", response_class=HTMLResponse, response_model=None)
async def confirm(
    request: Request, templates: TemplatesDep, store: StoreDep
) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    try:
        state = CheckState.decode(str(form.get("state", "")))
    except InterviewError:
        return _damaged(request, templates, store)
    text = str(form.get("description", ""))[:MAX_TEXT]
    try:
        read = reading(await readers.read(text)) if text.strip() else NOTHING
    except ReadingBusyError as exc:
        return _busy(_describe_page(request, templates, text, error=str(exc), status=503))
    except UnderstandingUnavailableError:
        return _see_other(step_url(state, CANNOT_READ_NOTICE))
    confirmed, items = read_form(form, read.items)
    if any(item.error for item in items):
        shown = read._replace(items=items)
        return _confirm_page(request, templates, text, state, shown, status=422)
    # one page, in interview order, so "Back" from the first screen returns to them
    state.record_page(
        {
            i.question.field: confirmed[i.question.field]
            for i in items
            if i.question.field in confirmed
        }
    )
    return _see_other(step_url(state, WARNINGS_FIRST_NOTICE if state.warnings_first else ""))


@router.post("/check", response_class=HTMLResponse, response_model=None)
async def answer(
    request: Request, templates: TemplatesDep, store: StoreDep
) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    try:
        state = CheckState.decode(str(form.get("state", "")))
    except InterviewError:
        return _damaged(request, templates, store)
    action = str(form.get("action", "next"))
    if action == "back":
        state.back_to_screen()
        return _see_other(step_url(state))
    now = state.step(engine(current()))  # a refused screen shows again
    if now.screen is None or str(form.get("screen", "")) != _screen_key(now):
        # a stale or repeated form: show where the check really is
        return _see_other(step_url(state))
    values, asked = read_screen(form, now.questions)
    if any(item.error for item in asked):
        return render_step(request, templates, store, state, asked=asked, status=422)
    state.record_page(values)
    return _see_other(step_url(state))


@router.get("/check/step", response_class=HTMLResponse, response_model=None)
async def show_step(
    request: Request, templates: TemplatesDep, store: StoreDep, s: str = "", notice: str = ""
) -> HTMLResponse | RedirectResponse:
    """One step of the check, at its own address: a screen, the emergency page or the result."""
    if not s:  # the address alone, without a step: the check's start
        return _see_other("/check")
    try:
        state = state_of(s)
    except InterviewError:
        return _damaged(request, templates, store)
    newest = kept_check(request)
    if newest is not None and state.leads_to(newest):
        # the browser's Back, or an earlier page opened again: its answers come back, and the
        # browser keeps the check's furthest step
        state.prefill_from(newest)
        return render_step(
            request, templates, store, state, notice=_(NOTICES[notice]) if notice in NOTICES else ""
        )
    page = render_step(
        request, templates, store, state, notice=_(NOTICES[notice]) if notice in NOTICES else ""
    )
    keep_check(request, page, state)
    return page


@router.post("/check/forget", response_model=None)
async def forget(request: Request) -> RedirectResponse:
    """Forget the unfinished check this browser keeps, and start afresh."""
    page = _see_other("/check")
    forget_check(request, page)
    return page


def _damaged(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    """The check's first screen again, saying why: what a page carried could not be read."""
    return render_step(request, templates, store, CheckState(), error=_(DAMAGED_PAGE), status=400)


def _see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _pack_description(text: str, other: bool) -> str:
    return pack(json.dumps({"t": text, "o": other}))


def _description(token: str) -> tuple[str, bool]:
    """The description and who it is for, from a confirm page's address."""
    try:
        raw = json.loads(unpack(token))
        text, other = raw["t"], raw["o"]
        if not isinstance(text, str) or not isinstance(other, bool) or len(text) > MAX_TEXT:
            raise ValueError("not a description")
    except (ValueError, KeyError, TypeError):
        raise InterviewError(DAMAGED) from None
    return text, other


def render_step(
    request: Request,
    templates: TemplatesDep,
    store: StoreDep,
    state: CheckState,
    *,
    error: str = "",
    notice: str = "",
    asked: list[Asked] | None = None,
    status: int = 200,
    feedback: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The page the check shows for ``state``: a screen, the emergency page or the result
    (with ``feedback``, the feedback form as sent, its problems beside it)."""
    language = current()  # the page's: questions and results in its words, the same decisions
    now = state.step(engine(language))
    if now.emergency and now.assessment is not None:
        urgent = now.assessment
        if state.other:
            urgent = for_someone_else(urgent, knowledge(language))
        return templates.TemplateResponse(
            request,
            "emergency.html",
            {
                "title": _("Get emergency help now"),
                "result": urgent,
                "other": state.other,
                "state": state.encode(),
                "can_go_back": bool(state.pages),
            },
        )
    if now.question is None:
        assert now.assessment is not None
        result, case = now.assessment, state.answers
        used: list[DiaryFact] = []
        if state.other:
            # the diary and its report are the diary owner's: another person's check neither
            # reads the owner's entries nor becomes the owner's latest result
            result = for_someone_else(result, knowledge(language))
        else:
            found = facts(
                store.entries(since=datetime.now(UTC) - timedelta(days=60)), datetime.now(UTC)
            )
            if found:  # the diary answers what was skipped, and says which entries it used
                case, used = merge(state.answers, found)
                result = engine(language).assess(case) if used else result
        # nothing is kept unless the person asks: the page offers "keep this result" instead
        title = _("The result") if state.other else _("Your result")
        context = {
            "title": title,
            "result": result,
            "diary": used,
            "other": state.other,
            "state": state.encode(),
            "child": _child(state),
            "case": case,
            "feedback": feedback or {},
        }
        code = 422 if feedback else status
        return templates.TemplateResponse(request, "result.html", context, status_code=code)
    asked = asked or shown(now.questions, state.draft)
    return templates.TemplateResponse(
        request,
        "screen.html",
        {**_screen_context(now, state, asked, error), "notice": notice or _child_notice(state)},
        status_code=status,
    )


def _busy(page: HTMLResponse) -> HTMLResponse:
    page.headers["Retry-After"] = str(RETRY_AFTER)
    return page


def _describe_page(
    request: Request,
    templates: TemplatesDep,
    text: str,
    *,
    error: str = "",
    status: int = 200,
    other: bool = False,
    resume: CheckState | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "title": _("Who is the check for?"),
        "description": text,
        "max_length": MAX_TEXT,
        "error": error,
        "other": other,
        "resume": None,
    }
    if resume is not None and resume.pages:
        # the check this browser kept: finished (a result or an emergency) or still going
        finished = resume.step().question is None
        context["resume"] = {"url": step_url(resume), "finished": finished, "other": resume.other}
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
        "title": _("Is this right?"),
        "description": text,
        "state": state.encode(),
        "items": read.items,
        "estimates": read.estimates,
        "hint_values": read.draft,
        "errors": [item for item in read.items if item.error],
        "other": state.other,
    }
    return templates.TemplateResponse(request, "confirm.html", context, status_code=status)


def _screen_key(now: Step) -> str:
    """What a screen's form names: the screen and the questions on it, so a form for another
    version of the screen (a stale tab, a repeated post) is not read as this one."""
    assert now.screen is not None
    return f"{now.screen.id}:{','.join(q.field for q in now.questions)}"


def _screen_context(now: Step, state: CheckState, asked: list[Asked], error: str) -> dict[str, Any]:
    assert now.screen is not None
    number = state.screens_done + 1
    total = state.screens_done + now.screens_left
    return {
        "title": now.screen.wording(state.other),
        "screen": now.screen,
        "screen_key": _screen_key(now),
        "asked": asked,
        "errors": [item for item in asked if item.error],
        "warning_signs": any(item.question.red_flag for item in asked),
        "other": state.other,
        "state": state.encode(),
        "number": number,
        "total": total,
        "can_go_back": bool(state.pages),
        "error": error,
    }


@router.post("/check/keep", response_class=HTMLResponse, response_model=None)
async def keep(
    request: Request, templates: TemplatesDep, store: StoreDep
) -> HTMLResponse | RedirectResponse:
    """Keep a finished check in the diary, for the doctor's report: only when the person asks,
    only their own check, and once however often the form is sent."""
    form = await request.form()
    try:
        state = CheckState.decode(str(form.get("state", "")))
    except InterviewError:
        return _damaged(request, templates, store)
    now = state.step()
    if now.question is not None or now.assessment is None or state.other:
        # not finished, or about someone else: nothing to keep in this person's diary
        return render_step(request, templates, store, state)
    case, result = state.answers, now.assessment
    found = facts(store.entries(since=datetime.now(UTC) - timedelta(days=60)), datetime.now(UTC))
    if found:
        case, used = merge(state.answers, found)
        result = engine().assess(case) if used else result
    if not _kept_already(store, case):
        # questions skipped with "Not sure" were asked: the report says so, apart from not asked
        store.save_assessment(case, result.to_dict(), unknown=state.skipped)
    return RedirectResponse("/check/kept", status_code=303)


@router.get("/check/kept", response_class=HTMLResponse)
async def kept_result(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "result_kept.html", {"title": _("Result kept")})


SAME_CHECK = timedelta(hours=12)  # the same answers kept again within this are one check


def _kept_already(store: StoreDep, case: dict[str, Any]) -> bool:
    """Whether this check was kept moments ago (a reload, Back and send again, a double tap)."""
    latest = store.latest_assessment()
    if latest is None or latest.case != case:
        return False
    when = latest.created_at if latest.created_at.tzinfo else latest.created_at.replace(tzinfo=UTC)
    return datetime.now(UTC) - when < SAME_CHECK


ADULT_AGE = 16  # the knowledge base is written for adults: below this, the check says so


def _child(state: CheckState) -> bool:
    age = state.answers.get("age")
    return isinstance(age, int) and age < ADULT_AGE


def _child_notice(state: CheckState) -> str:
    if not _child(state):
        return ""
    if state.other:
        return _(
            "This check is written for adults. For a child's back or neck pain, please see a"
            " doctor rather than relying on it; the questions below can still help them"
            " describe it."
        )
    return _(
        "This check is written for adults. For a child's back or neck pain, please see a doctor"
        " rather than relying on it; the questions below can still help you describe it."
    )
