"""Results in the person's own terms: what they said, in the words of the questions' answers,
and how well an explanation fits, in words that do not read as a diagnosis."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from crepitus.knowledge import knowledge
from crepitus.web.language import N_, current
from crepitus.web.language import gettext as _

# how well an explanation fits the answers, from its score (0 to 1)
FIT_WORDS: tuple[tuple[float, str], ...] = (
    (0.75, N_("fits well")),
    (0.5, N_("fits fairly well")),
    (0.3, N_("fits in part")),
    (0.0, N_("fits poorly")),
)


@cache
def serious() -> frozenset[str]:
    """Explanations that only an examination can confirm: those a rule sends to a doctor today
    or to emergency care (read from the rules, so the list follows the knowledge)."""
    urgent = [rule for rule in knowledge().rules if rule.level in ("urgent", "emergency")]
    return frozenset(condition for rule in urgent for condition in rule.conditions)


def fit(score: float) -> str:
    return _(next(words for low, words in FIT_WORDS if score >= low))


def answer_words(field: str, value: Any) -> str:
    """One answer as the person gave it: "pain: 0 out of 10", "sets it off: bending"."""
    kb = knowledge(current())
    if field not in kb.by_field:
        return field.replace("_", " ")
    question = kb.question(field)
    if value is None:
        return question.label
    labels = {option.value: option.label for option in question.options}
    if isinstance(value, list):
        shown = ", ".join(labels.get(item, str(item)) for item in value)
    elif isinstance(value, bool):
        shown = labels.get(value, _("yes") if value else _("no"))
    elif field == "pain_score":
        shown = _("%(score)s out of 10") % {"score": value}
    else:
        shown = labels.get(value, str(value))
    if not shown:
        return question.label
    return _("%(question)s: %(answer)s") % {"question": question.label, "answer": shown.lower()}


def said(fields: Iterable[str], case: Mapping[str, Any] | None) -> str:
    """What the person said that led here; a field without an answer is named on its own."""
    answers = case or {}
    return "; ".join(
        answer_words(name, answers[name]) if name in answers else answer_words(name, None)
        for name in fields
    )
