"""What was understood, in words a person can check: one line per field, with the quotes."""

from __future__ import annotations

from typing import Any, NamedTuple

from crepitus.knowledge import knowledge
from crepitus.understanding.result import Understanding


class ReadField(NamedTuple):
    """One field read from the text, said in words."""

    field: str
    label: str  # the interview question's short name
    answer: str  # the value in words ("yes", "no", "lower back", "6")
    quotes: tuple[str, ...]  # the words it came from
    estimated: bool  # read from loose words: the check still asks

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "label": self.label,
            "answer": self.answer,
            "quotes": list(self.quotes),
            "estimated": self.estimated,
        }


def answer_words(field: str, value: Any) -> str:
    """A case value as the interview's own words for it."""
    kb = knowledge()
    question = kb.by_field.get(field)
    names = {option.value: option.label for option in question.options} if question else {}
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(names.get(v, v)).lower() for v in value) or "none"
    return str(names.get(value, value)).replace("_", " ") if names else str(value)


def read_fields(understanding: Understanding) -> list[ReadField]:
    """The fields the text settled (stated, then estimated), in interview order."""
    kb = knowledge()
    values = understanding.assessable()
    found: list[ReadField] = []
    for question in kb.questions:
        name = question.field
        if name not in values:
            continue
        value = values[name]
        estimated = name not in understanding.case
        quotes: list[str] = []
        for mention in understanding.mentions:
            if mention.field == name and mention.used and mention.text not in quotes:
                if mention.value == value or (isinstance(value, list) and mention.value in value):
                    quotes.append(mention.text)
        found.append(
            ReadField(name, question.label, answer_words(name, value), tuple(quotes), estimated)
        )
    return found
