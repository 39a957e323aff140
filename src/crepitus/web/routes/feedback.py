"""'Was this helpful?': kept locally, with the result it was about."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from crepitus.errors import InterviewError
from crepitus.knowledge import LEVELS, knowledge
from crepitus.store.diary import MAX_NOTE as MAX_COMMENT
from crepitus.store.diary import control_problem
from crepitus.web.check_state import CheckState
from crepitus.web.deps import StoreDep, TemplatesDep, person
from crepitus.web.language import gettext as _
from crepitus.web.routes.check import render_step

router = APIRouter(include_in_schema=False, dependencies=[Depends(person)])


@router.post("/feedback", response_class=HTMLResponse, response_model=None)
async def feedback(
    request: Request, store: StoreDep, templates: TemplatesDep
) -> HTMLResponse | RedirectResponse:
    form = await request.form()
    helpful = str(form.get("helpful", ""))
    triage = str(form.get("triage", ""))
    comment = str(form.get("comment", "")).strip()
    problems = []
    if helpful not in ("yes", "no"):
        problems.append(_("Please choose yes or no."))
    if triage not in LEVELS:
        problems.append(_("The result this feedback is about is missing; please go back."))
    if len(comment) > MAX_COMMENT:
        problems.append(
            _("Please keep the comment under %(limit)s characters.") % {"limit": MAX_COMMENT}
        )
    elif problem := control_problem(comment):
        problems.append(f"comment: {problem}.")
    if problems:
        sent = {"problems": problems, "helpful": helpful, "comment": comment}
        result = _result_of(str(form.get("state", "")))
        if result is not None:  # the result page again, the problems beside its feedback form
            return render_step(request, templates, store, result, feedback=sent)
        context = {
            "title": _("Feedback not saved"),
            "problems": problems,
            "helpful": helpful,
            "comment": comment,  # what was typed is kept, to correct and send again
            "triage": triage if triage in LEVELS else "",
            "max_comment": MAX_COMMENT,
        }
        return templates.TemplateResponse(request, "thanks.html", context, status_code=422)
    store.add_feedback(helpful == "yes", comment, triage, knowledge().version)
    return RedirectResponse("/feedback/thanks", status_code=303)


@router.get("/feedback/thanks", response_class=HTMLResponse)
async def thanks(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "thanks.html", {"title": _("Thank you"), "problems": []}
    )


def _result_of(sent: str) -> CheckState | None:
    """The finished check a feedback form came from, if it says (and it is one)."""
    try:
        state = CheckState.decode(sent) if sent else None
    except InterviewError:
        return None
    if state is None or state.step().question is not None:
        return None
    return state
