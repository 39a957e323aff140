"""Generated cases for benchmarks: plausible answers to the interview, reproducible by seed.

Each case walks the real interview (its skip logic included) and answers each question at random:
warning signs are rare, as in real use, and about one question in ten is left unanswered.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from crepitus.engine.assess import engine
from crepitus.knowledge.model import Question

RED_FLAG_RATE = 0.03
SKIP_RATE = 0.1


def answer(question: Question, rng: random.Random) -> Any:
    if question.kind == "integer":
        if question.field == "age":
            return rng.randint(12, 90)
        if question.field == "pain_score":
            return rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        high = min(question.maximum or 400, 400)
        return rng.randint(question.minimum or 0, high)
    values = [option.value for option in question.options]
    if question.kind == "multi":
        return rng.sample(values, rng.randint(0, min(3, len(values))))
    if question.red_flag:
        # the first option (or No) is the calm answer; the rest are rare
        calm = False if question.kind == "boolean" else values[0]
        return (
            calm if rng.random() > RED_FLAG_RATE else rng.choice([v for v in values if v != calm])
        )
    if question.kind == "multi":
        return rng.sample(values, rng.randint(0, min(3, len(values))))
    return rng.choice(values)


def generate(count: int, seed: int = 2026) -> Iterator[dict[str, Any]]:
    """``count`` cases, the same ones for the same seed."""
    rng = random.Random(seed)
    eng = engine()
    questions = eng.kb.questions
    for _ in range(count):
        case: dict[str, Any] = {}
        for question in questions:
            if not eng.is_asked(question.field, case):
                continue
            if question.field != "age" and rng.random() < SKIP_RATE:
                continue
            case[question.field] = answer(question, rng)
        yield case
