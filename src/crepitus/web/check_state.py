"""The state of a check in the browser, carried in a hidden form field between pages.

Nothing is kept on the server while a person answers: the answers travel with the form, so a
check survives a server restart and works without cookies or JavaScript.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

import orjson

from crepitus.engine.assess import Engine
from crepitus.engine.interview import Step, check_answer, step
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.web.problems import nesting_problem

CHECK_ID = re.compile(r"[A-Za-z0-9_-]{0,32}")
STATE_DEPTH = 4  # the state is an object of answers; an answer is at most a list of codes


@dataclass
class CheckState:
    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # fields in the order they were asked
    draft: dict[str, Any] = field(default_factory=dict)  # answers undone by "back", to pre-fill
    other: bool = False  # the check is for someone else: questions speak of "the person"
    pages: list[int] = field(default_factory=list)  # how many of ``history`` each page gave
    # which check this is, so an earlier page is pre-filled only from the same check gone further
    check_id: str = ""
    # the description's words read like ones that needed urgent care: warning signs come first
    warnings_first: bool = False

    def __post_init__(self) -> None:
        if not self.pages and self.history:  # built from answers alone: one page each
            self.pages = [1] * len(self.history)

    def encode(self) -> str:
        return json.dumps(
            {
                "a": self.answers,
                "s": self.skipped,
                "h": self.history,
                "d": self.draft,
                "o": self.other,
                "p": self.pages,
                "i": self.check_id,
                "w": self.warnings_first,
            },
            separators=(",", ":"),
        )

    @classmethod
    def decode(cls, text: str) -> CheckState:
        if not text:
            return cls()
        try:
            raw = orjson.loads(text)  # orjson refuses nesting past its limit with a ValueError
            deep = nesting_problem(raw, STATE_DEPTH)
            if deep:
                raise ValueError(deep)
            state = cls(dict(raw["a"]), list(raw["s"]), list(raw["h"]), dict(raw.get("d", {})))
            state.other = raw.get("o", False) is True
            # a state from before screens: every answer was its own page
            state.pages = [int(n) for n in raw.get("p", [1] * len(state.history))]
            if any(n < 1 for n in state.pages) or sum(state.pages) != len(state.history):
                raise ValueError("pages")
            state.warnings_first = raw.get("w", False) is True
            state.check_id = str(raw.get("i", ""))
            if not CHECK_ID.fullmatch(state.check_id):
                raise ValueError("check id")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            raise InterviewError("the check's state was damaged; please start again") from None
        known = knowledge().by_field
        for name in [*state.answers, *state.skipped, *state.history, *state.draft]:
            if name not in known:
                raise InterviewError(f"{name}: not a question of the check; please start again")
        for name, value in [*state.answers.items(), *state.draft.items()]:
            try:
                check_answer(known[name], value)
            except InterviewError as exc:  # a forged or damaged value
                raise InterviewError(f"{exc}; please start again") from None
        return state

    @classmethod
    def new(
        cls,
        *,
        other: bool = False,
        draft: dict[str, Any] | None = None,
        warnings_first: bool = False,
    ) -> CheckState:
        """A check just started, with an id of its own."""
        return cls(
            draft=dict(draft or {}),
            other=other,
            check_id=secrets.token_urlsafe(12),
            warnings_first=warnings_first,
        )

    def step(self, eng: Engine | None = None) -> Step:
        """What comes next in this check."""
        return step(self.answers, self.skipped, eng, warnings_first=self.warnings_first)

    @property
    def screens_done(self) -> int:
        return len(self.pages)

    def record_page(self, values: dict[str, Any]) -> None:
        """Keep the answers given on one page (None: skipped), so "Back" undoes them together."""
        for name, value in values.items():
            self.record(name, value)
        if values:
            self.pages.append(len(values))

    def record(self, name: str, value: Any) -> None:
        """Keep an answer (None: skipped) to the question for ``name`` (part of a page)."""
        self.answers.pop(name, None)
        if name in self.skipped:
            self.skipped.remove(name)
        if value is None:
            self.skipped.append(name)
        else:
            self.answers[name] = value
        self.draft.pop(name, None)
        self.history.append(name)

    def back(self) -> list[str]:
        """Undo the last page, keeping its answers as pre-filled choices; return its fields."""
        if not self.pages:
            return []
        count = self.pages.pop()
        names, self.history = self.history[-count:], self.history[:-count]
        for name in names:
            if name in self.answers:
                self.draft[name] = self.answers.pop(name)
            if name in self.skipped:
                self.skipped.remove(name)
        return names

    def leads_to(self, later: CheckState) -> bool:
        """Whether ``later`` is this check gone further: the same pages, with the same answers,
        and then more (as after the browser's Back from a later page)."""
        done = len(self.history)
        return (
            bool(self.check_id)
            and later.check_id == self.check_id
            and later.other == self.other
            and later.warnings_first == self.warnings_first
            and later.pages[: len(self.pages)] == self.pages
            and later.history[:done] == self.history
            and all(later.answers.get(name) == self.answers.get(name) for name in self.history)
            and (len(later.history) > done)
        )

    def prefill_from(self, later: CheckState) -> None:
        """Pre-fill the questions still to come with the answers ``later`` gave them."""
        for name in later.history[len(self.history) :]:
            if name in later.answers:
                self.draft[name] = later.answers[name]

    def back_to_screen(self) -> None:
        """Go back to the page before the one showing.

        Answers confirmed from a description, or a question that came to matter only later, may
        not be on the screen the check would now show: keep undoing pages (each undone answer
        stays pre-filled) until the check shows one of the questions last undone.
        """
        while names := self.back():
            showing = {q.field for q in self.step().questions}
            if not showing or showing.intersection(names):
                return
