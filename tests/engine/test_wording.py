"""A result for someone else: the same assessment, speaking of them."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest

from crepitus.engine.assess import engine
from crepitus.engine.wording import for_someone_else
from tests.conftest import shared_path

# words that would speak of the reader's own body or care, not of the person checked for
ABOUT_THE_READER = re.compile(
    r"\b(your (back|neck|bladder|legs?|eyes|hands|temperature|nerves|doctor|own|desk|"
    r"cancer team|heart|position|medicines|normal)|refer you|examine you|you faint|you get"
    r"|you move|you need one|wakes you|keeps you)\b",
    re.IGNORECASE,
)


@cache
def dev_cases() -> list[dict[str, Any]]:
    lines = shared_path("vignettes", "dev.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)["case"] for line in lines if line.strip()]


def texts(result: Any) -> list[str]:
    return [
        result.triage_action,
        *(r.message for r in (*result.red_flags, *result.care_rules)),
        *(f"{a.title} {a.text}" for a in result.advice),
        *result.what_would_change,
    ]


@pytest.mark.parametrize("index", range(33))
def test_a_result_for_someone_else_says_the_same_about_them(index: int) -> None:
    mine = engine().assess(dev_cases()[index])
    theirs = for_someone_else(mine, engine().kb)
    assert theirs.triage == mine.triage and theirs.conditions == mine.conditions
    assert [a.id for a in theirs.advice] == [a.id for a in mine.advice]
    assert [r.id for r in theirs.red_flags] == [r.id for r in mine.red_flags]
    for text in texts(theirs):
        assert not ABOUT_THE_READER.search(text), text


def test_the_emergency_advice_tells_the_helper_what_to_do() -> None:
    result = engine().assess({"age": 70, "saddle_numbness": True})
    theirs = for_someone_else(result, engine().kb)
    assert "take them to the nearest emergency department" in theirs.triage_action
    emergency = next(a for a in theirs.advice if a.id == "emergency_services")
    assert "Do not let them drive" in emergency.text


def test_the_watch_list_is_theirs_too() -> None:
    kb = engine().kb
    top = next(c for c in kb.conditions.values() if c.watch_for_other)
    mine = engine().assess({"age": 40, "pain_score": 3})
    mine = mine._replace(
        conditions=(mine.conditions[0]._replace(id=top.id),),
        what_would_change=(*top.watch_for, "1 warning-sign question went unanswered."),
    )
    theirs = for_someone_else(mine, kb)
    assert theirs.what_would_change == (*top.watch_for_other, mine.what_would_change[-1])
