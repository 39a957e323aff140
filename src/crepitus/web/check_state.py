"""The state of a check in the browser, carried in a hidden form field between pages.

Nothing is kept on the server while a person answers: the answers travel with the form, so a
check survives a server restart and works without cookies or JavaScript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import orjson

from crepitus.engine.interview import check_answer, step
from crepitus.errors import InterviewError
from crepitus.knowledge import knowledge
from crepitus.web.problems import nesting_problem

STATE_DEPTH = 4  # the state is an object of answers; an answer is at most a list of codes


@dataclass
class CheckState:
    answers: dict[str, Any] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # fields in the order they were asked
    draft: dict[str, Any] = field(default_factory=dict)  # answers undone by "back", to pre-fill

    def encode(self) -> str:
        return json.dumps(
            {"a": self.answers, "s": self.skipped, "h": self.history, "d": self.draft},
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

    def record(self, name: str, value: Any) -> None:
        """Keep an answer (None: skipped) to the question for ``name``."""
        self.answers.pop(name, None)
        if name in self.skipped:
            self.skipped.remove(name)
        if value is None:
            self.skipped.append(name)
        else:
            self.answers[name] = value
        self.draft.pop(name, None)
        self.history.append(name)

    def back(self) -> str | None:
        """Undo the last answer, keeping it as the pre-filled choice; return its field."""
        if not self.history:
            return None
        name = self.history.pop()
        if name in self.answers:
            self.draft[name] = self.answers.pop(name)
        if name in self.skipped:
            self.skipped.remove(name)
        return name

    def back_to_question(self) -> None:
        """Go back to the question before the one showing.

        Answers confirmed from a description come ahead of questions still to ask, so one step
        back may not reach a question the check would show: keep undoing (each undone answer
        stays pre-filled) until the check shows the question last undone.
        """
        order = {q.field: i for i, q in enumerate(knowledge().questions)}
        while (name := self.back()) is not None:
            showing = step(self.answers, self.skipped).question
            if showing is None or order[name] <= order[showing.field]:
                return
