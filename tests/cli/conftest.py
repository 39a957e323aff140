"""Run the real ``crepitus`` command in a subprocess, as a user or a script would."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from crepitus.engine.assess import engine
from crepitus.engine.interview import step
from crepitus.knowledge.model import Question


def crepitus(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crepitus", *args],
        input=stdin,
        capture_output=True,
        text=True,
        # a guard against a hang, not a measure of speed: building the reader takes about 12 s
        # on an idle machine and went past 60 s once while the durability tests ran beside it
        timeout=180,
        env=env,
        check=False,
    )


def typed(question: Question, value: Any) -> str:
    """What a person types to give ``value`` as the answer."""
    if value is None:
        return "skip"
    if question.kind == "boolean":
        return "yes" if value else "no"
    if question.kind == "integer":
        return str(value)
    numbers = {option.value: str(i) for i, option in enumerate(question.options, start=1)}
    if question.kind == "choice":
        return numbers[value]
    return ", ".join(numbers[v] for v in value) or "none"


def script_for(case: dict[str, Any]) -> str:
    """The lines a person would type to answer the check with ``case`` (skipping the rest),
    after pressing Enter for a check of their own and leaving the description empty."""
    return "\n".join(["", "", *answer_lines(case)]) + "\n"


def answer_lines(case: dict[str, Any], answered: dict[str, Any] | None = None) -> list[str]:
    """The lines that answer every question the check asks after ``answered``, from ``case``."""
    answers: dict[str, Any] = dict(answered or {})
    skipped: list[str] = []
    lines: list[str] = []
    while True:
        now = step(answers, skipped)
        if now.question is None or now.emergency:
            return lines
        for question in now.questions:  # a screen, one question at a time
            field = question.field
            lines.append(typed(question, case.get(field)))
            if field in case:
                answers[field] = case[field]
            else:
                skipped.append(field)
            if engine().assess(answers).triage == "emergency":
                return lines  # the terminal stops at once
