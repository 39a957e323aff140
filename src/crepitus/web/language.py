"""The language of each web page: chosen per request, and the gettext the templates call.

The language comes from the ``crepitus_lang`` cookie (set by the switcher on every page), else
the browser's ``Accept-Language``, else English. It is kept in a context variable for the length
of the request, so the templates' ``_()`` and the routes' ``gettext`` read it without passing it
about. Only languages with a catalog are chosen; the pseudo-language ``qps`` (every string
wrapped in ⟦…⟧, for tests that look for text nobody marked for translation) is chosen only by
its cookie, never from a browser's preferences.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from crepitus.i18n import (  # the language's state lives below the web, for the report's sake
    DEFAULT,
    N_,
    _current,
    current,
    gettext,
    ngettext,
    reads_own_words,
    speaking,
)
from crepitus.knowledge.locales import ENGLISH, PSEUDO
from crepitus.web.csrf import cookies

__all__ = [
    "DEFAULT",
    "N_",
    "current",
    "gettext",
    "ngettext",
    "reads_words",
    "report_language",
    "speaking",
]

COOKIE = "crepitus_lang"
LANGUAGES = {"en": "English", "es": "Español"}  # what the switcher offers, in their own names
CHOSEN_ONLY_BY_COOKIE = {PSEUDO}


def report_language(asked: str) -> str:
    """The language a report is written in: the one asked for when the link names one we have
    (the doctor's), else the page's own."""
    return asked if asked in LANGUAGES or asked in CHOSEN_ONLY_BY_COOKIE else current()


def reads_words() -> bool:
    """Whether the check offers "describe it in your own words" in the page's language (the
    pseudo-language stands in for English, so its pages are all tested)."""
    language = current()
    return reads_own_words(ENGLISH if language == PSEUDO else language)


def preferred(accept: str) -> str:
    """The best language we have for an ``Accept-Language`` header (English when none fits)."""
    wanted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")[:20]):  # a hostile header is cut short
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            wanted.append((-quality, index, primary))
    return min(wanted)[2] if wanted else DEFAULT


MACHINES = ("/api/", "/fhir/", "/cds-services")  # programs read these: English, as the contract


def choose(scope: Scope) -> str:
    if scope.get("path", "").startswith(MACHINES):
        return DEFAULT
    chosen = cookies(scope).get(COOKIE, "")
    if chosen in LANGUAGES or chosen in CHOSEN_ONLY_BY_COOKIE:
        return chosen
    headers = dict(scope.get("headers", ()))
    return preferred(headers.get(b"accept-language", b"").decode("latin-1"))


class ChooseLanguage:
    """Set the request's language before any route or template runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = _current.set(choose(scope))
        try:
            await self.app(scope, receive, send)
        finally:
            _current.reset(token)
