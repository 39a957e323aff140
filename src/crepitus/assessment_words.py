"""The fixed words around an assessment, in the person's language: how sure an explanation is,
how strong the evidence is, and the safety net's line about unanswered warning signs.

The engine says these in English (the JSON API's contract); every surface that shows an
assessment to a person words them here, from the gettext catalog of ``crepitus.i18n``.
"""

from __future__ import annotations

from babel.support import NullTranslations

from crepitus.engine.result import Assessment, confidence


def confidence_words(score: float, catalog: NullTranslations) -> str:
    words = {
        "strong match": catalog.gettext("strong match"),
        "likely": catalog.gettext("likely"),
        "possible": catalog.gettext("possible"),
        "less likely": catalog.gettext("less likely"),
    }
    return words[confidence(score)]


def evidence_words(strength: str, catalog: NullTranslations) -> str:
    words = {
        "strong": catalog.gettext("strong"),
        "moderate": catalog.gettext("moderate"),
        "low": catalog.gettext("low"),
        "very_low": catalog.gettext("very low"),
        "none": catalog.gettext("none"),
    }
    return words.get(strength, strength.replace("_", " "))


def safety_net(result: Assessment, catalog: NullTranslations) -> tuple[str, ...]:
    """What would change the advice: the engine ends the list with a line of its own, in
    English, when warning-sign questions went unanswered; here it is in the catalog's words."""
    lines = result.what_would_change
    count = len(result.unanswered_red_flags)
    if not count or not lines:
        return lines
    unanswered = catalog.ngettext(
        "%(count)s warning-sign question went unanswered; answering could change this advice.",
        "%(count)s warning-sign questions went unanswered; answering could change this advice.",
        count,
    )
    return (*lines[:-1], unanswered % {"count": count})
