"""'Was this helpful?': kept locally, with the result it was about."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from crepitus.knowledge import LEVELS, knowledge
from crepitus.store.diary import MAX_NOTE as MAX_COMMENT
from crepitus.store.diary import control_problem
from crepitus.web.deps import StoreDep, TemplatesDep, person

router = APIRouter(include_in_schema=False, dependencies=[Depends(person)])


@router.post("/feedback", response_class=HTMLResponse)
async def feedback(request: Request, store: StoreDep, templates: TemplatesDep) -> HTMLResponse:
    form = await request.form()
    helpful = str(form.get("helpful", ""))
    triage = str(form.get("triage", ""))
    comment = str(form.get("comment", "")).strip()
    problems = []
    if helpful not in ("yes", "no"):
        problems.append("Please choose yes or no.")
    if triage not in LEVELS:
        problems.append("The result this feedback is about is missing; please go back.")
    if len(comment) > MAX_COMMENT:
        problems.append(f"Please keep the comment under {MAX_COMMENT} characters.")
    elif problem := control_problem(comment):
        problems.append(f"comment: {problem}.")
    if problems:
        context = {
            "title": "Feedback not saved",
            "problems": problems,
            "helpful": helpful,
            "comment": comment,  # what was typed is kept, to correct and send again
            "triage": triage if triage in LEVELS else "",
            "max_comment": MAX_COMMENT,
        }
        return templates.TemplateResponse(request, "thanks.html", context, status_code=422)
    store.add_feedback(helpful == "yes", comment, triage, knowledge().version)
    return templates.TemplateResponse(
        request, "thanks.html", {"title": "Thank you", "problems": []}
    )
