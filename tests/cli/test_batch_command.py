"""``crepitus batch`` through the real command: formats, executors, errors, stop and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import crepitus
from crepitus.batch.outputs import parts_folder
from crepitus.batch.run import Options, run
from crepitus.knowledge import knowledge
from tests.batch.helpers import (
    EXTENSIONS,
    generated,
    read_as_text,
    read_output,
    write_input,
    write_jsonl,
)
from tests.cases import BENIGN
from tests.cli.conftest import crepitus as crepitus_command
from tests.conftest import dev_vignettes

EXIT_STOPPED = 130


def batch(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return crepitus_command("batch", *(str(arg) for arg in args))


def start(*args: str | Path) -> subprocess.Popen[str]:
    """``crepitus batch`` running in its own session (its own process group), not waited for."""
    return subprocess.Popen(
        [sys.executable, "-m", "crepitus", "batch", *(str(arg) for arg in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_parts(process: subprocess.Popen[str], folder: Path, count: int) -> None:
    """Until ``count`` partitions are saved (failing if the run ends or stalls first)."""
    deadline = time.monotonic() + 120
    while len(list(folder.glob("part-*.arrow"))) < count:
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(f"the run ended (exit {process.returncode}) before {count} parts: {err}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"no {count} parts in {folder} in time")
        time.sleep(0.02)


# -- fidelity and formats ------------------------------------------------------------------------


def test_dev_vignettes_with_a_summary(tmp_path: Path) -> None:
    vignettes = dev_vignettes()
    source = write_jsonl(tmp_path / "dev<1>.jsonl", vignettes)
    output = tmp_path / "out.jsonl"
    done = batch(source, output, "--workers", "1", "--rows-per-part", "10", "--summary")
    assert done.returncode == 0, done.stderr
    assert f"Scored {len(vignettes)} rows in 4 partitions on in process" in done.stderr
    rows = read_output(output)
    assert [row["row"] for row in rows] == list(range(1, len(vignettes) + 1))
    assert [row["id"] for row in rows] == [v["id"] for v in vignettes]
    for row, vignette in zip(rows, vignettes, strict=True):
        assessment = crepitus.assess(vignette["case"])
        assert row["triage"] == assessment.triage == vignette["expect"]["triage"]
        top = assessment.conditions[:3]
        assert [row[f"condition_{n}"] for n in (1, 2, 3)][: len(top)] == [c.id for c in top]
        assert [row[f"condition_{n}_score"] for n in (1, 2, 3)][: len(top)] == [
            c.score for c in top
        ]
        assert row["red_flags"] == [r.id for r in assessment.red_flags]
        assert row["advice"] == [a.id for a in assessment.advice]
        assert row["knowledge_version"] == assessment.knowledge_version
        assert row["error"] is None

    # the summary on standard output: one line per level, with its count
    kb = knowledge()
    counts = Counter(row["triage"] for row in rows)
    out = done.stdout
    assert f"{len(vignettes)} rows" in out
    for title in ("Triage level", "Warning signs", "Most likely explanation"):
        assert title in out
    for level, spec in kb.levels.items():
        line = next(line for line in out.splitlines() if spec.label in line)  # its first table
        assert f" {counts[level]} " in line
    top = Counter(row["condition_1"] for row in rows).most_common(1)[0][0]
    assert kb.conditions[top].name[:30] in out
    flagged = Counter(flag for row in rows for flag in row["red_flags"])
    for flag in flagged:
        assert flag in out

    # and the page beside the output
    page = tmp_path / "out.summary.html"
    assert f"Summary with a chart: {page}" in done.stderr
    text = page.read_text(encoding="utf-8")
    assert "<svg" in text
    assert "dev&lt;1&gt;.jsonl" in text
    assert "dev<1>" not in text
    for level, spec in kb.levels.items():
        assert f"<tr><td>{spec.label}</td><td class=n>{counts[level]}</td>" in text
    assert not parts_folder(output).exists()


def test_csv_in_parquet_out_with_malformed_rows(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        'id,age,sex,pop_triggers,night_pain\n1,30,male,"bending;twisting",no\n'
        '2,abc,female,,yes\n3,40\n"4\nfour",55,other,"[""lifting""]",1\n'
    )
    output = tmp_path / "out.parquet"
    done = batch(source, output, "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "2 rows could not be scored" in done.stderr
    rows = read_output(output)
    assert [row["id"] for row in rows] == ["1", "2", None, "4\nfour"]
    assert rows[0]["error"] is None
    assert "age" in rows[1]["error"]
    assert "expected 5 cells" in rows[2]["error"]
    case = {"age": 55, "sex": "other", "pop_triggers": ["lifting"], "night_pain": True}
    assert rows[3]["triage"] == crepitus.assess(case).triage


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("blank.jsonl", b""),
        ("blank.csv", b""),
        ("header.csv", b"id,age,sex\r\n"),
        ("none.parquet", None),
    ],
)
def test_an_empty_input_gives_an_empty_output(tmp_path: Path, name: str, content: bytes) -> None:
    source = tmp_path / name
    if content is None:
        pq.write_table(pa.table({"age": pa.array([], pa.int64())}), source)
    else:
        source.write_bytes(content)
    out = {"blank.jsonl": "csv", "blank.csv": "jsonl", "header.csv": "parquet"}.get(name, "csv")
    output = tmp_path / f"out.{out}"
    done = batch(source, output)
    assert done.returncode == 0, done.stderr
    assert "Scored 0 rows in 0 partitions" in done.stderr
    assert read_output(output) == []
    if out == "csv":
        assert output.read_text().strip() == "row,id,triage,condition_1,condition_1_score," + (
            "condition_2,condition_2_score,condition_3,condition_3_score,red_flags,advice,"
            "knowledge_version,error"
        )
    assert not parts_folder(output).exists()


# -- executors give the same bytes ---------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    records: list[Any] = generated(300, seed=13)
    records[10] = {"id": "bad", "age": 300}
    return write_jsonl(tmp_path_factory.mktemp("mixed") / "in.jsonl", records)


EXECUTORS = {
    "in process": ("--workers", "1"),
    "processes": ("--workers", "2"),
    "dask": ("--scheduler", "local", "--workers", "2"),
}


@pytest.mark.slow
@pytest.mark.parametrize("out", EXTENSIONS)
def test_every_executor_writes_the_same_output(tmp_path: Path, mixed_input: Path, out: str) -> None:
    pytest.importorskip("distributed")
    outputs = {}
    for name, flags in EXECUTORS.items():
        output = tmp_path / f"{name.replace(' ', '-')}.{out}"
        done = batch(mixed_input, output, *flags, "--rows-per-part", "40")
        assert done.returncode == 0, done.stderr
        assert "in 8 partitions" in done.stderr
        outputs[name] = output
    first = outputs["in process"]
    for name, output in outputs.items():
        if out == "parquet":
            assert pq.read_table(output).equals(pq.read_table(first)), name
        else:
            assert output.read_bytes() == first.read_bytes(), name
    rows = read_as_text(first)
    assert [row["row"] for row in rows] == [str(n) for n in range(1, 301)]
    assert "age" in rows[10]["error"]


# -- refusals ------------------------------------------------------------------------------------


def test_an_unknown_extension_names_the_known_ones(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN])
    (tmp_path / "in.txt").write_text("{}\n")
    for args in ((tmp_path / "in.txt", tmp_path / "out.jsonl"), (source, tmp_path / "out.txt")):
        done = batch(*args)
        assert done.returncode == 1
        assert "must end in one of: .jsonl, .ndjson, .csv, .parquet" in done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "in.txt"]


def test_a_missing_input_and_an_output_over_the_input_are_refused(tmp_path: Path) -> None:
    done = batch(tmp_path / "missing.jsonl", tmp_path / "out.jsonl")
    assert done.returncode == 1
    assert "there is no input file" in done.stderr
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN])
    done = batch(source, source)
    assert done.returncode == 1
    assert "the output must be another file than the input" in done.stderr
    assert source.read_bytes() == orjson.dumps(BENIGN) + b"\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.slow
def test_an_unreachable_scheduler_is_named(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN])
    started = time.monotonic()
    done = batch(source, tmp_path / "out.jsonl", "--scheduler", "tcp://127.0.0.1:1")
    assert time.monotonic() - started < 50
    assert done.returncode == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.jsonl").exists()


def test_resuming_after_the_input_changed_names_what_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crepitus.batch import run as run_module
    from crepitus.batch.executors import InProcess
    from crepitus.batch.run import StoppedError
    from crepitus.batch.score import Part

    class StopsAtTheSecond(InProcess):
        def submit(self, part: Part) -> Any:
            if part.index == 1:
                raise KeyboardInterrupt
            return super().submit(part)

    source = write_jsonl(tmp_path / "in.jsonl", generated(20, seed=4))
    output = tmp_path / "out.csv"
    monkeypatch.setattr(run_module, "executor", lambda *args, **kwargs: StopsAtTheSecond())
    with pytest.raises(StoppedError):
        run(source, output, Options(workers=1, rows_per_part=10, progress=False))
    monkeypatch.undo()

    with source.open("ab") as handle:
        handle.write(orjson.dumps(BENIGN) + b"\n")
    done = batch(source, output, "--rows-per-part", "10", "--resume")
    assert done.returncode == 1
    assert "cannot resume: input size, input modified differ" in done.stderr
    done = batch(source, output, "--rows-per-part", "10")
    assert done.returncode == 1
    assert "--resume" in done.stderr
    assert not output.exists()


# -- crash, Ctrl-C and resume --------------------------------------------------------------------

BIG_ROWS = 30_000
BIG_PART = "1500"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A long input, and what a clean run makes of it."""
    folder = tmp_path_factory.mktemp("big")
    cases = generated(1000, seed=17)
    source = folder / "in.jsonl"
    with source.open("wb") as out:
        for n in range(BIG_ROWS):
            case = cases[n % len(cases)]
            out.write(orjson.dumps({**case, "id": f"r{n + 1}"}) + b"\n")
    clean = folder / "clean.jsonl"
    run(source, clean, Options(workers=1, rows_per_part=int(BIG_PART), progress=False))
    return source, clean


