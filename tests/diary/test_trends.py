"""Trends from real diary entries (SQLite)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crepitus.diary.trends import compute, slope, sparkline
from crepitus.store.db import sqlite_url
from crepitus.store.diary import OwnerStore, Store, check_entry

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


@pytest.fixture
def diary(tmp_path: Path) -> OwnerStore:
    return Store(sqlite_url(tmp_path / "d.sqlite3")).owner()


def fill(diary: OwnerStore, days: range, pops: int, pain: int, hurts: bool) -> None:
    diary.add_many(
        [
            check_entry(
                {
                    "at": (NOW - timedelta(days=d)).isoformat(),
                    "region": "lumbar",
                    "pops": pops,
                    "pain": pain,
                    "pain_at_pop": hurts,
                }
            )
            for d in days
        ]
    )


def test_popping_that_doubles_and_starts_to_hurt_is_named(diary: OwnerStore) -> None:
    fill(diary, range(21, 42), pops=1, pain=0, hurts=False)
    fill(diary, range(0, 21), pops=5, pain=4, hurts=True)
    trends = compute(diary, NOW)
    assert trends.changes == [
        "Popping has more than doubled and become painful over the last 6 weeks."
    ]
    assert trends.painful_share is not None and trends.painful_share > 0.9
    assert trends.pain_12_weeks is not None and trends.pain_12_weeks.per_week > 0


def test_steady_popping_has_no_change_to_report(diary: OwnerStore) -> None:
    fill(diary, range(0, 42), pops=2, pain=1, hurts=False)
    trends = compute(diary, NOW)
    assert trends.changes == []
    assert trends.pops_per_week == pytest.approx(14, abs=2)
    assert trends.pain_4_weeks is not None and "no clear change" in trends.pain_4_weeks.words()


def test_an_empty_diary_has_flat_weeks(diary: OwnerStore) -> None:
    trends = compute(diary, NOW)
    assert [pops for _, pops, _ in trends.weeks] == [0] * 12
    assert trends.painful_share is None and trends.pain_4_weeks is None


def test_the_slope_has_a_standard_error() -> None:
    exact = slope([(1, 1.0), (2, 2.0), (3, 3.0)])
    assert (
        exact is not None
        and exact.per_week == pytest.approx(1.0)
        and exact.stderr == pytest.approx(0)
    )
    assert slope([(1, 1.0), (2, 2.0)]) is None


def test_the_sparkline_scales_to_the_busiest_week() -> None:
    assert sparkline([0, 4, 8]) == "▁▅█"
    assert sparkline([0, 0]) == "▁▁"
