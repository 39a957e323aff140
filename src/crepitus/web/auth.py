"""Who is asking, in server mode: the session cookie, read once per request.

The cookie holds a random token (HttpOnly, Secure, SameSite=Lax); the database holds its hash,
its account and its expiry. Every worker reads the same rows, so a person signed in on one worker
is signed in on all of them, and signing out (or a password change) ends the session everywhere.
"""

from __future__ import annotations

from urllib.parse import quote

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from crepitus.store.accounts import AccountRecord, Accounts
from crepitus.web.csrf import cookies, set_cookie

COOKIE = "crepitus_session"
ACCOUNT = "account"  # the request state's key of the signed-in account (None when nobody is)
TOKEN = "session_token"
# Paths that serve everyone alike and read no one's data: no session is looked up for them.
NOBODY = ("/static/", "/api/", "/fhir/", "/cds-services")


class SignInRequiredError(Exception):
    """Raised by a route's dependency when the page needs a signed-in person."""

    def __init__(self, path: str) -> None:
        self.path = path


def sign_in_url(path: str) -> str:
    return f"/login?next={quote(path, safe='/')}"


def local_path(target: str) -> str:
    """``target`` when it is a path on this site, else the diary: no redirect leads elsewhere."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/diary"


def session_cookie(token: str, hours: int) -> bytes:
    return set_cookie(COOKIE, token, secure=True, max_age=hours * 3600)


def cleared_cookie() -> bytes:
    return set_cookie(COOKIE, "", secure=True, max_age=0)


def account_of(scope: Scope) -> AccountRecord | None:
    account: AccountRecord | None = scope.get("state", {}).get(ACCOUNT)
    return account


class Sessions:
    """Find the signed-in account of each request and keep it in the request's state."""

    def __init__(self, app: ASGIApp, accounts: Accounts) -> None:
        self.app = app
        self.accounts = accounts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope["path"].startswith(NOBODY):
            state = scope.setdefault("state", {})
            token = cookies(scope).get(COOKIE, "")
            account = None
            if token:
                # a database read: off the event loop, like every other store call
                account = await anyio.to_thread.run_sync(self.accounts.session_account, token)
            state[ACCOUNT] = account
            state[TOKEN] = token if account is not None else ""
        await self.app(scope, receive, send)