@pytest.mark.slow
def test_a_killed_run_leaves_no_output_and_resumes(tmp_path: Path, big: tuple[Path, Path]) -> None:
    source, clean = big
    output = tmp_path / "out.jsonl"
    folder = parts_folder(output)
    args = (source, output, "--workers", "1", "--rows-per-part", BIG_PART)
    process = start(*args)
    try:
        wait_for_parts(process, folder, 3)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert not output.exists()
    assert not (tmp_path / ".out.jsonl.writing").exists()
    saved = len(list(folder.glob("part-*.arrow")))
    assert 3 <= saved < 20

    again = batch(*args)
    assert again.returncode == 1
    assert "--resume" in again.stderr
    assert not output.exists()

    resumed = batch(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"Scored {BIG_ROWS:,} rows in 20 partitions (" in resumed.stderr
    assert "finished earlier" in resumed.stderr
    assert output.read_bytes() == clean.read_bytes()
    assert not folder.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_resume_finishes(tmp_path: Path, big: tuple[Path, Path]) -> None:
    source, clean = big
    output = tmp_path / "out.parquet"
    folder = parts_folder(output)
    args = (source, output, "--workers", "2", "--rows-per-part", BIG_PART)
    process = start(*args)
    try:
        wait_for_parts(process, folder, 1)
        # Freeze the whole run, see that it is mid-way, and only then press Ctrl-C: the signal
        # waits while the group is stopped and is handled as soon as it runs again, so a busy
        # machine cannot let the run finish first.
        os.killpg(process.pid, signal.SIGSTOP)
        try:
            saved = len(list(folder.glob("part-*.arrow")))
            assert not output.exists() and saved < BIG_ROWS // int(BIG_PART), "not mid-way"
            os.killpg(process.pid, signal.SIGINT)  # as a terminal sends Ctrl-C to the group
        finally:
            os.killpg(process.pid, signal.SIGCONT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == EXIT_STOPPED, err
    assert "stopped:" in err
    assert "--resume" in err
    assert "Traceback" not in err
    assert not output.exists()
    assert list(folder.glob("*.tmp")) == []

    resumed = batch(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "finished earlier" in resumed.stderr
    assert read_output(output) == read_output(clean)
    assert not folder.exists()


def test_parts_of_a_finished_run_are_gone(tmp_path: Path) -> None:
    source = write_input(tmp_path / "in.parquet", generated(12, seed=2))
    output = tmp_path / "out.csv"
    done = batch(source, output, "--rows-per-part", "5", "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert "in 3 partitions" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet", "out.csv"]
