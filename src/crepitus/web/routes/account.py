"""Accounts in server mode: create one, sign in and out, change the password, delete it all.

Signing in (or up) and changing the password give the browser a new session and a new CSRF seed;
signing in also gives it a new device cookie (see auth.py). A try the limits refuse is answered
429, and one that finds every password-hashing slot busy 503, both with Retry-After.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from crepitus.errors import AccountError, FieldProblem, LockedOutError
from crepitus.settings import Settings
from crepitus.store.accounts import AccountRecord, Accounts, BusyError, RegistrationLimitError
from crepitus.web.auth import (
    DEVICE_COOKIE,
    cleared_cookie,
    device_cookie,
    known_device,
    local_path,
    session_cookie,
)
from crepitus.web.csrf import cookies, seed_cookie
from crepitus.web.deps import AccountDep, AccountsDep, SettingsDep, TemplatesDep
from crepitus.web.field_words import said
from crepitus.web.language import gettext as _

router = APIRouter(include_in_schema=False)


def _key(settings: Settings) -> bytes:
    return settings.secret_key.get_secret_value().encode() if settings.secret_key else b""


def _address(request: Request) -> str:
    return request.client.host if request.client else ""


def _status(exc: AccountError, otherwise: int) -> tuple[int, dict[str, str]]:
    """The status of a refusal, and its Retry-After when it asks to come back later."""
    if isinstance(exc, BusyError):
        return 503, {"Retry-After": str(exc.seconds)}
    if isinstance(exc, RegistrationLimitError):
        return 429, {"Retry-After": str(exc.seconds)}
    if isinstance(exc, LockedOutError):
        return 429, {"Retry-After": str(getattr(exc, "seconds", exc.minutes * 60))}
    return otherwise, {}


def _page(
    request: Request,
    templates: TemplatesDep,
    name: str,
    title: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request, name, {"title": title, **context}, status_code=status
    )


async def _signed_in(
    request: Request, accounts: Accounts, account: AccountRecord, settings: Settings
) -> Response:
    """Off to the page asked for, with a new session, CSRF seed and device cookie."""
    previous = request.state.session_token
    if previous:  # whoever was signed in here before is signed out
        await run_in_threadpool(accounts.end_session, previous)
    token = await run_in_threadpool(accounts.start_session, account)
    target = local_path(str(request.query_params.get("next", "/diary")))
    answer = RedirectResponse(target, status_code=303)
    answer.raw_headers.append((b"set-cookie", session_cookie(token, settings.session_hours)))
    answer.raw_headers.append((b"set-cookie", seed_cookie(secure=True)))
    answer.raw_headers.append((b"set-cookie", device_cookie(_key(settings), account)))
    return answer


@router.get("/register", response_class=HTMLResponse)
def register_form(request: Request, templates: TemplatesDep, settings: SettingsDep) -> Response:
    if not settings.open_registration:
        raise HTTPException(404, _("Accounts on this server are made by its administrator."))
    return _page(request, templates, "register.html", _("Create an account"))


@router.post("/register", response_class=HTMLResponse)
async def register(
    request: Request, templates: TemplatesDep, settings: SettingsDep, accounts: AccountsDep
) -> Response:
    if not settings.open_registration:
        raise HTTPException(404, _("Accounts on this server are made by its administrator."))
    form = await request.form()
    username = str(form.get("username", ""))
    password = str(form.get("password", ""))
    try:
        if password != str(form.get("password_again", "")):
            raise AccountError([FieldProblem("password_again", _("the two passwords differ"))])
        account = await run_in_threadpool(accounts.register, username, password, _address(request))
    except AccountError as exc:
        status, headers = _status(exc, 422)
        problems = [said(p) for p in exc.problems]
        answer = _page(
            request,
            templates,
            "register.html",
            _("Create an account"),
            status,
            problems=problems,
            username=username,
        )
        answer.headers.update(headers)
        return answer
    return await _signed_in(request, accounts, account, settings)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, templates: TemplatesDep, settings: SettingsDep) -> Response:
    return _page(
        request,
        templates,
        "login.html",
        _("Sign in"),
        next=local_path(str(request.query_params.get("next", "/diary"))),
        registration=settings.open_registration,
    )


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request, templates: TemplatesDep, settings: SettingsDep, accounts: AccountsDep
) -> Response:
    form = await request.form()
    username = str(form.get("username", ""))
    password = str(form.get("password", ""))
    device = ""
    remembered = cookies(request.scope).get(DEVICE_COOKIE, "")
    if remembered:  # a browser that signed in before: is it this name's?
        known = await run_in_threadpool(accounts.find, username)
        device = known_device(_key(settings), known, remembered)
    try:
        account = await run_in_threadpool(
            accounts.authenticate, username, password, _address(request), device
        )
    except AccountError as exc:
        status, headers = _status(exc, 401)
        answer = _page(
            request,
            templates,
            "login.html",
            _("Sign in"),
            status,
            problems=[said(p) for p in exc.problems],
            username=username,
            next=local_path(str(request.query_params.get("next", "/diary"))),
            registration=settings.open_registration,
        )
        answer.headers.update(headers)
        return answer
    return await _signed_in(request, accounts, account, settings)


@router.post("/logout")
def logout(request: Request, accounts: AccountsDep) -> Response:
    token = request.state.session_token
    if token:
        accounts.end_session(token)
    answer = RedirectResponse("/", status_code=303)
    answer.raw_headers.append((b"set-cookie", cleared_cookie()))
    answer.raw_headers.append((b"set-cookie", seed_cookie(secure=True)))
    return answer


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, templates: TemplatesDep, account: AccountDep) -> Response:
    changed = request.query_params.get("changed") == "1"
    return _page(request, templates, "account.html", _("Your account"), changed=changed)


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(
    request: Request,
    templates: TemplatesDep,
    account: AccountDep,
    accounts: AccountsDep,
    settings: SettingsDep,
) -> Response:
    form = await request.form()
    new = str(form.get("new_password", ""))
    try:
        if new != str(form.get("new_password_again", "")):
            differ = FieldProblem("new_password_again", _("the two passwords differ"))
            raise AccountError([differ])
        renewed = await run_in_threadpool(
            accounts.change_password,
            account,
            str(form.get("current_password", "")),
            new,
            request.state.session_token,
        )
    except AccountError as exc:
        problems = [said(p) for p in exc.problems] or [
            said(FieldProblem("new_password_again", _("the two passwords differ")))
        ]
        status, headers = _status(exc, 422)
        answer = _page(
            request,
            templates,
            "account.html",
            _("Your account"),
            status,
            password_problems=problems,
        )
        answer.headers.update(headers)
        return answer
    # every session ended, this browser's too: it goes on under a new one, with a new seed
    done = RedirectResponse("/account?changed=1", status_code=303)
    cookie = session_cookie(renewed, settings.session_hours) if renewed else cleared_cookie()
    done.raw_headers.append((b"set-cookie", cookie))
    done.raw_headers.append((b"set-cookie", seed_cookie(secure=True)))
    return done


@router.post("/account/delete", response_class=HTMLResponse)
async def delete_account(
    request: Request, templates: TemplatesDep, account: AccountDep, accounts: AccountsDep
) -> Response:
    form = await request.form()
    if form.get("confirm") != "yes":
        tick = FieldProblem("confirm", _("tick the box to say you want everything deleted"))
        return _page(
            request, templates, "account.html", _("Your account"), 422, delete_problems=[said(tick)]
        )
    try:
        await run_in_threadpool(
            accounts.delete, account, str(form.get("password", "")), request.state.session_token
        )
    except AccountError as exc:
        status, headers = _status(exc, 422)
        problems = [said(p) for p in exc.problems]
        answer = _page(
            request, templates, "account.html", _("Your account"), status, delete_problems=problems
        )
        answer.headers.update(headers)
        return answer
    request.state.account = None
    request.state.session_token = ""
    answer = _page(request, templates, "deleted.html", _("Account deleted"))
    answer.raw_headers.append((b"set-cookie", cleared_cookie()))
    answer.raw_headers.append((b"set-cookie", cleared_cookie(DEVICE_COOKIE)))
    return answer
