"""The diary store, on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from crepitus.errors import EntryError
from crepitus.store.db import sqlite_url
from crepitus.store.diary import OwnerStore, Store, check_entry

WHEN = datetime(2026, 11, 20, 8, 30, tzinfo=timezone(timedelta(hours=1)))


def entry(**fields: object) -> dict[str, object]:
    return {"at": WHEN.isoformat(), "region": "lumbar", "pops": 2, "pain": 3, **fields}


def test_an_entry_round_trips_with_a_timezone_aware_time(diary: OwnerStore) -> None:
    saved = diary.add(check_entry(entry(triggers=["bending"], pain_at_pop=True, note="gym")))
    loaded = diary.get(saved.id)
    assert loaded is not None
    assert loaded.at == WHEN and loaded.at.tzinfo is not None
    assert loaded.triggers == ("bending",) and loaded.pain_at_pop and loaded.note == "gym"


def test_entries_can_be_changed_and_deleted(diary: OwnerStore) -> None:
    saved = diary.add(check_entry(entry()))
    changed = diary.update(saved.id, check_entry(entry(pain=7, note="worse")))
    assert changed is not None and changed.pain == 7
    assert diary.delete(saved.id)
    assert diary.get(saved.id) is None
    assert not diary.delete(saved.id)


def test_one_owner_never_sees_another_owners_entries(store: Store, diary: OwnerStore) -> None:
    mine = diary.add(check_entry(entry()))
    other = store.owner(diary.name + "-other")
    try:
        assert other.get(mine.id) is None
        assert other.entries() == []
        assert other.update(mine.id, check_entry(entry(pain=9))) is None
        assert not other.delete(mine.id)
        assert diary.get(mine.id) is not None
    finally:
        other.forget_all()


def test_weeks_are_summed_in_the_database(diary: OwnerStore) -> None:
    monday = datetime(2026, 11, 16, 9, tzinfo=UTC)
    diary.add_many(
        [
            check_entry(
                entry(
                    at=(monday + timedelta(days=d)).isoformat(),
                    pops=d + 1,
                    pain=d,
                    pain_at_pop=d % 2 == 0,
                )
            )
            for d in range(10)
        ]
    )
    first, second = diary.weeks()
    assert first.entries == 7 and first.pops == sum(range(1, 8))
    assert first.painful_pops == 1 + 3 + 5 + 7
    assert first.mean_pain == pytest.approx(3.0)
    assert second.entries == 3 and second.max_pain == 9


def test_add_many_is_all_or_nothing(diary: OwnerStore) -> None:
    good = check_entry(entry())
    broken = replace(good, region=None)  # type: ignore[arg-type]  # the database refuses it
    with pytest.raises(IntegrityError):
        diary.add_many([good, broken])
    assert diary.count() == 0


def test_forget_all_deletes_every_record_of_the_owner(diary: OwnerStore) -> None:
    diary.add(check_entry(entry()))
    diary.save_assessment({"age": 40}, {"triage": "self_care", "knowledge_version": "x"})
    diary.add_feedback(True, "fine", "self_care", "x")
    assert diary.forget_all() == 3
    assert diary.count() == 0 and diary.feedback() == [] and diary.latest_assessment() is None


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"region": "knee"}, "region"),
        ({"pops": 0}, "pops"),
        ({"pain": 11}, "pain"),
        ({"at": "2026-11-20T08:30"}, "at"),
        ({"at": "yesterday"}, "at"),
        ({"triggers": ["dancing"]}, "triggers"),
        ({"sound": "squeak"}, "sound"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_entry_names_the_field(fields: dict[str, object], named: str) -> None:
    with pytest.raises(EntryError) as caught:
        check_entry(entry(**fields))
    assert [p.field for p in caught.value.problems] == [named]


def test_lay_words_for_regions_are_understood() -> None:
    assert check_entry(entry(region="neck")).region == "cervical"


def test_feedback_kept_by_the_first_release_survives_the_upgrade(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # the table as crepitus 0.1 made it
        db.execute(
            "CREATE TABLE feedback (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,"
            " helpful INTEGER NOT NULL, comment TEXT NOT NULL, triage TEXT NOT NULL,"
            " knowledge_version TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO feedback VALUES (1, '2026-11-28T16:40:01.123456+00:00', 1, 'ok',"
            " 'self_care', '2026.11.1')"
        )
    (kept,) = Store(sqlite_url(path)).owner().feedback()
    assert kept.comment == "ok" and kept.helpful and kept.created_at.tzinfo is not None
    assert kept.created_at == datetime(2026, 11, 28, 16, 40, 1, 123456, tzinfo=UTC)


def test_latest_is_a_page_of_the_newest_entries_newest_first(diary: OwnerStore) -> None:
    for day in range(5):
        diary.add(check_entry(entry(at=(WHEN + timedelta(days=day)).isoformat(), pops=day + 1)))
    latest = diary.latest(3)
    assert [e.pops for e in latest] == [5, 4, 3]
    assert diary.count() == 5


# --- crafted input: refused, naming the field, never a database error ---------------------------


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"pops": "²"}, "pops"),  # a digit to str.isdigit(), not to int()
        ({"pain": "³"}, "pain"),
        ({"pops": "\u0663"}, "pops"),  # an Arabic-Indic three
        ({"pops": "1" * 5000}, "pops"),  # more digits than int() reads
        ({"at": "0001-01-01T00:00+01:00"}, "at"),  # before year 1 in UTC
        ({"at": "9999-12-31T23:59-01:00"}, "at"),  # after year 9999 in UTC
        ({"at": "1800-01-01T00:00+00:00"}, "at"),
        ({"note": "before\x00after"}, "note"),
        ({"note": "a bell \x07"}, "note"),
    ],
)
def test_crafted_values_are_refused_naming_the_field(fields: dict[str, object], named: str) -> None:
    with pytest.raises(EntryError) as caught:
        check_entry(entry(**fields))
    assert [p.field for p in caught.value.problems] == [named]


def test_a_note_keeps_its_line_breaks_and_tabs() -> None:
    assert check_entry(entry(note="one\ttwo\r\nthree")).note == "one\ttwo\r\nthree"


@pytest.mark.parametrize("entry_id", [0, -1, 2**31, 2**63, -(2**63) - 1, 10**30])
def test_ids_out_of_the_columns_range_are_no_entry(diary: OwnerStore, entry_id: int) -> None:
    # PostgreSQL's integer ends at 2**31 - 1, SQLite's at 2**63 - 1: past either, no such entry
    assert diary.get(entry_id) is None
    assert diary.update(entry_id, check_entry(entry())) is None
    assert diary.delete(entry_id) is False


def test_feedback_with_a_nul_is_refused_naming_the_comment(diary: OwnerStore) -> None:
    with pytest.raises(EntryError) as caught:
        diary.add_feedback(True, "good\x00", "self_care", "1")
    assert [p.field for p in caught.value.problems] == ["comment"]
    assert diary.feedback() == []
