"""The check's confirm page: what a description was understood to say, as form controls.

Each field the description states becomes the control of its own interview question, pre-filled,
with the words it came from. Reading the form back goes through the interview's ``parse_answer``
and ``check_answer``, so a confirmed answer is exactly one the question itself would accept.
Fields read from loose words ("a bit sore"), and stated values that could lower concern (a denial
of a warning sign, "no pain", an age: see ``engine.concern``), are not answers: they travel as the
check's draft and are pre-selected when their question comes, which is still asked.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from starlette.datastructures import FormData

from crepitus.engine.concern import settle
from crepitus.engine.interview import check_answer, parse_answer
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import Question
from crepitus.understanding import Understanding
from crepitus.understanding.describe import ReadField, prefill, read_fields
from crepitus.web.language import current

LATER = "later"  # the form value of "Ask me this later"


def chosen(question: Question, value: Any) -> set[str]:
    """The form values that show ``value`` as the answer: option numbers, or the number."""
    if value is None:
        return set()
    if question.kind == "multi":
        values = value if isinstance(value, list) else []
        return {str(i) for i, o in enumerate(question.options, 1) if o.value in values}
    if question.kind in ("choice", "boolean"):
        return {str(i) for i, o in enumerate(question.options, 1) if o.value == value}
    return {str(value)}


def typed(question: Question, values: list[str]) -> str:
    """Submitted form values as the text ``parse_answer`` reads (nothing ticked: none)."""
    kept = [v for v in values if v.strip()]
    if question.kind == "multi":
        return ",".join(kept) or "none"
    return kept[0] if kept else ""


class Understood(NamedTuple):
    """One stated field on the confirm page."""

    question: Question
    chosen: set[str]  # the form values shown as selected (for a number: what is in the box)
    quotes: tuple[str, ...]  # the person's words it came from
    later: bool = False  # "Ask me this later" is picked: the check will ask
    error: str = ""


class Reading(NamedTuple):
    """A description, ready for the confirm page."""

    items: list[Understood]  # stated fields, in interview order
    estimates: list[ReadField]  # readings pre-selected when their question comes, still asked
    draft: dict[str, Any]  # the estimates' values, for the check's draft
    answers: dict[str, Any]  # the stated fields' values, as the check takes them

    def emergency(self) -> bool:
        """Whether what the words state is already an emergency: then there is nothing to
        confirm first, and the person is sent straight to what to do."""
        from crepitus.engine.assess import engine

        return bool(self.answers) and engine().assess(self.answers).triage == "emergency"


NOTHING = Reading([], [], {}, {})


def reading(understanding: Understanding) -> Reading:
    answers, estimates = settle(*prefill(understanding))
    said = {f.field: f for f in read_fields(understanding)}
    questions = knowledge(current()).questions  # worded in the page's language
    items = [
        Understood(q, chosen(q, answers[q.field]), said[q.field].quotes if q.field in said else ())
        for q in questions
        if q.field in answers
    ]
    hints = [said[q.field] for q in questions if q.field in estimates and q.field in said]
    return Reading(items, hints, estimates, answers)


def read_form(form: FormData, items: list[Understood]) -> tuple[dict[str, Any], list[Understood]]:
    """The confirmed answers, and the items as the person left them, with an error on each
    value that is not an answer. A field left for later (or a number box cleared) is not
    answered: the check asks it."""
    later = {str(v) for v in form.getlist(LATER)}
    confirmed: dict[str, Any] = {}
    shown: list[Understood] = []
    for item in items:
        question = item.question
        values = [str(v) for v in form.getlist(question.field)]
        text = typed(question, values)
        if LATER in values or question.field in later or not text:
            shown.append(item._replace(chosen=set(), later=True))
            continue
        try:
            value = parse_answer(question, text)
            if value is not None:
                value = check_answer(question, value)
        except InterviewError as exc:
            kept = {v for v in values if v.strip()}
            shown.append(item._replace(chosen=kept, error=_reason(question, exc)))
            continue
        if value is None:  # "don't know" typed into the box
            shown.append(item._replace(chosen=set(), later=True))
            continue
        confirmed[question.field] = value
        shown.append(item._replace(chosen=chosen(question, value)))
    return confirmed, shown


def _reason(question: Question, exc: InterviewError) -> str:
    """The error without the field name in front: the page names the field itself."""
    message = str(exc)
    for prefix in (f"{question.field}: ", f"{question.label}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message
