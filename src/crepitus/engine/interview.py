"""The adaptive interview: from the answers so far to the next screen, or to the result.

Pure functions over the interview defined in ``knowledge/data/interview.toml``, so the terminal,
the web, the API and FHIR all ask the same questions, a screen at a time, in the same order with
the same skip logic. A screen shows the questions of one group that the skip logic asks and whose
answer could still matter (see ``relevance``); a question whose skip logic reads an answer on the
same screen waits for it, and comes back on a follow-up of that screen. After every screen the
engine assesses what is known so far: as soon as that is an emergency, the interview stops and
says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from crepitus.engine.assess import Engine, engine
from crepitus.engine.relevance import relevance
from crepitus.engine.result import Assessment
from crepitus.errors import InterviewError
from crepitus.knowledge import expr as ex
from crepitus.knowledge.model import Question, Screen

SKIP_WORDS = frozenset({"skip", "s", "?", "don't know", "dont know", "not sure"})
YES = frozenset({"y", "yes", "true"})
NO = frozenset({"n", "no", "false"})
NONE_WORDS = frozenset({"", "none", "no", "0", "-"})


@dataclass(frozen=True, slots=True)
class Step:
    """Where the interview stands: the next screen, or the finished assessment.

    ``question`` is the screen's first question, for callers that ask one at a time.
    ``remaining`` counts the questions still to come and ``screens_left`` the screens, this one
    included: estimates, since answers can open follow-ups or close questions.
    """

    question: Question | None
    assessment: Assessment | None
    emergency: bool
    answered: int
    remaining: int
    screen: Screen | None = None
    questions: tuple[Question, ...] = ()
    screens_left: int = 0

    @property
    def done(self) -> bool:
        return self.question is None


def should_ask(question: Question, answers: Mapping[str, Any], eng: Engine | None = None) -> bool:
    """Whether the skip logic asks this question, given the answers so far.

    A warning-sign question is asked unless its condition is known to be false; any other
    question only when its condition is known to be true (see ``assess.ask_findings``).
    """
    return (eng or engine()).is_asked(question.field, answers)


def next_question(
    answers: Mapping[str, Any], skipped: Collection[str] = (), eng: Engine | None = None
) -> Question | None:
    """The first question of the next screen."""
    questions = next_screen(answers, skipped, eng)[1]
    return questions[0] if questions else None


def screen_order(eng: Engine, warnings_first: bool = False) -> list[Screen]:
    """The screens in the order they are asked. With ``warnings_first`` (the person's words
    read like descriptions that needed urgent care), the screens that hold a warning-sign
    question come first, in their own order; the questions and the result are the same."""
    screens = list(eng.kb.screens.values())
    if not warnings_first:
        return screens
    warns = [s for s in screens if any(eng.kb.by_field[f].red_flag for f in s.questions)]
    return warns + [s for s in screens if s not in warns]


def next_screen(
    answers: Mapping[str, Any],
    skipped: Collection[str] = (),
    eng: Engine | None = None,
    base: Assessment | None = None,
    *,
    warnings_first: bool = False,
) -> tuple[Screen | None, tuple[Question, ...]]:
    """The first screen with a question to ask now, and those questions (none: the end)."""
    eng = eng or engine()
    for screen in screen_order(eng, warnings_first):
        shown = _on_screen(screen, answers, skipped, eng, base)
        if shown:
            return screen, shown
    return None, ()


def _on_screen(
    screen: Screen,
    answers: Mapping[str, Any],
    skipped: Collection[str],
    eng: Engine,
    base: Assessment | None,
    *,
    wait: bool = True,
) -> tuple[Question, ...]:
    """The questions of ``screen`` to ask now. With ``wait``, a question whose skip logic reads
    an answer still to be given on this screen waits for it (unless it already holds)."""
    closed = frozenset((*answers, *skipped))
    judge = relevance(eng)
    shown: list[Question] = []
    pending: set[str] = set()
    for name in screen.questions:
        if name in closed:
            continue
        question = eng.kb.question(name)
        when = question.ask_when
        if (
            wait
            and when is not None
            and pending.intersection(ex.fields_of(when, eng.finding_expr))
            and ex.truth(when, answers, ex.resolver(eng.finding_expr, answers)) is not True
        ):
            continue
        if should_ask(question, answers, eng) and judge.matters(question, answers, closed, base):
            shown.append(question)
            pending.add(name)
    return tuple(shown)


def step(
    answers: Mapping[str, Any],
    skipped: Collection[str] = (),
    eng: Engine | None = None,
    *,
    warnings_first: bool = False,
) -> Step:
    """Check the answers so far and say what comes next (``warnings_first``: see
    ``screen_order``)."""
    eng = eng or engine()
    for name, value in answers.items():
        if name not in eng.kb.by_field:
            raise InterviewError(f"{name}: not a question of the interview")
        check_answer(eng.kb.question(name), value)
    assessment = eng.assess(answers)
    emergency = assessment.triage == "emergency"
    screen, questions = (
        (None, ())
        if emergency
        else next_screen(answers, skipped, eng, assessment, warnings_first=warnings_first)
    )
    screens_left, remaining = (0, 0)
    if screen is not None:
        later = _remaining(screen, answers, skipped, eng, assessment, warnings_first=warnings_first)
        screens_left, remaining = 1 + len(later), len(questions) + sum(later)
    return Step(
        question=questions[0] if questions else None,
        assessment=None if questions else (assessment if answers or skipped else None),
        emergency=emergency,
        answered=len(answers) + len(skipped),
        remaining=remaining,
        screen=screen,
        questions=questions,
        screens_left=screens_left,
    )


def run_through(
    answers: Mapping[str, Any],
    reply: Callable[[Question], Any],
    eng: Engine | None = None,
    *,
    warnings_first: bool = False,
) -> Assessment:
    """The interview from ``answers`` to its result, each question of each screen answered by
    ``reply`` (None: skipped): how scripts and evaluations play a person through the check."""
    answers, skipped = dict(answers), list[str]()
    while True:
        now = step(answers, skipped, eng, warnings_first=warnings_first)
        if now.question is None or now.emergency:
            return (eng or engine()).assess(answers) if now.assessment is None else now.assessment
        for question in now.questions:
            value = reply(question)
            if value is None:
                skipped.append(question.field)
            else:
                answers[question.field] = value


def _remaining(
    current: Screen,
    answers: Mapping[str, Any],
    skipped: Collection[str],
    eng: Engine,
    base: Assessment,
    *,
    warnings_first: bool = False,
) -> list[int]:
    """For each screen after this one with a question to ask if nothing else changes, how many
    (an estimate for a progress bar)."""
    later = screen_order(eng, warnings_first)
    later = later[later.index(current) + 1 :]
    counts = [len(_on_screen(screen, answers, skipped, eng, base, wait=False)) for screen in later]
    return [count for count in counts if count]


def check_answer(question: Question, value: Any) -> Any:
    """Raise InterviewError unless ``value`` is a valid answer to ``question``."""
    if question.kind == "boolean":
        ok = value is True or value is False
    elif question.kind == "integer":
        ok = (
            type(value) is int
            and (question.minimum is None or value >= question.minimum)
            and (question.maximum is None or value <= question.maximum)
        )
    elif question.kind == "choice":
        ok = value in [o.value for o in question.options]
    else:
        allowed = {o.value for o in question.options}
        ok = (
            type(value) is list
            and all(type(v) is str for v in value)  # before the set: a dict is unhashable
            and len(set(value)) == len(value)
            and set(value) <= allowed
        )
    if not ok:
        raise InterviewError(
            f"{question.field}: {value!r} is not an answer; expected {expected(question)}"
        )
    return value


def expected(question: Question) -> str:
    """What an answer to the question looks like, in words."""
    if question.kind == "boolean":
        return "yes or no (1 or 2)"
    if question.kind == "integer":
        low = 0 if question.minimum is None else question.minimum
        high = "" if question.maximum is None else f" to {question.maximum}"
        return f"a whole number from {low}{high}"
    numbers = f"1 to {len(question.options)}"
    if question.kind == "choice":
        return f"one option, by its number ({numbers})"
    return f"option numbers ({numbers}) separated by commas, or 'none'"


def parse_answer(question: Question, text: str) -> Any:
    """Read a typed answer. Returns None for 'skip' (I don't know); raises InterviewError."""
    raw = text.strip().lower()
    if raw in SKIP_WORDS:
        if question.required:
            raise InterviewError(f"{question.label}: needed for every check; please answer it")
        return None
    if question.kind == "boolean":
        if raw in YES or raw in NO:
            return raw in YES
        picked = _option(question, raw)
        if picked is not None:
            return picked
    elif question.kind == "integer":
        try:
            return check_answer(question, int(raw))
        except ValueError:
            pass
    elif question.kind == "choice":
        picked = _option(question, raw)
        if picked is not None:
            return picked
    else:
        if raw in NONE_WORDS:
            return []
        parts = [p for p in raw.replace(",", " ").split() if p]
        values = [_option(question, p) for p in parts]
        if values and all(v is not None for v in values):
            return list(dict.fromkeys(values))
    raise InterviewError(f"{text.strip()!r} is not an answer here; expected {expected(question)}")


def typed_answer(question: Question, value: Any) -> str:
    """What a person would type to give ``value``: the inverse of ``parse_answer``."""
    if question.kind == "boolean":
        return "yes" if value else "no"
    if question.kind == "integer":
        return str(value)
    numbers = {option.value: str(i) for i, option in enumerate(question.options, start=1)}
    if question.kind == "choice":
        return numbers[value]
    return ", ".join(numbers[v] for v in value) or "none"


def _option(question: Question, raw: str) -> Any:
    if raw.isdigit() and 1 <= int(raw) <= len(question.options):
        return question.options[int(raw) - 1].value
    for option in question.options:
        if raw == str(option.value).lower():
            return option.value
    return None


def question_json(question: Question, other: bool = False) -> dict[str, Any]:
    """One question as JSON, for the API and any other client (``other``: worded for someone
    checking for another person)."""
    out: dict[str, Any] = {
        "field": question.field,
        "label": question.label,
        "kind": question.kind,
        "text": question.wording(other),
        "section": question.section,
        "screen": question.screen,
        "red_flag": question.red_flag,
        "required": question.required,
    }
    if question.help:
        out["help"] = question.help_wording(other)
    if question.options:
        out["options"] = [{"value": o.value, "label": o.wording(other)} for o in question.options]
    if question.kind == "integer":
        out["minimum"] = question.minimum
        if question.maximum is not None:
            out["maximum"] = question.maximum
    if question.ask_when is not None:
        out["ask_when"] = ex.to_dict(question.ask_when)
    return out


def screen_json(
    screen: Screen, questions: Collection[Question], other: bool = False
) -> dict[str, Any]:
    """A screen as JSON: its title and the questions to answer on it now."""
    return {
        "id": screen.id,
        "title": screen.wording(other),
        "questions": [question_json(q, other) for q in questions],
    }


def definition(eng: Engine | None = None) -> dict[str, Any]:
    """The whole interview as JSON: sections, then questions in the order they are asked."""
    kb = (eng or engine()).kb
    return {
        "knowledge_version": kb.version,
        "sections": [{"id": s.id, "title": s.title} for s in kb.sections.values()],
        "screens": [
            {
                "id": s.id,
                "title": s.title,
                "title_other": s.title_other,
                "questions": list(s.questions),
            }
            for s in kb.screens.values()
        ],
        "questions": [question_json(q) for q in kb.questions],
    }
