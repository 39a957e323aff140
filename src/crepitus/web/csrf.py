"""CSRF protection for every form, checked before any route sees the request.

Each browser gets a random cookie (HttpOnly, SameSite=Lax; Secure on a server). Every page puts
the HMAC of that cookie, under the server's secret, in a hidden ``csrf_token`` field of each form
it shows. A form posted from another site carries no such field (it cannot read the page or the
cookie), so it is refused with 403 before the route runs. Being middleware, it covers every
route, including ones added later; only the JSON APIs are left out, as they keep nothing and
read no cookie.

Personal mode has no secret: there the cookie's own randomness is what protects the forms (a
page on another site can neither read nor set it), and the HMAC only gives the token its form.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from http.cookies import SimpleCookie

from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "crepitus_csrf"
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# JSON APIs: no cookie is read there and nothing is stored for anyone, so a forged request
# gains nothing; they are called by programs, which have no CSRF token to send.
EXEMPT = ("/api/", "/fhir/", "/cds-services", "/static/")
PERSONAL_KEY = b"crepitus personal mode"
_SEED = re.compile(r"[A-Za-z0-9_-]{43}")


def cookies(scope: Scope) -> dict[str, str]:
    """The request's cookies (the last of each name wins, as browsers send them)."""
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is treated as no cookie
                continue
    return {name: morsel.value for name, morsel in jar.items()}


def set_cookie(name: str, value: str, secure: bool, max_age: int | None = None) -> bytes:
    """A Set-Cookie value: HttpOnly and SameSite=Lax always, Secure on a server."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


def field(request: Request) -> Markup:
    """The hidden input every form carries (a template global: ``{{ csrf_field(request) }}``)."""
    token = request.scope.get("state", {}).get(FIELD, "")
    return Markup('<input type="hidden" name="{}" value="{}">').format(FIELD, token)


class CsrfProtect:
    """Give each browser its cookie, put the token in reach of the templates, check each form."""

    def __init__(self, app: ASGIApp, templates: Jinja2Templates, key: bytes, secure: bool) -> None:
        self.app = app
        self.templates = templates
        self.key = key
        self.secure = secure

    def token(self, seed: str) -> str:
        return hmac.new(self.key, seed.encode(), hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        seed = cookies(scope).get(COOKIE, "")
        fresh = not _SEED.fullmatch(seed)
        if fresh:
            seed = secrets.token_urlsafe(32)
        expected = self.token(seed)
        scope.setdefault("state", {})[FIELD] = expected
        if scope["method"] not in SAFE_METHODS:
            body = await _read(receive)
            sent = await _form_token(scope, body)
            if fresh or not hmac.compare_digest(sent, expected):
                await self._refuse(scope, receive, send)
                return
            receive = _replay(body, receive)

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                cookie = set_cookie(COOKIE, seed, self.secure)
                message["headers"] = [*message.get("headers", ()), (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        context = {
            "title": "This form has expired",
            "detail": "It could not be accepted: it did not come from a page of crepitus that"
            " is still open here, or your browser did not send back its cookie. Nothing was"
            " saved. Go back, reload the page, and send it again.",
        }
        request = Request(scope)
        answer = self.templates.TemplateResponse(request, "error.html", context, status_code=403)
        await answer(scope, receive, send)


async def _read(receive: Receive) -> bytes:
    """The whole body (BodyLimit, which runs first, caps its size)."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _form_token(scope: Scope, body: bytes) -> str:
    kind = dict(scope.get("headers", ())).get(b"content-type", b"")
    if not kind.startswith((b"application/x-www-form-urlencoded", b"multipart/form-data")):
        return ""
    try:
        async with Request(scope, _replay(body)).form() as form:
            value = form.get(FIELD)
    except Exception:  # a body that is not the form it claims to be carries no token
        return ""
    return value if isinstance(value, str) else ""


def _replay(body: bytes, then: Receive | None = None) -> Receive:
    """A ``receive`` that hands over ``body`` again, then waits on ``then`` (for a disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then() if then is not None else {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
