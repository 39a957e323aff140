"""Shared helpers for the batch tests: writing inputs in each format, reading outputs back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from bench.cases import generate
from crepitus.batch.score import OUTPUT_SCHEMA
from crepitus.contract.fields import case_fields

EXTENSIONS = ("jsonl", "csv", "parquet")


def generated(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """``count`` plausible cases, each with an ``id`` ("g1", "g2", ...)."""
    return [{"id": f"g{n}", **case} for n, case in enumerate(generate(count, seed=seed), start=1)]


def write_jsonl(path: Path, records: Iterable[Any]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(record) + b"\n" for record in records))
    return path


def csv_cell(value: Any, *, json_lists: bool = False) -> str:
    """A case value as a CSV cell: lists as "a;b" (or a JSON array), booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if json_lists or not value:  # an empty list ("none of these") is not an empty cell
            return json.dumps(value)
        return ";".join(value)
    return str(value)


def csv_columns(records: Sequence[dict[str, Any]]) -> list[str]:
    """``id`` first, then every case field any record holds, in the contract's order."""
    present = {key for record in records for key in record}
    ordered = [name for name in case_fields() if name in present]
    return (["id"] if "id" in present else []) + ordered


def write_csv(path: Path, records: Sequence[dict[str, Any]], *, json_lists: bool = False) -> Path:
    columns = csv_columns(records)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(columns)
        for record in records:
            writer.writerow([csv_cell(record.get(c), json_lists=json_lists) for c in columns])
    return path


def arrow_type(name: str) -> pa.DataType:
    if name == "id":
        return pa.string()
    kind = case_fields()[name].kind
    return {
        "integer": pa.int64(),
        "boolean": pa.bool_(),
        "enum": pa.string(),
        "set": pa.list_(pa.string()),
    }[kind]


def write_parquet(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    """Columns typed from the contract; an absent answer is a null."""
    columns = csv_columns(records) or ["age"]
    schema = pa.schema([pa.field(name, arrow_type(name)) for name in columns])
    data = {name: [record.get(name) for record in records] for name in columns}
    pq.write_table(pa.Table.from_pydict(data, schema=schema), path)
    return path


def write_input(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    """``records`` (plain cases, with ids) in the format ``path``'s extension names."""
    if path.suffix == ".csv":
        return write_csv(path, records)
    if path.suffix == ".parquet":
        return write_parquet(path, records)
    return write_jsonl(path, records)


def as_text(value: Any) -> str:
    """One cell as CSV output shows it, so rows from every format compare equal."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def read_output(path: Path) -> list[dict[str, Any]]:
    """An output file's rows as Python values (CSV cells stay strings)."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        assert table.schema.equals(OUTPUT_SCHEMA), table.schema
        rows: list[dict[str, Any]] = table.to_pylist()
        return rows
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == OUTPUT_SCHEMA.names
            return list(reader)
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def read_as_text(path: Path) -> list[dict[str, str]]:
    """An output file's rows with every cell as CSV text: comparable across formats."""
    return [{k: as_text(v) for k, v in row.items()} for row in read_output(path)]


def csv_text(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
