"""The diary commands, run as a person would, on a real SQLite file in a temporary folder."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import crepitus


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "CREPITUS_DATA_DIR": str(tmp_path / "data")}


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return crepitus(*args, stdin=stdin, env=env)


def fill(env: dict[str, str]) -> None:
    assert run(env, "log", "lumbar", "--pops", "3", "--pain", "2", "--trigger", "bending",
               "--trigger", "lifting", "--pain-at-pop", "--note", "after gym, sore",
               "--at", "2026-11-20T08:30+01:00").returncode == 0  # fmt: skip
    assert run(env, "log", "neck", "--at", "2026-11-21T19:00Z", "--sound", "crack").returncode == 0


def test_log_then_diary_shows_the_entries(env: dict[str, str]) -> None:
    fill(env)
    shown = run(env, "diary").stdout
    assert "lumbar" in shown and "cervical" in shown and "after gym" in shown


def test_a_bad_entry_is_refused_with_the_field_named(env: dict[str, str]) -> None:
    done = run(env, "log", "knee", "--pain", "12")
    assert done.returncode == 1
    assert "region:" in done.stderr and "pain: expected a whole number from 0 to 10" in done.stderr


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_round_trips_exactly(
    env: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    fill(env)
    exported = tmp_path / f"diary.{fmt}"
    assert run(env, "export", "--format", fmt, "--out", str(exported)).returncode == 0
    fresh = {**env, "CREPITUS_DATA_DIR": str(tmp_path / "fresh")}
    done = run(fresh, "import", str(exported))
    assert done.returncode == 0, done.stderr
    again = run(fresh, "export", "--format", fmt).stdout
    assert again == exported.read_text()


def test_an_import_with_bad_rows_imports_nothing_and_lists_them(
    env: dict[str, str], tmp_path: Path
) -> None:
    rows = [
        {"at": "2026-11-20T08:30+00:00", "region": "lumbar", "pops": 1, "pain": 0},
        {"at": "2026-11-20T08:30", "region": "lumbar", "pops": 1, "pain": 0},
        {"at": "2026-11-21T08:30+00:00", "region": "elbow", "pops": 1, "pain": 0},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "crepitus-diary", "version": 1, "entries": rows}))
    done = run(env, "import", str(path))
    assert done.returncode == 1
    assert "nothing was imported; 2 rows are invalid" in done.stderr
    assert "entry 2: at: needs a time zone" in done.stderr
    assert "entry 3: region" in done.stderr
    assert "Your diary is empty" in run(env, "diary").stdout


def test_a_csv_import_names_the_bad_line(env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "at,region,pops,pain,sound,triggers,pain_at_pop,swelling,stiffness,note\n"
        "2026-11-20T08:30:00+00:00,lumbar,1,0,,,False,False,False,\n"
        "2026-11-20T08:30:00+00:00,lumbar,1,99,,,False,False,False,\n"
    )
    done = run(env, "import", str(path))
    assert done.returncode == 1 and "line 3: pain" in done.stderr


def test_forget_all_needs_confirmation_and_then_deletes_everything(env: dict[str, str]) -> None:
    fill(env)
    refused = run(env, "forget", "--all")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert run(env, "forget", "--all", "--yes").stdout.strip() == "Deleted 2 records."
    assert "Your diary is empty" in run(env, "diary").stdout


def test_trends_show_a_sparkline_and_figures(env: dict[str, str]) -> None:
    fill(env)
    shown = run(env, "trends").stdout
    assert "Pops per week" in shown
    assert "█" in shown  # the busiest week of the sparkline
    assert "pops a week over the last 4 weeks." in shown and "±" not in shown  # plain words


def test_an_entry_in_the_future_is_refused(env: dict[str, str]) -> None:
    refused = run(env, "log", "lumbar", "--at", "2099-01-01T10:00+00:00")
    assert refused.returncode != 0 and "at: is in the future" in refused.stderr


def test_edit_and_delete_an_entry(env: dict[str, str]) -> None:
    fill(env)
    assert run(env, "edit", "1", "--pain", "6").returncode == 0
    exported = json.loads(run(env, "export").stdout)["entries"]
    assert exported[0]["pain"] == 6 and exported[0]["note"] == "after gym, sore"
    assert run(env, "delete", "1").returncode == 0
    assert run(env, "delete", "1").returncode == 1


def test_assess_with_the_diary_names_the_entries_used(env: dict[str, str], tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    rows = [
        {"at": (now - timedelta(days=d)).isoformat(), "region": "lumbar", "pops": 2, "pain": 3,
         "pain_at_pop": True}
        for d in range(25)
    ]  # fmt: skip
    path = tmp_path / "month.json"
    path.write_text(json.dumps({"format": "crepitus-diary", "version": 1, "entries": rows}))
    assert run(env, "import", str(path)).returncode == 0
    done = run(env, "assess", "--json", "--diary", "-", stdin=json.dumps({"age": 52}))
    body = json.loads(done.stdout)
    used = {f["field"]: f for f in body["diary"]}
    assert used["pop_frequency"]["value"] == "daily"
    assert len(used["pain_days"]["entries"]) == 25
    assert body["triage"] == "see_doctor"


FORMULAS = ['=HYPERLINK("http://x.example","open")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_a_csv_export_never_starts_a_cell_with_a_formula(
    env: dict[str, str], tmp_path: Path
) -> None:
    # a spreadsheet runs a cell that starts with = + - @ (or tab, CR) as a formula: each such
    # cell is written with a leading single quote, and an import takes the quote away again
    for note in [*FORMULAS, "'quoted already"]:
        assert run(env, "log", "neck", "--at", "2026-11-21T19:00Z", "--note", note).returncode == 0
    exported = tmp_path / "diary.csv"
    assert run(env, "export", "--format", "csv", "--out", str(exported)).returncode == 0
    with exported.open(newline="", encoding="utf-8") as source:
        cells = [cell for row in csv.reader(source) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert '\'=HYPERLINK("http://x.example","open")' in cells and "''quoted already" in cells
    fresh = {**env, "CREPITUS_DATA_DIR": str(tmp_path / "fresh")}
    assert run(fresh, "import", str(exported)).returncode == 0
    notes = {e["note"] for e in json.loads(run(fresh, "export").stdout)["entries"]}
    assert notes == {*FORMULAS, "'quoted already"}
