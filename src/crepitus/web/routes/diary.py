"""The diary in the browser: quick add, history with edit and delete, trends, and the report."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from crepitus.errors import EntryError
from crepitus.knowledge import knowledge
from crepitus.store.diary import MAX_ID, EntryRecord, check_entry
from crepitus.web.deps import StoreDep, TemplatesDep, person

SHOWN = 50  # entries listed on the diary page, newest first
# an id the database could not hold is refused (422 naming entry_id), never sent to it
EntryId = Annotated[int, Path(ge=1, le=MAX_ID, description="The entry's number.")]

router = APIRouter(include_in_schema=False, dependencies=[Depends(person)])


def _options(field: str) -> list[tuple[str, str]]:
    """The answer options of the interview's question, so the diary speaks the check's words."""
    return [(str(o.value), o.label) for o in knowledge().question(field).options]


def _form_entry(form: Any) -> dict[str, Any]:
    """The raw entry from a diary form; the time is the person's local time when given."""
    when = str(form.get("at", "")).strip()
    at: Any = datetime.now(UTC)
    if when:
        try:
            at = datetime.fromisoformat(when)
            if at.tzinfo is None:
                at = at.replace(tzinfo=datetime.now().astimezone().tzinfo)
        except ValueError:
            at = when  # check_entry names the problem
    return {
        "at": at,
        "region": str(form.get("region", "")),
        "pops": str(form.get("pops", "")),
        "pain": str(form.get("pain", "")),
        "sound": str(form.get("sound", "")) or None,
        "triggers": [str(t) for t in form.getlist("triggers")],
        "pain_at_pop": form.get("pain_at_pop") == "yes",
        "swelling": form.get("swelling") == "yes",
        "stiffness": form.get("stiffness") == "yes",
        "note": str(form.get("note", "")).strip(),
    }


def _page(
    request: Request,
    templates: TemplatesDep,
    store: StoreDep,
    error: str = "",
    status: int = 200,
) -> HTMLResponse:
    from crepitus.diary.trends import compute

    total = store.count()
    context = {
        "title": "Your pop diary",
        "entries": store.latest(SHOWN),
        "total": total,
        "trends": compute(store) if total else None,
        "regions": _options("pop_region"),
        "triggers": _options("pop_triggers"),
        "error": error,
    }
    return templates.TemplateResponse(request, "diary.html", context, status_code=status)


# Routes that touch the database are plain functions (FastAPI runs them in its thread pool), or
# hand the database work to the pool after reading the form: a store call that waits (SQLite's
# write lock, a busy PostgreSQL) must not stall every other request on the worker's event loop.


@router.get("/diary", response_class=HTMLResponse)
def diary(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    return _page(request, templates, store)


@router.post("/diary", response_class=HTMLResponse)
async def add(request: Request, templates: TemplatesDep, store: StoreDep) -> Response:
    raw = _form_entry(await request.form())
    return await run_in_threadpool(_add, request, templates, store, raw)


def _add(
    request: Request, templates: TemplatesDep, store: StoreDep, raw: dict[str, Any]
) -> Response:
    try:
        store.add(check_entry(raw))
    except EntryError as exc:
        return _page(request, templates, store, error=str(exc), status=422)
    return RedirectResponse("/diary?saved=1", status_code=303)


def _entry(store: StoreDep, entry_id: int) -> EntryRecord:
    entry = store.get(entry_id)
    if entry is None:
        raise HTTPException(404, f"There is no diary entry {entry_id}.")
    return entry


@router.get("/diary/{entry_id}/edit", response_class=HTMLResponse)
def edit_form(
    entry_id: EntryId, request: Request, templates: TemplatesDep, store: StoreDep
) -> HTMLResponse:
    context = _edit_context(_entry(store, entry_id))
    return templates.TemplateResponse(request, "diary_edit.html", context)


def _edit_context(entry: EntryRecord, error: str = "") -> dict[str, Any]:
    return {
        "title": "Change a diary entry",
        "entry": entry,
        "at_local": entry.at.astimezone().strftime("%Y-%m-%dT%H:%M"),
        "regions": _options("pop_region"),
        "triggers": _options("pop_triggers"),
        "error": error,
    }


@router.post("/diary/{entry_id}/edit", response_class=HTMLResponse)
async def edit(
    entry_id: EntryId, request: Request, templates: TemplatesDep, store: StoreDep
) -> Response:
    raw = _form_entry(await request.form())
    return await run_in_threadpool(_edit, entry_id, request, templates, store, raw)


def _edit(
    entry_id: int,
    request: Request,
    templates: TemplatesDep,
    store: StoreDep,
    raw: dict[str, Any],
) -> Response:
    entry = _entry(store, entry_id)
    try:
        store.update(entry_id, check_entry(raw))
    except EntryError as exc:
        context = _edit_context(entry, str(exc))
        return templates.TemplateResponse(request, "diary_edit.html", context, status_code=422)
    return RedirectResponse("/diary", status_code=303)


@router.post("/diary/{entry_id}/delete")
def delete(entry_id: EntryId, store: StoreDep) -> Response:
    _entry(store, entry_id)
    store.delete(entry_id)
    return RedirectResponse("/diary", status_code=303)


@router.get("/diary/charts/{name}.svg")
def chart(name: str, store: StoreDep) -> Response:
    from crepitus.diary import charts
    from crepitus.diary.trends import compute

    draw = charts.BY_NAME.get(name)
    if draw is None:
        raise HTTPException(404, f"There is no chart {name!r}.")
    return Response(draw(compute(store), "svg"), media_type="image/svg+xml")


@router.get("/diary/report.pdf")
def report_pdf(store: StoreDep) -> Response:
    from crepitus.diary.report import build_pdf

    pdf = build_pdf(store, datetime.now(UTC))
    headers = {"Content-Disposition": 'attachment; filename="crepitus-report.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/diary/report.html", response_class=HTMLResponse)
def report_html(store: StoreDep) -> HTMLResponse:
    from crepitus.diary.report import build_html

    return HTMLResponse(build_html(store, datetime.now(UTC)))
