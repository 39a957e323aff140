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
            fits = mention.value == value or (isinstance(value, list) and mention.value in value)
            if mention.field == name and mention.used and fits and mention.shown() not in quotes:
                quotes.append(mention.shown())
        found.append(
            ReadField(name, question.label, answer_words(name, value), tuple(quotes), estimated)
        )
    return found


def prefill(understanding: Understanding) -> tuple[dict[str, Any], dict[str, Any]]:
    """Interview answers from a description: (stated answers, estimates to pre-select).

    Stated fields become answers the person confirms or changes; the check then asks only the
    rest. Estimates ("a bit sore" as pain 2) are offered as the pre-selected choice of their
    question, never taken as answered.
    """
    from crepitus.engine.interview import check_answer
    from crepitus.errors import InterviewError

    kb = knowledge()

    def fitting(values: dict[str, Any]) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for name, value in values.items():
            question = kb.by_field.get(name)
            if question is None:
                continue
            try:
                kept[name] = check_answer(question, value)
            except InterviewError:
                continue
        return kept

    return fitting(understanding.case), fitting(understanding.estimates)


def warnings_first(understanding: Understanding) -> bool:
    """Whether the check should ask its warning-sign screens first: the words read like
    descriptions that needed urgent or emergency care (the wording model's estimate). It only
    changes the order; every question is still asked, and the answers decide."""
    from crepitus.understanding.read import CONCERN

    return CONCERN in understanding.estimates
