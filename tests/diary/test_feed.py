"""What the diary tells the assessment, and which entries moved it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import crepitus
from crepitus.diary.feed import facts, merge
from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store, check_entry

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def diary_entries(tmp_path: Path, days: int, pops: int, pain: int, hurts: bool) -> list:  # type: ignore[type-arg]
    diary = Store(sqlite_url(tmp_path / "d.sqlite3")).owner()
    diary.add_many(
        [
            check_entry(
                {
                    "at": (NOW - timedelta(days=d, hours=1)).isoformat(),
                    "region": "lumbar",
                    "pops": pops,
                    "pain": pain,
                    "pain_at_pop": hurts,
                    "sound": "grinding",
                    "triggers": ["bending"],
                }
            )
            for d in range(days)
        ]
    )
    return diary.entries()


def test_daily_painful_popping_is_measured_from_the_entries(tmp_path: Path) -> None:
    found = {f.field: f for f in facts(diary_entries(tmp_path, 30, 4, 3, True), NOW)}
    assert found["pop_frequency"].value == "many_daily"
    assert found["pop_painful"].value is True
    assert found["pain_score"].value == 3
    assert found["pain_days"].value == 29
    assert found["pop_sound"].value == "grinding"
    assert len(found["pain_days"].entries) == 30


def test_the_diary_fills_only_what_the_case_does_not_say(tmp_path: Path) -> None:
    found = facts(diary_entries(tmp_path, 30, 1, 3, True), NOW)
    merged, used = merge({"age": 52, "pain_score": 5}, found)
    assert merged["pain_score"] == 5  # the person's own answer wins
    assert merged["pop_frequency"] == "daily"
    assert "pain_score" not in {f.field for f in used}


def test_weeks_of_painful_popping_move_the_assessment_to_a_doctor(tmp_path: Path) -> None:
    case = {"age": 52, "fever": False, "cancer_history": False}
    before = crepitus.assess({**case, "pop_frequency": "weekly"})
    merged, used = merge(case, facts(diary_entries(tmp_path, 30, 1, 3, True), NOW))
    after = crepitus.assess(merged)
    assert before.triage == "self_care"
    assert after.triage == "see_doctor"
    assert {"pain_days", "pop_painful"} <= {f.field for f in used}


def test_an_empty_or_old_diary_says_nothing(tmp_path: Path) -> None:
    assert facts([], NOW) == []
    old = diary_entries(tmp_path, 3, 1, 0, False)
    assert facts(old, NOW + timedelta(days=60)) == []
