"""Sharing with a clinician (server mode): read-only links, and the log of who looked.

The owner makes, lists and revokes links at /shares. Whoever holds a link reads the diary, its
trends and the report at /shared/{token}/..., and nothing else: those routes get a
``DiaryReader``, which has no way to write, and every look is logged before it is answered.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from crepitus.errors import AccountError
from crepitus.store.diary import MAX_ID, DiaryReader, Store
from crepitus.store.sharing import OwnerShares, open_share
from crepitus.web.deps import AccountDep, SettingsDep, TemplatesDep
from crepitus.web.field_words import said
from crepitus.web.language import N_, report_language, speaking
from crepitus.web.language import gettext as _

SHOWN = 50  # entries listed on the shared diary page, newest first
# what a link opens stays out of search engines, whatever its kind (pages, report, charts)
NO_INDEX = {"X-Robots-Tag": "noindex, nofollow"}
CLOSED = {
    "expired": N_("This link has expired. Ask the person who shared it for a new one."),
    "revoked": N_("This link was withdrawn by the person who shared it."),
}
# what each look opened, as the access log keeps it (in English, whatever the language then)
OPENED = {
    "diary": N_("diary"),
    "report (web page)": N_("report (web page)"),
    "report (PDF)": N_("report (PDF)"),
    "chart of pops": N_("chart of pops"),
    "chart of pain": N_("chart of pain"),
}

DAYS = re.compile(r"[0-9]{1,4}")  # ASCII digits: "²" passes str.isdigit(), not int()
# an id the database could not hold is refused (422 naming share_id), never sent to it
ShareId = Annotated[int, Path(ge=1, le=MAX_ID, description="The link's number.")]

router = APIRouter(include_in_schema=False)


def _shares(request: Request, account: AccountDep) -> OwnerShares:
    return OwnerShares(request.app.state.store, account.owner)


def _list_page(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    shares: OwnerShares,
    status: int = 200,
    **extra: Any,
) -> HTMLResponse:
    context = {
        "title": _("Share with a clinician"),
        "shares": shares.all(),
        "accesses": shares.accesses(),
        "now": datetime.now(UTC),
        "max_days": settings.share_max_days,
        "opened": {what: _(words) for what, words in OPENED.items()},
        **extra,
    }
    return templates.TemplateResponse(request, "shares.html", context, status_code=status)


@router.get("/shares", response_class=HTMLResponse)
def shares_page(
    request: Request, templates: TemplatesDep, settings: SettingsDep, account: AccountDep
) -> HTMLResponse:
    return _list_page(request, templates, settings, _shares(request, account))


@router.post("/shares", response_class=HTMLResponse)
async def create_share(
    request: Request, templates: TemplatesDep, settings: SettingsDep, account: AccountDep
) -> HTMLResponse:
    form = await request.form()
    label = str(form.get("label", ""))
    days_text = str(form.get("days", "")).strip()
    days = int(days_text) if DAYS.fullmatch(days_text) else 0  # 0: refused, naming days
    shares = _shares(request, account)
    try:
        share, token = await run_in_threadpool(shares.create, label, days, settings.share_max_days)
    except AccountError as exc:
        problems = [said(p) for p in exc.problems]
        return await run_in_threadpool(
            _list_page, request, templates, settings, shares, 422, problems=problems, label=label
        )
    link = str(request.base_url).rstrip("/") + f"/shared/{token}"
    return await run_in_threadpool(
        _list_page, request, templates, settings, shares, created=share, link=link
    )


@router.post("/shares/{share_id}/revoke")
def revoke_share(share_id: ShareId, request: Request, account: AccountDep) -> Response:
    if not _shares(request, account).revoke(share_id):
        raise HTTPException(404, _("You have no share link %(id)s.") % {"id": share_id})
    return RedirectResponse("/shares", status_code=303)


# -- what a link opens ----------------------------------------------------------------------------


def _open(request: Request, token: str, what: str) -> DiaryReader:
    store: Store = request.app.state.store
    opened = open_share(store, token, what)
    if opened is None:
        raise HTTPException(404, _("There is no such share link."))
    if opened.diary is None:
        raise HTTPException(410, _(CLOSED[opened.state]))
    return opened.diary


@router.get("/shared/{token}", response_class=HTMLResponse)
def shared_diary(token: str, request: Request, templates: TemplatesDep) -> HTMLResponse:
    from crepitus.diary.trends import compute

    diary = _open(request, token, "diary")
    total = diary.count()
    context = {
        "title": _("Shared pop diary"),
        "token": token,
        "entries": diary.latest(SHOWN),
        "total": total,
        "trends": compute(diary) if total else None,
    }
    return templates.TemplateResponse(request, "shared.html", context)


@router.get("/shared/{token}/report.html", response_class=HTMLResponse)
def shared_report_html(token: str, request: Request, language: str = "") -> HTMLResponse:
    from crepitus.diary.report import build_html

    diary = _open(request, token, "report (web page)")
    with speaking(report_language(language)):
        back = (f"/shared/{token}", _("Back to the shared diary"))
        return HTMLResponse(build_html(diary, datetime.now(UTC), back=back))


@router.get("/shared/{token}/report.pdf")
def shared_report_pdf(token: str, request: Request, language: str = "") -> Response:
    from crepitus.diary.report import build_pdf

    diary = _open(request, token, "report (PDF)")
    with speaking(report_language(language)):
        pdf = build_pdf(diary, datetime.now(UTC))
    headers = {"Content-Disposition": 'attachment; filename="crepitus-report.pdf"', **NO_INDEX}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/shared/{token}/charts/{name}.svg")
def shared_chart(token: str, name: str, request: Request) -> Response:
    from crepitus.diary import charts
    from crepitus.diary.trends import compute

    draw = charts.BY_NAME.get(name)
    if draw is None:
        raise HTTPException(404, _("There is no chart %(name)s.") % {"name": repr(name)})
    diary = _open(request, token, f"chart of {name}")
    return Response(draw(compute(diary), "svg"), media_type="image/svg+xml", headers=NO_INDEX)
