"""Interface strings (the terminal's prompts and headings, later the web pages) through gettext.

The knowledge's own texts come from language packs (``crepitus.knowledge.locales``); the fixed
strings around them come from Babel catalogs in ``crepitus/locales/<code>/LC_MESSAGES``::

    from crepitus.i18n import translator
    _ = translator("es").gettext
    _("Who is the check for?")

``make run`` and ``make test`` compile each ``messages.po`` to ``messages.mo``; a catalog whose
``.mo`` is missing or older than its ``.po`` is compiled in memory, so a fresh clone works
either way. Jinja's i18n extension takes the same object
(``env.install_gettext_translations(translator(code), newstyle=True)``).

``qps``, the pseudo-language, wraps every string as ``⟦…⟧``, as the knowledge's ``qps`` does.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel import Locale, dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from crepitus.knowledge.locales import ENGLISH, PSEUDO

DOMAIN = "messages"

READ_IN_OWN_WORDS = frozenset({ENGLISH})
"""Languages whose reader of descriptions in the person's own words is measured (see
docs/evaluation.md). In the others the check goes straight to the questions; a language joins
this set when its reader is built and measured, never before."""


def reads_own_words(language: str) -> bool:
    return language in READ_IN_OWN_WORDS


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "translate later")
    """Mark a string for the catalogs where it is defined; translate it where it is used."""
    return message


@cache
def translator(language: str) -> NullTranslations:
    """The catalog for ``language`` (gettext, ngettext, pgettext, npgettext); English is the
    source language, so it and any language without a catalog get the strings as written."""
    if language == PSEUDO:
        return PseudoTranslations()
    return load_catalog(catalogs_dir().joinpath(language, "LC_MESSAGES"), language)


def catalogs_dir() -> Traversable:
    return resources.files("crepitus").joinpath("locales")


def load_catalog(folder: Traversable, language: str) -> NullTranslations:
    """The compiled catalog in ``folder``, or its ``.po`` compiled in memory when the ``.mo``
    is missing or older (a fresh clone, or a translator trying an edit)."""
    po, mo = folder.joinpath(f"{DOMAIN}.po"), folder.joinpath(f"{DOMAIN}.mo")
    if not po.is_file():
        return NullTranslations()
    if mo.is_file() and _mtime(str(mo)) >= _mtime(str(po)):
        with mo.open("rb") as compiled:
            return Translations(compiled, domain=DOMAIN)
    with po.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:  # inside a zip: trust the compiled file
        return float("inf")


class PseudoTranslations(NullTranslations):
    """Every string wrapped, so a test can spot text that bypassed the catalog."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return f"⟦{message}⟧"

    def npgettext(self, context: str, singular: str, plural: str, num: int) -> str:
        return f"⟦{singular if num == 1 else plural}⟧"


# The language of what crepitus is saying right now. A surface sets it (the web per request, in
# ``crepitus.web.language``); the code below every surface (the diary's report and trends) only
# calls ``gettext`` and so speaks the reader's language without reaching up into the web layer.
DEFAULT = ENGLISH
_current: ContextVar[str] = ContextVar("language", default=DEFAULT)


def current() -> str:
    """The language of what is being said."""
    return _current.get()


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Say everything in ``language`` until the block ends (a report in the doctor's language)."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translator(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translator(current()).ngettext(singular, plural, n)


def babel_locale(language: str) -> Locale:
    """The Babel locale for formatting numbers and dates (English for the pseudo-language; the
    English is British, as the product's wording is: "7 Dec 2026", a 24-hour clock)."""
    spoken = ENGLISH if language == PSEUDO else language
    return Locale.parse("en_GB" if spoken == ENGLISH else spoken)


def format_number(value: float, language: str, pattern: str | None = None) -> str:
    """``0.75`` as "0.75" in English, "0,75" in Spanish (``pattern``: a CLDR number pattern,
    such as "0.00" for two places)."""
    return numbers.format_decimal(value, format=pattern, locale=babel_locale(language))


def format_moment(
    moment: datetime, language: str, *, year: bool = True, seconds: bool = False
) -> str:
    """A date and time as people of that language write them ("7 dic 2026, 7:36")."""
    locale = babel_locale(language)
    day = (
        dates.format_date(moment, format="medium", locale=locale)
        if year
        else dates.format_skeleton("MMMd", moment, locale=locale)
    )
    clock = dates.format_time(moment, format="medium" if seconds else "short", locale=locale)
    return f"{day}, {clock}"


def format_day_month(day: date, language: str) -> str:
    """A day of this year, without it ("7 dic", "Dec 7")."""
    return dates.format_skeleton("MMMd", day, locale=babel_locale(language))


def format_long_date(day: date, language: str) -> str:
    """A date with its month in full ("7 de diciembre de 2026", "December 7, 2026")."""
    return dates.format_date(day, format="long", locale=babel_locale(language))


def format_date(day: date, language: str) -> str:
    """A date written out as people of that language write it ("7 dic 2026")."""
    return dates.format_date(day, format="medium", locale=babel_locale(language))
