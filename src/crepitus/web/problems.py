"""Errors as ``application/problem+json`` (RFC 9457), and the request size limit."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PROBLEM = "application/problem+json"
MAX_DEPTH = 32  # nesting levels of a JSON body or a check's state; the largest real one has 3


def nesting_problem(value: object, limit: int = MAX_DEPTH) -> tuple[str, str] | None:
    """(field, problem) when ``value`` nests arrays and objects deeper than ``limit`` levels.

    The field is the top-level key the deep part is under ("" for the whole body). It walks
    without recursion, so no nesting, however deep, can exhaust the stack here; anything that
    recurses over a body must run this first.
    """
    stack: list[tuple[object, int, str]] = [(value, 0, "")]
    while stack:
        node, depth, field = stack.pop()
        if isinstance(node, dict | list):
            if depth >= limit:
                return field, f"nested deeper than {limit} levels"
            children = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in children:
                stack.append((child, depth + 1, field or (str(key) if depth == 0 else "")))
    return None


def problem(
    status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


class BodyLimit:
    """Refuse request bodies larger than ``limit`` bytes with 413, before the route reads them."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLargeError
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLargeError:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            413, "Request too large", f"The request body is limited to {self.limit} bytes."
        )
        await response(scope, receive, send)


class _TooLargeError(Exception):
    pass
