"""The fixed words around an assessment, in the person's language: how sure an explanation is,
how strong the evidence is, and the safety net's line about unanswered warning signs.

The engine says these in English (the JSON API's contract); every surface that shows an
assessment to a person words them here, from the gettext catalog of ``crepitus.i18n``.
"""

from __future__ import annotations

from babel.support import NullTranslations

from crepitus.engine.result import Assessment, confidence
from crepitus.i18n import N_

# how sure an explanation is, and how strong the evidence for advice is: the engine's codes, in
# words each surface translates where it shows them
CONFIDENCE = {
    "strong match": N_("strong match"),
    "likely": N_("likely"),
    "possible": N_("possible"),
    "less likely": N_("less likely"),
}
EVIDENCE = {
    "strong": N_("strong"),
    "moderate": N_("moderate"),
    "low": N_("low"),
    "very_low": N_("very low"),
    "none": N_("none"),
}


def confidence_words(score: float, catalog: NullTranslations) -> str:
    return sure_words(confidence(score), catalog)


def sure_words(word: str, catalog: NullTranslations) -> str:
    """A confidence word the engine gave (kept in a saved result), in the catalog's words."""
    return catalog.gettext(CONFIDENCE[word]) if word in CONFIDENCE else word


def evidence_words(strength: str, catalog: NullTranslations) -> str:
    if strength in EVIDENCE:
        return catalog.gettext(EVIDENCE[strength])
    return strength.replace("_", " ")


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
