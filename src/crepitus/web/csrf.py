"""CSRF protection for every form, checked before any route sees the request.

Each browser gets a random seed cookie (HttpOnly, SameSite=Lax). Every page puts a token in a
hidden ``csrf_token`` field of each form it shows: the HMAC, under the server's secret, of that
seed and, in server mode, of the session cookie too. A form posted from another site carries no
such field (it cannot read the page or the cookies), so it is refused with 403 before the route
runs. Being middleware, it covers every route, including ones added later; only the JSON APIs
are left out, as they keep nothing and read no cookie.

In server mode the cookies are named ``__Host-...``: a browser accepts such a cookie only from
this very host, over https, for the whole site (Secure, Path=/, no Domain), so a neighbouring
subdomain cannot plant a seed or a session of its own. Binding the token to the session means a
known seed alone forges nothing, and the seed is renewed at each sign-in and password change
(the routes set the new one). A request carrying two cookies of one of our names, which only a
planted cookie can cause, is refused with 400 rather than guessed at.

Personal mode runs on plain http://127.0.0.1, where browsers do not all keep Secure cookies
(and so ``__Host-`` ones); its seed cookie keeps the plain name. It has no secret: there the
seed's own randomness is what protects the forms, and the HMAC only gives the token its form.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "crepitus_csrf"  # personal mode, on plain http
HOST_COOKIE = "__Host-crepitus_csrf"  # server mode
SESSION_COOKIE = "__Host-crepitus_session"  # server mode's sign-in (see auth.py)
FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# JSON APIs: no cookie is read there and nothing is stored for anyone, so a forged request
# gains nothing; they are called by programs, which have no CSRF token to send.
EXEMPT = ("/api/", "/fhir/", "/cds-services", "/static/")
PERSONAL_KEY = b"crepitus personal mode"
# the cookies read: a second copy of one of these is refused (a copy of any other name is not
# ours to judge, and refusing it would let a neighbour break every page by planting two)
READ = (
    "crepitus_csrf",
    "__Host-crepitus_csrf",
    "__Host-crepitus_session",
    "__Host-crepitus_device",
    "crepitus_check",
    "__Host-crepitus_check",
)
_SEED = re.compile(r"[A-Za-z0-9_-]{43}")


def cookie_pairs(scope: Scope) -> list[tuple[str, str]]:
    """Every (name, value) of the request's Cookie headers, in order, repeats kept."""
    pairs = []
    for header, raw in scope.get("headers", ()):
        if header != b"cookie":
            continue
        for part in raw.decode("latin-1").split(";"):
            name, equals, value = part.strip().partition("=")
            name, value = name.strip(), value.strip()
            if not equals or not name:
                continue  # not a cookie
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            pairs.append((name, value))
    return pairs


def cookies(scope: Scope) -> dict[str, str]:
    """The request's cookies by name (a request with two of one of ours never gets this far)."""
    return dict(cookie_pairs(scope))


def doubled(scope: Scope) -> list[str]:
    """Our cookie names that the request carries more than once."""
    names = [name for name, _ in cookie_pairs(scope) if name in READ]
    return sorted({name for name in names if names.count(name) > 1})


def new_seed() -> str:
    return secrets.token_urlsafe(32)


def set_cookie(name: str, value: str, secure: bool, max_age: int | None = None) -> bytes:
    """A Set-Cookie value: Path=/, HttpOnly and SameSite=Lax always, Secure on a server.

    Never a Domain: the cookie stays this host's own (and a ``__Host-`` name requires it).
    """
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "SameSite=Lax"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


def seed_cookie(secure: bool, seed: str | None = None) -> bytes:
    """The Set-Cookie of a (new) seed: what a route sends to renew it, e.g. at sign-in."""
    return set_cookie(HOST_COOKIE if secure else COOKIE, seed or new_seed(), secure)


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
        self.cookie = HOST_COOKIE if secure else COOKIE

    def token(self, seed: str, session: str = "") -> str:
        """The HMAC of the seed, and of the session cookie's hash when there is one."""
        message = seed
        if session:
            message += "|session:" + hashlib.sha256(session.encode()).hexdigest()
        return hmac.new(self.key, message.encode(), hashlib.sha256).hexdigest()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        if doubled(scope):
            await self._refuse(scope, receive, send, doubled=True)
            return
        jar = cookies(scope)
        seed = jar.get(self.cookie, "")
        fresh = not _SEED.fullmatch(seed)
        if fresh:
            seed = new_seed()
        expected = self.token(seed, jar.get(SESSION_COOKIE, "") if self.secure else "")
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
                headers = list(message.get("headers", ()))
                renewed = self.cookie.encode("latin-1") + b"="
                if not any(k == b"set-cookie" and v.startswith(renewed) for k, v in headers):
                    headers.append((b"set-cookie", set_cookie(self.cookie, seed, self.secure)))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, doubled: bool = False
    ) -> None:
        from crepitus.web.language import gettext as _

        context = {
            "title": _("This form has expired"),
            "detail": _(
                "It could not be accepted: it did not come from a page of crepitus that"
                " is still open here, or your browser did not send back its cookie. Nothing was"
                " saved. Go back, reload the page, and send it again."
            ),
        }
        if doubled:
            context = {
                "title": _("Your browser sent conflicting cookies"),
                "detail": _(
                    "It sent two cookies of the same name for this site, so crepitus"
                    " cannot tell which one is its own. Nothing was read or saved. Delete this"
                    " site's cookies in your browser, then sign in again."
                ),
            }
        request = Request(scope)
        status = 400 if doubled else 403
        answer = self.templates.TemplateResponse(request, "error.html", context, status_code=status)
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
