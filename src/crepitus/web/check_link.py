"""Each step of the browser check at its own address, and the unfinished check this browser keeps.

Every form of the check is answered with a redirect to ``/check/step?s=…``, whose ``s`` is the
whole state of the check, compressed. So the browser's Back goes to the page before with no
"resubmit the form?" prompt, a reload shows the same page again and stores nothing, and a
result can be opened again from the history. The server keeps no row for any of it: a check
that is not kept leaves nothing behind (access logs never hold a query string, see ``logs``).

The newest step is also kept in a cookie of this browser for a week, for two things the address
alone cannot do: ``/check`` offers to resume it, and after the browser's Back an earlier page
shows the answers that were given on it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from crepitus.errors import InterviewError
from crepitus.web.check_state import CheckState
from crepitus.web.csrf import SESSION_COOKIE, cookies, set_cookie

VERSION = "1."  # the token's format, so a later one can be told apart
MAX_TOKEN = 8_000  # characters: a full check with every answer is about 1,000
MAX_UNPACKED = 64_000  # bytes a token may unpack to, so a crafted one cannot balloon
COOKIE = "crepitus_check"  # personal mode, on plain http
HOST_COOKIE = "__Host-crepitus_check"  # server mode (see csrf for the prefix)
KEPT_FOR = 7 * 24 * 3600  # seconds the browser keeps an unfinished check
MAX_COOKIE = 3_800  # browsers keep a cookie of up to about 4,096 bytes with its name
DAMAGED = "the link to this check was damaged; please start again"


def pack(text: str) -> str:
    """``text`` as a short, address-safe token."""
    packed = base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode().rstrip("=")
    return VERSION + packed


def unpack(token: str) -> str:
    """The text of a token from ``pack``; an InterviewError if it is damaged or too large."""
    if len(token) > MAX_TOKEN or not token.startswith(VERSION):
        raise InterviewError(DAMAGED)
    body = token.removeprefix(VERSION)
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflate = zlib.decompressobj()
        text = inflate.decompress(raw, MAX_UNPACKED)
        if inflate.unconsumed_tail or not inflate.eof:
            raise ValueError("too large or cut short")
        return text.decode()
    except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError):
        raise InterviewError(DAMAGED) from None


def step_url(state: CheckState, notice: str = "") -> str:
    """The address of the page the check shows for ``state``."""
    url = f"/check/step?s={pack(state.encode())}"
    return f"{url}&notice={quote(notice)}" if notice else url


def state_of(token: str) -> CheckState:
    """The state a step address carries; an InterviewError names what is wrong."""
    return CheckState.decode(unpack(token))


def _name(request: Request) -> str:
    return HOST_COOKIE if request.app.state.settings.multi_user else COOKIE


def _owner_tag(request: Request) -> str:
    """Whose check the cookie holds: on a server, the sign-in's, so the next person to sign in
    on a shared browser is not offered the last one's check."""
    if not request.app.state.settings.multi_user:
        return ""
    session = cookies(request.scope).get(SESSION_COOKIE, "")
    return hashlib.sha256(session.encode()).hexdigest()[:16]


def kept_check(request: Request) -> CheckState | None:
    """The newest step of the check this browser keeps, if any (a damaged one is ignored)."""
    value = cookies(request.scope).get(_name(request), "")
    tag, _, token = value.rpartition("~")
    if not token or tag != _owner_tag(request):
        return None
    try:
        return state_of(token)
    except InterviewError:
        return None


def keep_check(request: Request, response: Response, state: CheckState) -> None:
    """Keep ``state`` in the browser as its newest step (unless too large for a cookie)."""
    value = f"{_owner_tag(request)}~{pack(state.encode())}"
    secure = request.app.state.settings.multi_user
    if len(value) > MAX_COOKIE:  # rare: forget the older step rather than offer it
        forget_check(request, response)
        return
    cookie = set_cookie(_name(request), value, secure, max_age=KEPT_FOR)
    response.raw_headers.append((b"set-cookie", cookie))


def forget_check(request: Request, response: Response) -> None:
    """Delete the check this browser keeps."""
    secure = request.app.state.settings.multi_user
    cookie = set_cookie(_name(request), "", secure, max_age=0)
    response.raw_headers.append((b"set-cookie", cookie))
