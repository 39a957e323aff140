"""The driver: every format in and out, malformed rows kept, empty inputs, stop and resume."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import crepitus
from crepitus.batch import OUTPUT_SCHEMA, Part
from crepitus.batch import run as run_module
from crepitus.batch.executors import Executor, InProcess
from crepitus.batch.outputs import parts_folder
from crepitus.batch.run import Options, Report, StoppedError, run
from crepitus.errors import CrepitusError
from tests.batch.helpers import (
    EXTENSIONS,
    generated,
    read_as_text,
    read_output,
    write_csv,
    write_input,
    write_jsonl,
)
from tests.cases import BENIGN, STRAIN
from tests.conftest import dev_vignettes


def score(source: Path, output: Path, rows_per_part: int = 10, **options: Any) -> Report:
    return run(
        source, output, Options(workers=1, rows_per_part=rows_per_part, progress=False, **options)
    )


def leftovers(output: Path) -> list[str]:
    """Anything a run leaves beside its output but the output itself (and its input)."""
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}"))


def mixed_records() -> list[dict[str, Any]]:
    """Generated cases with ids, and a few that are not valid in a way every format can say."""
    records = generated(57, seed=3)
    records[4] = {"id": "bad-sex", **BENIGN, "sex": "robot"}
    records[20] = {"id": "no-age", **{k: v for k, v in STRAIN.items() if k != "age"}}
    records[33] = {"id": "none-of-these", **BENIGN, "pop_triggers": []}
    return records


# -- fidelity ------------------------------------------------------------------------------------


@pytest.mark.parametrize("out", EXTENSIONS)
def test_dev_vignettes_in_every_output_format(tmp_path: Path, out: str) -> None:
    vignettes = dev_vignettes()
    source = write_jsonl(tmp_path / "dev.jsonl", vignettes)
    output = tmp_path / f"results.{out}"
    report = score(source, output, rows_per_part=7)
    assert report.partitions == -(-len(vignettes) // 7)
    assert report.summary.rows == len(vignettes)
    assert report.summary.errors == 0
    rows = read_as_text(output)
    assert len(rows) == len(vignettes)
    for position, (row, vignette) in enumerate(zip(rows, vignettes, strict=True), start=1):
        assessment = crepitus.assess(vignette["case"])
        assert row["row"] == str(position)
        assert row["id"] == vignette["id"]
        assert row["triage"] == assessment.triage == vignette["expect"]["triage"]
        for n in range(3):
            known = n < len(assessment.conditions)
            condition = assessment.conditions[n] if known else None
            assert row[f"condition_{n + 1}"] == (condition.id if condition else "")
            assert row[f"condition_{n + 1}_score"] == (str(condition.score) if condition else "")
        assert row["red_flags"] == ";".join(r.id for r in assessment.red_flags)
        assert row["advice"] == ";".join(a.id for a in assessment.advice)
        assert row["knowledge_version"] == assessment.knowledge_version
        assert row["error"] == ""
    assert not parts_folder(output).exists()
    assert leftovers(output) == []


def test_typed_outputs_keep_types(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN, {"age": "x"}])
    for out in ("jsonl", "parquet"):
        output = tmp_path / f"o.{out}"
        score(source, output)
        rows = read_output(output)
        assert rows[0]["row"] == 1
        assert isinstance(rows[0]["condition_1_score"], float)
        assert isinstance(rows[0]["advice"], list)
        assert rows[1]["advice"] is None
        assert rows[1]["red_flags"] is None


# -- formats -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    folder = tmp_path_factory.mktemp("reference")
    source = write_jsonl(folder / "in.jsonl", mixed_records())
    score(source, folder / "out.jsonl", rows_per_part=1000)
    return read_as_text(folder / "out.jsonl")


def test_the_reference_rows_look_right(reference: list[dict[str, str]]) -> None:
    records = mixed_records()
    assert [row["id"] for row in reference] == [r["id"] for r in records]
    assert [row["row"] for row in reference] == [str(n) for n in range(1, len(records) + 1)]
    assert "sex" in reference[4]["error"]
    assert "age: required" in reference[20]["error"]
    assert sum(1 for row in reference if row["error"]) == 2


@pytest.mark.parametrize("out", EXTENSIONS)
@pytest.mark.parametrize("into", EXTENSIONS)
def test_every_input_format_gives_the_same_rows_in_every_output_format(
    tmp_path: Path, into: str, out: str, reference: list[dict[str, str]]
) -> None:
    source = write_input(tmp_path / f"in.{into}", mixed_records())
    output = tmp_path / f"out.{out}"
    report = score(source, output, rows_per_part=10)
    assert report.partitions == 6
    assert read_as_text(output) == reference


def test_csv_lists_as_json_arrays_give_the_same_rows(
    tmp_path: Path, reference: list[dict[str, str]]
) -> None:
    source = write_csv(tmp_path / "in.csv", mixed_records(), json_lists=True)
    score(source, tmp_path / "out.jsonl")
    assert read_as_text(tmp_path / "out.jsonl") == reference


def test_csv_quoted_cells_with_newlines_and_commas_keep_records_apart(tmp_path: Path) -> None:
    ids = ["one", "a, b", "line\nbreak", 'say "hi",\r\nthen go', "", "last,"]
    records = [{"id": i, **(STRAIN if n % 2 else BENIGN)} for n, i in enumerate(ids)]
    source = write_csv(tmp_path / "in.csv", records)
    for out in EXTENSIONS:
        output = tmp_path / f"out.{out}"
        score(source, output, rows_per_part=2)
        rows = read_as_text(output)
        assert [row["id"] for row in rows] == ids
        assert [row["row"] for row in rows] == ["1", "2", "3", "4", "5", "6"]
        assert all(row["error"] == "" for row in rows)
        expected = [crepitus.assess(STRAIN if n % 2 else BENIGN).triage for n in range(6)]
        assert [row["triage"] for row in rows] == expected


def test_wrappers_and_fhir_responses_in_a_file_score_like_plain_cases(tmp_path: Path) -> None:
    from crepitus.interop.fhir.response import case_to_response

    plain = score_one(tmp_path, STRAIN)
    wrapped = score_one(tmp_path, {"id": "w", "case": STRAIN})
    response = score_one(tmp_path, case_to_response(STRAIN, subject="Patient/7"))
    for row in (wrapped, response):
        assert {k: v for k, v in row.items() if k != "id"} == {
            k: v for k, v in plain.items() if k != "id"
        }
    assert wrapped["id"] == "w"


def score_one(tmp_path: Path, record: dict[str, Any]) -> dict[str, Any]:
    source = write_jsonl(tmp_path / "one.jsonl", [record])
    output = tmp_path / "one.out.jsonl"
    score(source, output)
    (row,) = read_output(output)
    return row


# -- malformed rows ------------------------------------------------------------------------------


def test_malformed_jsonl_rows_are_kept_and_blank_lines_are_not_rows(tmp_path: Path) -> None:
    good = orjson.dumps(BENIGN)
    lines = [
        good,
        b"",
        b'{"age": 30,',
        b"[1, 2, 3]",
        b"   ",
        b'{"id": "f", "age": 30, "fever": "often"}',
        b'{"id": "u", "age": 30, "colour": "blue"}',
        b'{"id": "m", "sex": "male"}',
        good,
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n\n")
    output = tmp_path / "out.jsonl"
    report = score(source, output, rows_per_part=2)
    rows = read_output(output)
    assert len(rows) == 7  # the records, not the blank lines
    assert [row["row"] for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert [row["id"] for row in rows] == [None, None, None, "f", "u", "m", None]
    errors = [row["error"] for row in rows]
    assert errors[0] is None
    assert errors[6] is None
    assert "not valid JSON" in errors[1]
    assert "JSON object" in errors[2]
    assert "fever" in errors[3]
    assert "colour: unknown field" in errors[4]
    assert "age: required" in errors[5]
    assert all(row["triage"] is None for row in rows[1:6])
    assert report.summary.errors == 5
    assert report.summary.rows == 7


def test_a_csv_row_with_the_wrong_number_of_cells_is_kept(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,age,sex\na,30,male\nb,31\nc,32,female,x\nd,33,other\n")
    output = tmp_path / "out.csv"
    score(source, output, rows_per_part=3)
    rows = read_as_text(output)
    assert [row["row"] for row in rows] == ["1", "2", "3", "4"]
    assert [row["id"] for row in rows] == ["a", "", "", "d"]
    assert "expected 3 cells" in rows[1]["error"]
    assert "got 2" in rows[1]["error"]
    assert "got 4" in rows[2]["error"]
    assert rows[0]["triage"]
    assert rows[3]["triage"]


def test_a_stray_quote_in_a_csv_cell_does_not_stop_the_run(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text('age,sex\n30,ma"le\n40,female\n')
    score(source, tmp_path / "out.csv")
    assert len(read_output(tmp_path / "out.csv")) >= 1


def test_a_carriage_return_inside_a_json_record_does_not_stop_the_run(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"age": 30,\r "sex": "male"}\n{"age": 40}\n')
    score(source, tmp_path / "out.jsonl")
    assert len(read_output(tmp_path / "out.jsonl")) == 2


# -- empty inputs --------------------------------------------------------------------------------


def empty_inputs(folder: Path) -> list[Path]:
    blank_csv = folder / "blank.csv"
    blank_csv.write_bytes(b"")
    header_only = folder / "header.csv"
    header_only.write_text("id,age,sex\n")
    blank_jsonl = folder / "blank.jsonl"
    blank_jsonl.write_bytes(b"")
    blank_lines = folder / "lines.jsonl"
    blank_lines.write_bytes(b"\n\n  \n")
    no_rows = folder / "none.parquet"
    pq.write_table(pa.table({"age": pa.array([], pa.int64())}), no_rows)
    return [blank_csv, header_only, blank_jsonl, blank_lines, no_rows]


@pytest.mark.parametrize("out", EXTENSIONS)
def test_an_empty_input_gives_an_empty_output(tmp_path: Path, out: str) -> None:
    for source in empty_inputs(tmp_path):
        output = tmp_path / f"{source.stem}.out.{out}"
        report = score(source, output)
        assert report.partitions == 0
        assert report.summary.rows == 0
        if out == "csv":
            assert output.read_bytes() == ",".join(OUTPUT_SCHEMA.names).encode() + b"\r\n"
        elif out == "parquet":
            table = pq.read_table(output)
            assert table.num_rows == 0
            assert table.schema.equals(OUTPUT_SCHEMA)
        else:
            assert output.read_bytes() == b""
        assert not parts_folder(output).exists()


# -- refusals ------------------------------------------------------------------------------------


def test_refusals_before_anything_is_written(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN])
    link = tmp_path / "link.jsonl"
    link.symlink_to(source)
    cases = [
        (tmp_path / "in.txt", tmp_path / "out.jsonl", ".jsonl, .ndjson, .csv, .parquet"),
        (source, tmp_path / "out.json", "output"),
        (tmp_path / "missing.jsonl", tmp_path / "out.jsonl", "no input file"),
        (source, source, "another file than the input"),
        (source, link, "another file than the input"),
    ]
    for src, out, message in cases:
        with pytest.raises(CrepitusError, match=message.replace(".", r"\.")):
            score(src, out)
        assert not parts_folder(out).exists()
    with pytest.raises(CrepitusError, match="at least 1"):
        score(source, tmp_path / "out.jsonl", rows_per_part=0)
    assert source.read_bytes() == orjson.dumps(BENIGN) + b"\n"


def test_an_existing_output_is_replaced(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN])
    output = tmp_path / "out.jsonl"
    output.write_text("old\n" * 100)
    score(source, output)
    assert len(read_output(output)) == 1


def test_an_input_that_is_not_parquet_is_named(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    source.write_text("not parquet")
    with pytest.raises(CrepitusError, match="not a Parquet file"):
        score(source, tmp_path / "out.jsonl")


def test_a_run_whose_executor_cannot_start_leaves_no_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable(workers: int, scheduler: str | None, dashboard: bool = False) -> Executor:
        raise CrepitusError("cannot reach the Dask scheduler")

    monkeypatch.setattr(run_module, "executor", unreachable)
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN])
    with pytest.raises(CrepitusError):
        score(source, tmp_path / "out.jsonl")
    assert not parts_folder(tmp_path / "out.jsonl").exists()


# -- stop and resume -----------------------------------------------------------------------------


class StopsAt(InProcess):
    """Scores in process until partition ``index``, where Ctrl-C arrives."""

    def __init__(self, index: int) -> None:
        self.index = index

    def submit(self, part: Part) -> Any:
        if part.index == self.index:
            raise KeyboardInterrupt
        return super().submit(part)


def stop_at(monkeypatch: pytest.MonkeyPatch, index: int) -> None:
    def make(workers: int, scheduler: str | None, dashboard: bool = False) -> Executor:
        return StopsAt(index)

    monkeypatch.setattr(run_module, "executor", make)


def test_a_stopped_run_resumes_from_its_saved_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = generated(95, seed=5)
    source = write_jsonl(tmp_path / "in.jsonl", records)
    clean = tmp_path / "clean.csv"
    score(source, clean)

    output = tmp_path / "out.csv"
    stop_at(monkeypatch, 4)
    with pytest.raises(StoppedError) as stopped:
        score(source, output)
    assert stopped.value.saved == 4
    assert "--resume" in str(stopped.value)
    folder = parts_folder(output)
    assert sorted(p.name for p in folder.iterdir()) == [
        "manifest.json",
        *(f"part-{n:07d}.arrow" for n in range(4)),
    ]
    assert not output.exists()
    assert leftovers(output) == []
    monkeypatch.undo()

    with pytest.raises(CrepitusError, match="--resume"):
        score(source, output)
    with pytest.raises(CrepitusError, match="rows per part"):
        score(source, output, rows_per_part=11, resume=True)

    report = score(source, output, resume=True)
    assert report.skipped == 4
    assert report.partitions == 10
    assert report.summary.rows == 95  # counted over every part, the earlier ones too
    assert output.read_bytes() == clean.read_bytes()
    assert not folder.exists()
    assert leftovers(output) == []


def test_resuming_after_the_input_changed_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", generated(30, seed=6))
    output = tmp_path / "out.parquet"
    stop_at(monkeypatch, 1)
    with pytest.raises(StoppedError):
        score(source, output)
    monkeypatch.undo()
    with source.open("ab") as handle:
        handle.write(orjson.dumps(BENIGN) + b"\n")
    with pytest.raises(CrepitusError, match="input size") as error:
        score(source, output, resume=True)
    assert "delete the folder" in str(error.value)
    assert parts_folder(output).exists()
    assert not output.exists()


def test_resume_without_an_unfinished_run_is_an_ordinary_run(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [BENIGN, STRAIN])
    report = score(source, tmp_path / "out.jsonl", resume=True)
    assert report.skipped == 0
    assert len(read_output(tmp_path / "out.jsonl")) == 2


def test_the_summary_counts_the_output(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [*mixed_records(), [1]])
    output = tmp_path / "out.parquet"
    summary = score(source, output).summary
    rows = read_output(output)
    assert summary.rows == len(rows)
    assert summary.errors == sum(1 for row in rows if row["error"])
    assert summary.triage == Counter(row["triage"] for row in rows if row["triage"])
    assert summary.top_condition == Counter(row["condition_1"] for row in rows if row["triage"])
    flags = Counter(flag for row in rows for flag in row["red_flags"] or [])
    assert summary.red_flags == flags
