"""What this device keeps: the records stored for the person, and a way to delete them all."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from crepitus.web.check_link import forget_check, kept_check
from crepitus.web.deps import StoreDep, TemplatesDep, person
from crepitus.web.language import N_
from crepitus.web.language import gettext as _

router = APIRouter(include_in_schema=False, dependencies=[Depends(person)])

# the rows a person owns, in the words the page uses; share links exist only on a server
KINDS = {
    "entries": N_("Diary entries"),
    "assessments": N_("Check results you chose to keep"),
    "feedback": N_("Feedback notes"),
    "shares": N_("Links you made to share your diary"),
    "check": N_("Your last check's answers, in this browser for a week"),
}
ALWAYS_SHOWN = ("entries", "assessments", "feedback")


@router.get("/kept", response_class=HTMLResponse)
async def kept(request: Request, store: StoreDep, templates: TemplatesDep) -> HTMLResponse:
    return _page(request, store, templates)


@router.post("/kept/forget", response_class=HTMLResponse)
async def forget(request: Request, store: StoreDep, templates: TemplatesDep) -> HTMLResponse:
    form = await request.form()
    if form.get("sure") != "yes":
        error = _("Tick the box to say you want everything deleted. Nothing was deleted.")
        return _page(request, store, templates, error=error, status=422)
    removed = store.forget_all() + (kept_check(request) is not None)
    page = _page(request, store, templates, removed=removed, forgotten=True)
    forget_check(request, page)  # the unfinished check this browser keeps goes too
    return page


def _page(
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    *,
    error: str = "",
    removed: int | None = None,
    status: int = 200,
    forgotten: bool = False,
) -> HTMLResponse:
    counts = store.kept()
    if not forgotten and kept_check(request) is not None:
        counts["check"] = 1
    rows = [
        (what, counts.get(name, 0))
        for name, what in KINDS.items()
        if name in ALWAYS_SHOWN or counts.get(name, 0)
    ]
    context = {
        "title": _("What this device keeps"),
        "rows": rows,
        "total": sum(counts.values()),
        "error": error,
        "removed": removed,
    }
    return templates.TemplateResponse(request, "kept.html", context, status_code=status)
