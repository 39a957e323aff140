"""The diary in the browser: quick add, history with edit and delete, trends, and the report."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from crepitus.knowledge import knowledge
from crepitus.store.diary import MAX_ID, MAX_NOTE, EntryData, EntryRecord
from crepitus.web import diary_form
from crepitus.web.deps import StoreDep, TemplatesDep, person
from crepitus.web.diary_form import DiaryForm
from crepitus.web.language import current, report_language, speaking
from crepitus.web.language import gettext as _

SHOWN = 50  # entries listed on the diary page, newest first
# an id the database could not hold is refused (422 naming entry_id), never sent to it
EntryId = Annotated[int, Path(ge=1, le=MAX_ID, description="The entry's number.")]

router = APIRouter(include_in_schema=False, dependencies=[Depends(person)])


def _options(field: str) -> list[tuple[str, str]]:
    """The answer options of the interview's question, so the diary speaks the check's words."""
    return [(str(o.value), o.label) for o in knowledge(current()).question(field).options]


def _context(title: str, form: DiaryForm, **extra: Any) -> dict[str, Any]:
    # "Error: " first in the title, so a screen reader hears at once that the form came back
    return {
        "title": _("Error: %(title)s") % {"title": title} if form.errors else title,
        "form": form,
        "regions": _options("pop_region"),
        "triggers": _options("pop_triggers"),
        "max_note": MAX_NOTE,
        **extra,
    }


def _page(
    request: Request,
    templates: TemplatesDep,
    store: StoreDep,
    form: DiaryForm | None = None,
    status: int = 200,
) -> HTMLResponse:
    from crepitus.diary.trends import compute

    total = store.count()
    entries = store.latest(SHOWN)
    if form is None:
        form = diary_form.blank(entries[0].region if entries else _options("pop_region")[0][0])
    context = _context(
        _("Your pop diary"),
        form,
        entries=entries,
        total=total,
        trends=compute(store) if total else None,
    )
    return templates.TemplateResponse(request, "diary.html", context, status_code=status)


# Routes that touch the database are plain functions (FastAPI runs them in its thread pool), or
# hand the database work to the pool after reading the form: a store call that waits (SQLite's
# write lock, a busy PostgreSQL) must not stall every other request on the worker's event loop.


@router.get("/diary", response_class=HTMLResponse)
def diary(request: Request, templates: TemplatesDep, store: StoreDep) -> HTMLResponse:
    return _page(request, templates, store)


@router.post("/diary", response_class=HTMLResponse)
async def add(request: Request, templates: TemplatesDep, store: StoreDep) -> Response:
    typed, entry = diary_form.read(await request.form(), datetime.now(UTC))
    return await run_in_threadpool(_add, request, templates, store, typed, entry)


def _add(
    request: Request,
    templates: TemplatesDep,
    store: StoreDep,
    typed: DiaryForm,
    entry: EntryData | None,
) -> Response:
    if entry is None:
        return _page(request, templates, store, typed, status=422)
    store.add(entry)
    return RedirectResponse("/diary?saved=1", status_code=303)


def _entry(store: StoreDep, entry_id: int) -> EntryRecord:
    entry = store.get(entry_id)
    if entry is None:
        raise HTTPException(404, _("There is no diary entry %(id)s.") % {"id": entry_id})
    return entry


@router.get("/diary/{entry_id}/edit", response_class=HTMLResponse)
def edit_form(
    entry_id: EntryId, request: Request, templates: TemplatesDep, store: StoreDep
) -> HTMLResponse:
    entry = _entry(store, entry_id)
    context = _context(_("Change a diary entry"), diary_form.of_entry(entry), entry=entry)
    return templates.TemplateResponse(request, "diary_edit.html", context)


@router.post("/diary/{entry_id}/edit", response_class=HTMLResponse)
async def edit(
    entry_id: EntryId, request: Request, templates: TemplatesDep, store: StoreDep
) -> Response:
    typed, data = diary_form.read(await request.form(), datetime.now(UTC), editing=True)
    return await run_in_threadpool(_edit, entry_id, request, templates, store, (typed, data))


def _edit(
    entry_id: int,
    request: Request,
    templates: TemplatesDep,
    store: StoreDep,
    read: tuple[DiaryForm, EntryData | None],
) -> Response:
    typed, data = read
    entry = _entry(store, entry_id)
    if data is None:
        context = _context(_("Change a diary entry"), typed, entry=entry)
        return templates.TemplateResponse(request, "diary_edit.html", context, status_code=422)
    store.update(entry_id, data)
    return RedirectResponse("/diary?changed=1", status_code=303)


@router.get("/diary/{entry_id}/delete", response_class=HTMLResponse)
def delete_form(
    entry_id: EntryId, request: Request, templates: TemplatesDep, store: StoreDep
) -> HTMLResponse:
    """The step before deleting: one tap on "Delete" must not lose an entry for good."""
    context = {"title": _("Delete this entry?"), "entry": _entry(store, entry_id)}
    return templates.TemplateResponse(request, "diary_delete.html", context)


@router.post("/diary/{entry_id}/delete")
def delete(entry_id: EntryId, store: StoreDep) -> Response:
    _entry(store, entry_id)
    store.delete(entry_id)
    return RedirectResponse("/diary?deleted=1", status_code=303)


@router.get("/diary/charts/{name}.svg")
def chart(name: str, store: StoreDep) -> Response:
    from crepitus.diary import charts
    from crepitus.diary.trends import compute

    draw = charts.BY_NAME.get(name)
    if draw is None:
        raise HTTPException(404, _("There is no chart %(name)s.") % {"name": repr(name)})
    return Response(draw(compute(store), "svg"), media_type="image/svg+xml")


@router.get("/diary/report.pdf")
def report_pdf(store: StoreDep, language: str = "") -> Response:
    from crepitus.diary.report import build_pdf

    with speaking(report_language(language)):  # the person's language, or the doctor's
        pdf = build_pdf(store, datetime.now(UTC))
    headers = {"Content-Disposition": 'attachment; filename="crepitus-report.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/diary/report.html", response_class=HTMLResponse)
def report_html(store: StoreDep, language: str = "") -> HTMLResponse:
    from crepitus.diary.report import build_html

    with speaking(report_language(language)):  # the person's language, or the doctor's
        return HTMLResponse(
            build_html(store, datetime.now(UTC), back=("/diary", _("Back to my diary")))
        )
