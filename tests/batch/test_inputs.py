"""Cutting inputs into partitions: whole records, blank lines dropped, streaming, reproducible."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator
from pathlib import Path, PosixPath
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crepitus.batch import inputs
from crepitus.batch.score import Part
from crepitus.errors import CrepitusError
from tests.batch.helpers import generated, write_csv, write_jsonl, write_parquet
from tests.cases import BENIGN


def cut(path: Path, rows_per_part: int) -> list[Part]:
    return [part for part, _ in inputs.parts(path, rows_per_part)]


def check_sequence(parts: list[Part], total: int, rows_per_part: int) -> None:
    """Indexes 0, 1, ...; first rows follow on; every part full but the last."""
    assert [p.index for p in parts] == list(range(len(parts)))
    assert sum(p.rows for p in parts) == total
    first = 1
    for part in parts:
        assert part.first_row == first
        first += part.rows
    assert all(p.rows == rows_per_part for p in parts[:-1])
    assert 0 < parts[-1].rows <= rows_per_part


@pytest.mark.parametrize("name", ["a.jsonl", "a.ndjson", "a.csv", "a.parquet", "A.JSONL"])
def test_known_extensions(name: str) -> None:
    assert inputs.kind_of(Path(name), "input") in {"jsonl", "csv", "arrow"}


@pytest.mark.parametrize("name", ["a.txt", "a.json", "a", "a.jsonl.gz", "a.xlsx"])
def test_other_extensions_are_refused_naming_the_known_ones(name: str) -> None:
    with pytest.raises(CrepitusError) as error:
        inputs.kind_of(Path(name), "output")
    message = str(error.value)
    assert "output" in message
    for known in (".jsonl", ".ndjson", ".csv", ".parquet"):
        assert known in message


def test_jsonl_is_cut_into_whole_lines_without_blank_ones(tmp_path: Path) -> None:
    lines = [orjson.dumps({"id": n, **BENIGN}) for n in range(1, 11)]
    text = b"\n".join(lines[:3]) + b"\n\n   \n" + b"\r\n".join(lines[3:]) + b"\r\n\n"
    path = tmp_path / "in.jsonl"
    path.write_bytes(text)
    parts = cut(path, 4)
    check_sequence(parts, 10, 4)
    assert all(p.kind == "jsonl" for p in parts)
    got = [line for p in parts for line in p.payload.split(b"\n")]
    assert got == lines  # no blank lines, no carriage returns
    assert sum(weight for _, weight in inputs.parts(path, 4)) <= path.stat().st_size


def test_csv_parts_each_carry_the_header_and_whole_records(tmp_path: Path) -> None:
    records = [
        {"id": "plain", **BENIGN},
        {"id": "a,comma", **BENIGN},
        {"id": "two\nlines, and a comma", **BENIGN},
        {"id": 'a "quoted"\nword', **BENIGN},
        {"id": "\n\n", **BENIGN},
        {"id": "last", **BENIGN},
    ]
    path = write_csv(tmp_path / "in.csv", records)  # csv.writer: CRLF line ends
    parts = cut(path, 2)
    check_sequence(parts, 6, 2)
    header = path.read_bytes().split(b"\r\n", 1)[0]
    ids = []
    for part in parts:
        assert isinstance(part.payload, bytes)
        assert part.payload.startswith(header + b"\n")
        rows = list(csv.DictReader(io.StringIO(part.payload.decode(), newline="")))
        assert len(rows) == part.rows
        ids += [row["id"] for row in rows]
    assert ids == [r["id"] for r in records]


def test_csv_blank_lines_between_records_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("age,sex\n\n30,male\n\n\n31,female\n   \n32,other\n\n")
    parts = cut(path, 10)
    assert len(parts) == 1
    assert parts[0].rows == 3
    assert parts[0].payload == b"age,sex\n30,male\n31,female\n32,other"


def test_a_csv_header_with_an_unclosed_quote_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('age,"sex\n30,male\n')
    with pytest.raises(CrepitusError, match="unclosed quote"):
        cut(path, 10)


@pytest.mark.parametrize("text", ["", "\n", "age,sex\n", "age,sex"])
def test_empty_text_inputs_have_no_parts(tmp_path: Path, text: str) -> None:
    for name in ("in.csv", "in.jsonl"):
        path = tmp_path / name
        path.write_text(text if name.endswith("csv") else text.replace("age,sex", ""))
        assert cut(path, 10) == []


def test_parquet_is_read_batch_by_batch(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "in.parquet", generated(25))
    parts = cut(path, 10)
    check_sequence(parts, 25, 10)
    assert all(isinstance(p.payload, pa.RecordBatch) for p in parts)
    assert inputs.size_of(path) == 25


def test_a_parquet_of_no_rows_has_no_parts(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"age": pa.array([], pa.int64())}), path)
    assert cut(path, 10) == []


def test_a_file_that_is_not_parquet_is_named(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    path.write_text("not parquet")
    with pytest.raises(CrepitusError, match="not a Parquet file"):
        cut(path, 10)


def test_the_cut_is_the_same_every_time(tmp_path: Path) -> None:
    records = generated(30)
    for path in (
        write_jsonl(tmp_path / "in.jsonl", records),
        write_csv(tmp_path / "in.csv", records),
    ):
        assert cut(path, 7) == cut(path, 7)


class SpyPath(PosixPath):
    """A path that keeps the handles it opens, to see how far they have read."""

    handles: list[Any] = []  # noqa: RUF012 - shared on purpose

    def open(self, *args: Any, **kwargs: Any) -> Any:
        handle = super().open(*args, **kwargs)
        SpyPath.handles.append(handle)
        return handle


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_the_first_part_comes_before_the_whole_file_is_read(tmp_path: Path, suffix: str) -> None:
    records = [{"id": n, **BENIGN} for n in range(3000)]
    path = tmp_path / f"in{suffix}"
    (write_jsonl if suffix == ".jsonl" else write_csv)(path, records)
    size = path.stat().st_size
    SpyPath.handles = []
    parts = inputs.parts(SpyPath(path), 10)
    assert isinstance(parts, Generator)
    first, _ = next(parts)
    assert first.rows == 10
    (handle,) = SpyPath.handles
    assert handle.tell() < size // 10  # read a little past the first part, no further
    parts.close()
    assert handle.closed
