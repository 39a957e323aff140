"""The language of what crepitus is saying right now, and the gettext that reads it.

Below every surface, so the diary's report and trends (used by the web and the terminal alike)
can mark their sentences without reaching up into the web layer. A surface sets the language
(the web per request, in ``crepitus.web.language``); everything else only calls ``gettext``.
The pseudo-language ``qps`` wraps every message in ⟦…⟧, for tests that look for text nobody
marked for translation.
"""

from __future__ import annotations

import gettext as gettext_module
from contextvars import ContextVar
from functools import cache

DEFAULT = "en"
PSEUDO = "qps"
_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


class PseudoTranslations(gettext_module.NullTranslations):
    """Every message wrapped in ⟦…⟧: a page showing text without them has text not marked."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"


@cache
def translations(language: str) -> gettext_module.NullTranslations:
    """The interface catalog of ``language`` (English: the messages as written)."""
    if language == PSEUDO:
        return PseudoTranslations()
    return gettext_module.NullTranslations()


def current() -> str:
    """The language of what is being said."""
    return _current.get()


def gettext(message: str) -> str:
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (the name extraction tools look for)
    """Mark a message for translation where it is defined (a module constant) without
    translating it there: the code that shows it calls ``gettext`` on it, in the reader's
    language at that moment."""
    return message
