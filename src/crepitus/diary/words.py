"""The diary's codes in a person's words: "Lower back", never "lumbar".

The names come from the check's own answer options (the knowledge data), shortened where an
option explains itself at length, so the diary, its report and the check use the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

from crepitus.knowledge import knowledge

# options whose label is longer than a table cell wants, named shorter
SHORT = {
    "thoracic": "Upper or middle back",
    "manipulation": "Treatment by a therapist",
    "deliberate_cracking": "Cracking it on purpose",
}


def _label(field: str, code: str) -> str:
    for option in knowledge().question(field).options:
        if option.value == code:
            return SHORT.get(code, option.label)
    return code.replace("_", " ").capitalize()  # a code the knowledge no longer has


def region_name(code: str) -> str:
    """Where it popped, as the check's options say it ("Lower back")."""
    return _label("pop_region", code)


def trigger_names(codes: Iterable[str]) -> list[str]:
    """What the person was doing, as the check's options say it ("Getting up from sitting...")."""
    return [_label("pop_triggers", code) for code in codes]
