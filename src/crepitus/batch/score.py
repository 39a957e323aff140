"""The partition function: a whole batch of stored answers in, one Arrow batch of results out.

Every executor runs this same function, once per partition (never once per row): in process,
on local worker processes, on a Dask cluster, or inside Spark's ``mapInArrow``. It is pure: the
same partition gives the same rows, whoever runs it.

A partition arrives in the form its input has: JSON Lines as raw bytes, CSV as raw bytes (with
the header), or an Arrow record batch (from Parquet, or from Spark). Parsing happens here, in the
worker, so the process that reads the input only cuts it into pieces.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import orjson
import pyarrow as pa

from crepitus.contract.case import validate_case
from crepitus.contract.fields import case_fields
from crepitus.engine.assess import engine
from crepitus.errors import CrepitusError

TOP = 3  # conditions kept per row
ID = "id"  # the column (or key) that names a row; the row's position is kept as well
LIST_SEPARATOR = ";"  # list fields in CSV: "bending;twisting"

OUTPUT_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("id", pa.string()),
        pa.field("triage", pa.string()),
        *(
            field
            for n in range(1, TOP + 1)
            for field in (
                pa.field(f"condition_{n}", pa.string()),
                pa.field(f"condition_{n}_score", pa.float64()),
            )
        ),
        pa.field("red_flags", pa.list_(pa.string())),
        pa.field("advice", pa.list_(pa.string())),
        pa.field("knowledge_version", pa.string()),
        pa.field("error", pa.string()),
    ]
)
"""One output row per input row, in input order. ``row`` is the 1-based position of the record
in the input; ``id`` the input's own id, when it has one; ``error`` names what is wrong with a
row that is not a valid case (its other results are then empty)."""

Kind = Literal["jsonl", "csv", "arrow"]


class Unreadable(str):
    """A row that could not be read as a record (the text says why), in place of its case."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Part:
    """One partition of the input: where it starts, and its rows in the input's own form."""

    index: int
    first_row: int  # the 1-based position of its first record in the whole input
    kind: Kind
    payload: bytes | pa.RecordBatch
    rows: int


def score_rows(rows: Iterable[tuple[int, str | None, Any]]) -> pa.RecordBatch:
    """Score (position, id, case) rows; an ``Unreadable`` case says why its row was not read.

    The rows are assessed in one loop, then the columns are built one at a time: plain lists
    and comprehensions, turned into Arrow once, cost far less per row than anything else tried.
    """
    collecting = gc.isenabled()
    gc.disable()  # nothing here makes a cycle, and the collector would rescan the columns
    try:
        return _columns(rows)
    finally:
        if collecting:
            gc.enable()


def _columns(rows: Iterable[tuple[int, str | None, Any]]) -> pa.RecordBatch:
    """The loop of ``score_rows``: each result is read into the columns at once and dropped.

    Keeping the partition's results until the end instead made a row cost half as much again:
    fresh memory for every result, where a dropped one's is reused while still in the cache.
    """
    assess = engine().assess
    version = engine().kb.version
    names = [f"condition_{n + 1}" for n in range(TOP)]
    columns: dict[str, list[Any]] = {name: [] for name in OUTPUT_SCHEMA.names}
    positions, ids, triage = columns["row"].append, columns["id"].append, columns["triage"].append
    flags, advice, errors = (
        columns["red_flags"].append,
        columns["advice"].append,
        columns["error"].append,
    )
    top = [(columns[name].append, columns[name + "_score"].append) for name in names]
    for row, row_id, case in rows:
        positions(row)
        ids(row_id)
        try:
            if isinstance(case, Unreadable):
                raise CrepitusError(case)
            result = assess(validate_case(case))
        except CrepitusError as exc:
            triage(None)
            for add_id, add_score in top:
                add_id(None)
                add_score(None)
            flags(None)
            advice(None)
            errors(str(exc))
            continue
        triage(result.triage)
        conditions = result.conditions
        for n, (add_id, add_score) in enumerate(top):
            if n < len(conditions):
                add_id(conditions[n].id)
                add_score(conditions[n].score)
            else:
                add_id(None)
                add_score(None)
        flags([rule.id for rule in result.red_flags])
        advice([item.id for item in result.advice])
        errors(None)
    # an invalid row keeps the version too: which rules found it wanting
    columns["knowledge_version"] = [version] * len(columns["row"])
    return pa.RecordBatch.from_pydict(columns, schema=OUTPUT_SCHEMA)


@cache
def _ready() -> None:
    """Once per process: compile the engine, then keep it (it lives as long as the worker) out
    of the collector's passes; not on every partition, where it would also freeze whatever the
    caller happens to hold."""
    engine()
    gc.freeze()


def score_partition(part: Part) -> pa.RecordBatch:
    """The partition function every executor runs: one partition in, its scored rows out."""
    _ready()
    if part.kind == "jsonl":
        assert isinstance(part.payload, bytes)
        rows: Iterable[tuple[int, str | None, Any]] = _jsonl_rows(part.payload, part.first_row)
    elif part.kind == "csv":
        assert isinstance(part.payload, bytes)
        rows = _csv_rows(part.payload, part.first_row)
    else:
        assert isinstance(part.payload, pa.RecordBatch)
        rows = _arrow_rows(part.payload, part.first_row)
    return score_rows(rows)


def score_arrow(batch: pa.RecordBatch, first_row: int = 1) -> pa.RecordBatch:
    """Score an Arrow record batch whose columns are case fields (and ``id``).

    This is the function to hand to Spark: ``df.mapInArrow(lambda batches: (score_arrow(b)
    for b in batches), OUTPUT_SCHEMA)`` (positions then count from 1 in each batch).
    """
    return score_partition(Part(0, first_row, "arrow", batch, batch.num_rows))


