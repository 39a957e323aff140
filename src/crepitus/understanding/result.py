"""What a free-text description was understood to say: mentions with their spans, and the case."""

from __future__ import annotations

from typing import Any, NamedTuple


class Mention(NamedTuple):
    """One stretch of the text read as a value of one case field."""

    field: str
    value: Any  # the contract value (for a list field: one member)
    text: str
    start: int  # character offsets into the description
    end: int
    concept: str  # the id of the language concept that matched
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    other_person: bool = False
    estimated: bool = False  # a reading of loose words ("a bit sore"), not a stated value
    used: bool = True  # whether the value went into the case (hypotheticals and others' do not)
    quote: str = ""  # the words with what changed their meaning ("No numbness"), for showing

    def shown(self) -> str:
        """The words to quote back to the person."""
        return self.quote or self.text

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "value": self.value,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "concept": self.concept,
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "historical": self.historical,
            "other_person": self.other_person,
            "estimated": self.estimated,
            "used": self.used,
            "quote": self.shown(),
        }


class Understanding(NamedTuple):
    """The reading of one description.

    ``case`` holds the fields the text states or denies, in contract form; ``estimates`` the fields
    read from loose words (a pain score from "a bit sore"), which an assessment may use but a
    form should still ask. ``mentions`` say where each came from.
    """

    text: str
    case: dict[str, Any]
    estimates: dict[str, Any]
    mentions: tuple[Mention, ...]

    def assessable(self) -> dict[str, Any]:
        """The case an assessment reads: what was stated, and estimates where nothing was."""
        return {**self.estimates, **self.case}

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "case": self.case,
            "estimates": self.estimates,
            "mentions": [m.to_json() for m in self.mentions],
        }
