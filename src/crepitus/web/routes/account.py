"""Accounts in server mode: create one, sign in and out, change the password, delete it all."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from crepitus.errors import AccountError, FieldProblem, LockedOutError
from crepitus.web.auth import cleared_cookie, local_path, session_cookie
from crepitus.web.deps import AccountDep, AccountsDep, SettingsDep, TemplatesDep

router = APIRouter(include_in_schema=False)


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


def _signed_in(request: Request, accounts: AccountsDep, account: Any, hours: int) -> Response:
    token = accounts.start_session(account)
    target = local_path(str(request.query_params.get("next", "/diary")))
    answer = RedirectResponse(target, status_code=303)
    answer.raw_headers.append((b"set-cookie", session_cookie(token, hours)))
    return answer


@router.get("/register", response_class=HTMLResponse)
def register_form(request: Request, templates: TemplatesDep, settings: SettingsDep) -> Response:
    if not settings.open_registration:
        raise HTTPException(404, "Accounts on this server are made by its administrator.")
    return _page(request, templates, "register.html", "Create an account")


@router.post("/register", response_class=HTMLResponse)
async def register(
    request: Request, templates: TemplatesDep, settings: SettingsDep, accounts: AccountsDep
) -> Response:
    if not settings.open_registration:
        raise HTTPException(404, "Accounts on this server are made by its administrator.")
    form = await request.form()
    username = str(form.get("username", ""))
    password = str(form.get("password", ""))
    try:
        if password != str(form.get("password_again", "")):
            raise AccountError([FieldProblem("password_again", "the two passwords differ")])
        account = await run_in_threadpool(accounts.register, username, password)
    except AccountError as exc:
        problems = [str(p) for p in exc.problems]
        return _page(
            request,
            templates,
            "register.html",
            "Create an account",
            422,
            problems=problems,
            username=username,
        )
    return _signed_in(request, accounts, account, settings.session_hours)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, templates: TemplatesDep, settings: SettingsDep) -> Response:
    return _page(
        request,
        templates,
        "login.html",
        "Sign in",
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
    address = request.client.host if request.client else ""
    try:
        account = await run_in_threadpool(accounts.authenticate, username, password, address)
    except AccountError as exc:
        status = 429 if isinstance(exc, LockedOutError) else 401
        answer = _page(
            request,
            templates,
            "login.html",
            "Sign in",
            status,
            problems=[str(p) for p in exc.problems],
            username=username,
            next=local_path(str(request.query_params.get("next", "/diary"))),
            registration=settings.open_registration,
        )
        if isinstance(exc, LockedOutError):
            answer.headers["Retry-After"] = str(exc.minutes * 60)
        return answer
    return _signed_in(request, accounts, account, settings.session_hours)


@router.post("/logout")
def logout(request: Request, accounts: AccountsDep) -> Response:
    token = request.state.session_token
    if token:
        accounts.end_session(token)
    answer = RedirectResponse("/", status_code=303)
    answer.raw_headers.append((b"set-cookie", cleared_cookie()))
    return answer


@router.get("/account", response_class=HTMLResponse)
def account_page(request: Request, templates: TemplatesDep, account: AccountDep) -> Response:
    changed = request.query_params.get("changed") == "1"
    return _page(request, templates, "account.html", "Your account", changed=changed)


@router.post("/account/password", response_class=HTMLResponse)
async def change_password(
    request: Request, templates: TemplatesDep, account: AccountDep, accounts: AccountsDep
) -> Response:
    form = await request.form()
    new = str(form.get("new_password", ""))
    try:
        if new != str(form.get("new_password_again", "")):
            raise AccountError([FieldProblem("new_password_again", "the two passwords differ")])
        await run_in_threadpool(
            accounts.change_password,
            account,
            str(form.get("current_password", "")),
            new,
            request.state.session_token,
        )
    except AccountError as exc:
        problems = [str(p) for p in exc.problems] or [
            "new_password_again: the two passwords differ"
        ]
        status = 429 if isinstance(exc, LockedOutError) else 422
        return _page(
            request, templates, "account.html", "Your account", status, password_problems=problems
        )
    return RedirectResponse("/account?changed=1", status_code=303)


@router.post("/account/delete", response_class=HTMLResponse)
async def delete_account(
    request: Request, templates: TemplatesDep, account: AccountDep, accounts: AccountsDep
) -> Response:
    form = await request.form()
    if form.get("confirm") != "yes":
        problems = ["confirm: tick the box to say you want everything deleted"]
        return _page(
            request, templates, "account.html", "Your account", 422, delete_problems=problems
        )
    try:
        await run_in_threadpool(accounts.delete, account, str(form.get("password", "")))
    except AccountError as exc:
        status = 429 if isinstance(exc, LockedOutError) else 422
        problems = [str(p) for p in exc.problems]
        return _page(
            request, templates, "account.html", "Your account", status, delete_problems=problems
        )
    request.state.account = None
    request.state.session_token = ""
    answer = _page(request, templates, "deleted.html", "Account deleted")
    answer.raw_headers.append((b"set-cookie", cleared_cookie()))
    return answer