# -- reading one partition's rows ----------------------------------------------------------------


def unwrap(record: Any) -> tuple[str | None, Any]:
    """The row id and the case of one input record.

    A record is a case (with an optional ``id``), a labelled case ``{"id": ..., "case": {...}}``
    (the vignettes' form), or a FHIR QuestionnaireResponse to our Questionnaire.
    """
    if not isinstance(record, dict):
        return None, record  # validate_case names the problem
    row_id = record.get(ID)
    row_id = None if row_id is None else str(row_id)
    if isinstance(record.get("case"), dict):
        return row_id, record["case"]
    if record.get("resourceType") == "QuestionnaireResponse":
        from crepitus.interop.fhir.response import response_to_case

        try:
            return row_id, response_to_case(record)
        except CrepitusError as exc:
            return row_id, Unreadable(exc)
    if ID in record:
        record = {k: v for k, v in record.items() if k != ID}
    return row_id, record


def _jsonl_rows(payload: bytes, first: int) -> Iterator[tuple[int, str | None, Any]]:
    loads = orjson.loads
    # split on line feeds only, as the input was cut: a carriage return is JSON whitespace
    for offset, line in enumerate(payload.split(b"\n")):
        try:
            record = loads(line)
        except orjson.JSONDecodeError as exc:
            yield first + offset, None, Unreadable(f"not valid JSON: {exc}")
            continue
        if (
            type(record) is dict
            and ID not in record
            and "case" not in record
            and "resourceType" not in record
        ):
            yield first + offset, None, record  # the usual row: a bare case
            continue
        row_id, case = unwrap(record)
        yield first + offset, row_id, case


def _csv_rows(payload: bytes, first: int) -> Iterator[tuple[int, str | None, Any]]:
    reader = csv.reader(io.StringIO(payload.decode("utf-8-sig"), newline=""))
    header = next(reader, [])
    convert = [_cell_reader(name) for name in header]
    for offset, cells in enumerate(reader):
        if len(cells) != len(header):
            problem = f"expected {len(header)} cells as in the header, got {len(cells)}"
            yield first + offset, None, Unreadable(problem)
            continue
        record: dict[str, Any] = {}
        for name, read, cell in zip(header, convert, cells, strict=True):
            if cell != "":  # an empty cell is an unanswered question
                record[name] = read(cell)
        row_id = record.pop(ID, None)
        yield first + offset, row_id, record


def _cell_reader(name: str) -> Any:
    """How to read a CSV cell of column ``name``: as the case field's type, when it is one."""
    spec = case_fields().get(name)
    if spec is None or spec.kind == "enum":
        return str
    if spec.kind == "integer":
        return _integer
    if spec.kind == "boolean":
        return _boolean
    return _list


def _integer(cell: str) -> int | str:
    text = cell.strip()
    return int(text) if text.lstrip("-").isdigit() else cell  # else validation names it


BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def _boolean(cell: str) -> bool | str:
    return BOOLEANS.get(cell.strip().lower(), cell)


def _list(cell: str) -> list[str] | Any:
    text = cell.strip()
    if text.startswith("["):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return cell
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def _arrow_rows(batch: pa.RecordBatch, first: int) -> Iterator[tuple[int, str | None, Any]]:
    names = batch.schema.names
    columns = [python_values(batch.column(i)) for i in range(batch.num_columns)]
    if "case" in names or "resourceType" in names:  # labelled cases or FHIR: row by row
        for offset in range(batch.num_rows):
            record = {n: c[offset] for n, c in zip(names, columns, strict=True)}
            row_id, case = unwrap({n: v for n, v in record.items() if v is not None})
            yield first + offset, row_id, case
        return
    # the usual table: case fields, and perhaps an id; decided once for the whole batch
    ids = columns[names.index(ID)] if ID in names else [None] * batch.num_rows
    fields = [(n, c) for n, c in zip(names, columns, strict=True) if n != ID]
    for offset in range(batch.num_rows):
        # a null is an unanswered question, as an absent key would be
        case = {n: c[offset] for n, c in fields if c[offset] is not None}
        row_id = ids[offset]
        yield first + offset, None if row_id is None else str(row_id), case


def python_values(column: pa.Array) -> list[Any]:
    """The column's values as Python objects (None for a null), the fast way.

    Arrow's own ``to_pylist`` makes a scalar object for every value before its Python value:
    about 36 µs a row for the case's fifty-odd columns, more than the assessment itself. Through
    NumPy the same takes about 2 µs. Types other than the case fields' (numbers, booleans,
    strings, and lists of those) go the slow, general way.
    """
    kind = column.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        offsets = column.offsets.to_numpy().tolist()
        start = offsets[0]
        items = python_values(column.values.slice(start, offsets[-1] - start))
        valid = column.is_valid().to_numpy(zero_copy_only=False).tolist()
        return [
            items[offsets[i] - start : offsets[i + 1] - start] if valid[i] else None
            for i in range(len(column))
        ]
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return list(column.to_numpy(zero_copy_only=False).tolist())  # a null comes as None
    if pa.types.is_boolean(kind) or pa.types.is_integer(kind) or pa.types.is_floating(kind):
        if not column.null_count:
            return list(column.to_numpy(zero_copy_only=False).tolist())
        import pyarrow.compute as pc

        zero = pa.scalar(False if pa.types.is_boolean(kind) else 0, type=kind)
        values = pc.fill_null(column, zero).to_numpy(zero_copy_only=False).tolist()
        valid = column.is_valid().to_numpy(zero_copy_only=False).tolist()
        return [v if ok else None for v, ok in zip(values, valid, strict=True)]
    return list(column.to_pylist())
