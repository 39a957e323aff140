"""Security headers on every answer, and a request log that carries no health data.

Both are plain ASGI middleware: they wrap ``send`` and touch only the start of the answer, so a
streamed body passes through untouched. The headers are worked out once, when the app is built.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import traceback
from collections.abc import Mapping

from starlette.routing import Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crepitus.logs import ACCESS_LOGGER

Headers = list[tuple[bytes, bytes]]

# No inline script or style anywhere: pages load /static/*.js and *.css, and nothing else.
STRICT: dict[str, str] = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}

# The pages (path patterns) that cannot do without inline styles; every other directive stays
# strict.
RELAXED: dict[str, dict[str, str]] = {
    # Redoc renders the API reference with styled-components, which writes its CSS into <style>
    # elements it creates at run time, and builds its search index in a worker made from a blob.
    # Its side menu's Redocly logo, from their CDN, stays blocked: img-src is still 'self'.
    "/docs": {"style-src": "'self' 'unsafe-inline'", "worker-src": "blob:"},
    # The report is one self-contained page, so it can be saved, mailed or printed as it is:
    # its style sheet is inline, and so are its charts, whose SVG (drawn by matplotlib) styles
    # each shape with a style attribute. It runs no script at all.
    r"/diary/report\.html": {"style-src": "'unsafe-inline'", "script-src": "'none'"},
    r"/shared/[^/]+/report\.html": {"style-src": "'unsafe-inline'", "script-src": "'none'"},
}
# An SVG image opened on its own is a document of its own: the charts' style attributes
# (matplotlib's) must apply there too. An image runs no script.
SVG: dict[str, str] = {"style-src": "'unsafe-inline'", "script-src": "'none'"}

COMMON: dict[str, str] = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Answers under these paths may hold what a person said about their health: never kept in a
# cache. Every HTML page is treated the same way, whatever its path.
PRIVATE_PREFIXES = (
    "/api/",
    "/check",
    "/diary",
    "/feedback",
    "/fhir/",
    "/cds-services",
    "/shared/",
    "/shares",
    "/account",
    "/login",
    "/register",
)
# A share link's pages: kept out of search engines, should a link ever be posted in public.
NO_INDEX = (b"x-robots-tag", b"noindex, nofollow")
NO_STORE = (b"cache-control", b"no-store")


def policy(relaxed: Mapping[str, str] | None = None) -> str:
    """The Content-Security-Policy: the strict one, with any ``relaxed`` directives replaced."""
    directives = {**STRICT, **(relaxed or {})}
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


def _encode(headers: Mapping[str, str]) -> Headers:
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]


# Server mode is served over HTTPS (behind the proxy): browsers are told to stay on it.
HSTS = {"Strict-Transport-Security": "max-age=31536000"}
SERVER_ERROR = (
    b'{"type":"about:blank","title":"Server error","status":500,'
    b'"detail":"Something went wrong on our side. Nothing you sent is at fault; please try'
    b' again later."}'
)


class SecurityHeaders:
    """Add the security headers (and ``Cache-Control: no-store`` where due) to every answer.

    An error that escapes the app is answered here with a plain 500 that carries the headers
    too (the framework's own error answer comes from outside every middleware, bare).
    """

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        common = {**COMMON, **HSTS} if https else COMMON
        self.strict = _encode({**common, "Content-Security-Policy": policy()})
        self.relaxed = [
            (re.compile(path), _encode({**common, "Content-Security-Policy": policy(changes)}))
            for path, changes in RELAXED.items()
        ]
        self.svg = _encode({**common, "Content-Security-Policy": policy(SVG)})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        extra = next((h for p, h in self.relaxed if p.fullmatch(path)), self.strict)
        private = path.startswith(PRIVATE_PREFIXES)
        if path.startswith("/shared/"):
            extra = [*extra, NO_INDEX]

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers: Headers = list(message.get("headers", ()))
                present = {name.lower(): value for name, value in headers}
                kind = present.get(b"content-type", b"")
                added = self.svg if kind.startswith(b"image/svg+xml") else extra
                headers += [h for h in added if h[0] not in present]
                if b"cache-control" not in present and (private or kind.startswith(b"text/html")):
                    headers.append(NO_STORE)
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise  # half an answer is out: nothing better can be sent now
            # the kind of error and where, never its message: that may quote what was sent
            where = traceback.extract_tb(exc.__traceback__)[-1]
            logging.getLogger("crepitus.web").error(
                "unhandled %s at %s:%s", type(exc).__name__, where.filename, where.lineno
            )
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [(b"content-type", b"application/problem+json")],
                }
            )
            await send({"type": "http.response.body", "body": SERVER_ERROR})


METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class AccessLog:
    """Log one line per request: method, route template, status, duration and a request id.

    The route is the template the request matched (``/diary/{entry_id}/edit``), or none when
    nothing matched: the path as sent, its query string, the body and the headers may all carry
    health data, so none of them is read. The request id goes back as ``X-Request-ID``, so a
    person reporting a problem can name the line that belongs to it.
    """

    def __init__(self, app: ASGIApp, logger: logging.Logger | None = None) -> None:
        self.app = app
        self.logger = logger or logging.getLogger(ACCESS_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = secrets.token_hex(8)
        asked = {k: scope[k] for k in ("type", "path", "root_path", "method") if k in scope}
        started = time.perf_counter()
        status = 500  # unless an answer starts: an error escaped the app

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                message["headers"] = [*headers, (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            request = {
                "method": method,
                "route": route_template(scope, asked),
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "request_id": request_id,
            }
            level = logging.ERROR if status >= 500 else logging.INFO
            self.logger.log(level, "request", extra={"request": request})


def route_template(scope: Scope, asked: Scope) -> str | None:
    """The path template of the route that answered, such as ``/diary/{entry_id}/edit``.

    FastAPI names its own routes in the scope; a mount (``/static``) or a plain Starlette route
    is found again by matching the request as it was ``asked``, before a mount rewrote it.
    """
    route = scope.get("route")
    if route is None:
        app = scope.get("app")
        own = (r for r in getattr(app, "routes", ()) if isinstance(r, Route | Mount))
        route = next((r for r in own if r.matches(asked)[0] is not Match.NONE), None)
    if route is None:
        return None
    path: str = getattr(route, "path", "")
    return f"{path}/{{path}}" if isinstance(route, Mount) else path or None
