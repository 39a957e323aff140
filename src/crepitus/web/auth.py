"""Who is asking, in server mode: the session cookie, read once per request.

The cookie (``__Host-``: HttpOnly, Secure, SameSite=Lax, Path=/, this host only) holds a random
token; the database holds its hash, its account and its expiry. Every worker reads the same rows,
so a person signed in on one worker is signed in on all of them, and signing out (or a password
change) ends the session everywhere.

A browser that signs in also gets a device cookie: a random id signed, under the server's secret,
together with the account's owner id. It proves only that this browser signed in to this account
before, so the sign-in limits count its tries on their own and strangers' guesses at the name
never slow it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from urllib.parse import quote

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from crepitus.store.accounts import AccountRecord, Accounts
from crepitus.web.csrf import SESSION_COOKIE, cookies, set_cookie

COOKIE = SESSION_COOKIE
DEVICE_COOKIE = "__Host-crepitus_device"
DEVICE_DAYS = 180
_DEVICE = re.compile(r"([A-Za-z0-9_-]{22})\.([0-9a-f]{64})")
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


def cleared_cookie(name: str = COOKIE) -> bytes:
    return set_cookie(name, "", secure=True, max_age=0)


def _device_signature(key: bytes, owner: str, device: str) -> str:
    return hmac.new(key, f"device|{owner}|{device}".encode(), hashlib.sha256).hexdigest()


def device_cookie(key: bytes, account: AccountRecord) -> bytes:
    """A new device cookie for a browser that has just signed in to ``account``."""
    device = secrets.token_urlsafe(16)
    value = f"{device}.{_device_signature(key, account.owner, device)}"
    return set_cookie(DEVICE_COOKIE, value, secure=True, max_age=DEVICE_DAYS * 24 * 3600)


def known_device(key: bytes, account: AccountRecord | None, value: str) -> str:
    """The device id in ``value`` when it was signed for ``account``, else ""."""
    found = _DEVICE.fullmatch(value)
    if account is None or not found:
        return ""
    device, signature = found.groups()
    expected = _device_signature(key, account.owner, device)
    return device if hmac.compare_digest(signature, expected) else ""


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
