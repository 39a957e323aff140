"""The diary's codes in a person's words: "Lower back", never "lumbar".

The names come from the check's own answer options (the knowledge data), shortened where an
option explains itself at length, so the diary, its report and the check use the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

from crepitus.i18n import N_, current, gettext
from crepitus.knowledge import knowledge

# options whose label is longer than a table cell wants, named shorter
SHORT = {
    "thoracic": N_("Upper or middle back"),
    "manipulation": N_("Treatment by a therapist"),
    "deliberate_cracking": N_("Cracking it on purpose"),
}


def _label(field: str, code: str) -> str:
    """The option's name in the language being spoken."""
    for option in knowledge(current()).question(field).options:
        if option.value == code:
            return gettext(SHORT[code]) if code in SHORT else option.label
    return code.replace("_", " ").capitalize()  # a code the knowledge no longer has


def region_name(code: str) -> str:
    """Where it popped, as the check's options say it ("Lower back")."""
    return _label("pop_region", code)


def trigger_names(codes: Iterable[str]) -> list[str]:
    """What the person was doing, as the check's options say it ("Getting up from sitting...")."""
    return [_label("pop_triggers", code) for code in codes]
