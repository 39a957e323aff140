"""The language switcher: a link on every page that keeps the choice in a cookie."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from crepitus.web.csrf import set_cookie
from crepitus.web.language import CHOSEN_ONLY_BY_COOKIE, COOKIE, LANGUAGES

router = APIRouter(include_in_schema=False)

KEPT_FOR = 365 * 24 * 3600  # seconds: a language is chosen once, not at every visit


@router.get("/language/{code}")
async def switch(
    request: Request, code: str, back_to: str = Query("/", alias="next")
) -> RedirectResponse:
    """Show the site in ``code`` from now on, starting with the page the link was on."""
    if code not in LANGUAGES and code not in CHOSEN_ONLY_BY_COOKIE:
        raise HTTPException(404, f"There is no language {code!r} here.")
    # back to a page of this site only: a path, never another site's address
    back = back_to if back_to.startswith("/") and not back_to.startswith(("//", "/\\")) else "/"
    answer = RedirectResponse(back, status_code=303)
    secure = request.app.state.settings.multi_user
    answer.raw_headers.append((b"set-cookie", set_cookie(COOKIE, code, secure, max_age=KEPT_FOR)))
    return answer
