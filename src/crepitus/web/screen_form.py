"""A screen of the check as a form: several questions on one page, each with its own answer.

Every question on a screen needs its own explicit answer: an option, a number, or "Not sure"
(which skips it, for any question the check can go on without). There is no "none of these" box
for a group of warning signs, so a screen is as careful as asking them one at a time. A list of
options left unticked means "none of these", except for a warning sign, which needs a tick or
"Not sure". Reading goes through the interview's ``parse_answer``, as a typed answer would.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from starlette.datastructures import FormData

from crepitus.engine.interview import parse_answer
from crepitus.errors import InterviewError
from crepitus.knowledge.model import Question
from crepitus.web.confirm import chosen, typed
from crepitus.web.language import gettext as _

NOT_SURE = "not-sure"  # the form value of "Not sure"


class Asked(NamedTuple):
    """One question on a screen, as the page shows it."""

    question: Question
    chosen: set[str]  # form values shown as selected (for a number: what is in the box)
    error: str = ""

    @property
    def number(self) -> str:
        """What the box of a number question shows."""
        return next((v for v in sorted(self.chosen) if v != NOT_SURE), "")

    @property
    def not_sure(self) -> bool:
        return NOT_SURE in self.chosen


def shown(questions: tuple[Question, ...], draft: dict[str, Any]) -> list[Asked]:
    """The questions of a screen, pre-filled from answers read or undone earlier."""
    return [Asked(q, chosen(q, draft.get(q.field))) for q in questions]


def read_screen(
    form: FormData, questions: tuple[Question, ...]
) -> tuple[dict[str, Any], list[Asked]]:
    """The answers of a submitted screen (None: not sure), and the questions as the page would
    show them again; any with an error means the screen is not accepted."""
    values: dict[str, Any] = {}
    asked: list[Asked] = []
    for question in questions:
        raw = [str(v) for v in form.getlist(question.field)]
        picked = {v for v in raw if v.strip()}
        error = ""
        if NOT_SURE in picked:
            if question.required:
                error = _("We need this one for every check; please answer it.")
            else:
                values[question.field] = None
        elif not picked and (question.kind != "multi" or question.red_flag):
            error = _missing(question)
        else:
            try:
                values[question.field] = parse_answer(question, typed(question, raw))
            except InterviewError as exc:
                error = str(exc).split(": ", 1)[-1] if question.kind == "integer" else str(exc)
        asked.append(Asked(question, picked, error))
    return values, asked


def _missing(question: Question) -> str:
    if question.kind == "integer":
        if question.required:
            return _("Please enter a number.")
        return _("Please enter a number, or tick “Not sure”.")
    if question.required:
        return _("Please choose an answer.")
    return _("Please choose an answer, or “Not sure”.")
