"""Cutting an input file into partitions, streaming: only one partition is in memory at a time.

JSON Lines and CSV are cut into chunks of whole records (blank lines dropped; a CSV record may
span lines inside quotes) and handed over as raw bytes, so the reading process does no parsing.
Parquet is read batch by batch. The cut depends only on the file and ``rows_per_part``, so a
rerun cuts it the same way, which is what lets ``--resume`` skip finished partitions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crepitus.batch.score import Kind, Part
from crepitus.errors import CrepitusError

FORMATS: dict[str, Kind] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "arrow",
}


def kind_of(path: Path, role: str) -> Kind:
    """The format of ``path``, from its extension; a clear error for any other."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        known = ", ".join(FORMATS)
        raise CrepitusError(f"the {role} {path} must end in one of: {known}")
    return kind


def size_of(path: Path) -> int:
    """What progress is counted in: bytes for text, rows for Parquet."""
    if kind_of(path, "input") == "arrow":
        return int(_parquet_file(path).metadata.num_rows)
    return path.stat().st_size


def _parquet_file(path: Path) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow says what is wrong in its own words
        raise CrepitusError(f"{path} is not a Parquet file that can be read: {exc}") from exc


def parts(path: Path, rows_per_part: int) -> Iterator[tuple[Part, int]]:
    """The partitions of ``path`` in order, each with how much progress it stands for."""
    kind = kind_of(path, "input")
    if kind == "jsonl":
        yield from _jsonl(path, rows_per_part)
    elif kind == "csv":
        yield from _csv(path, rows_per_part)
    else:
        yield from _parquet(path, rows_per_part)


def _jsonl(path: Path, rows_per_part: int) -> Iterator[tuple[Part, int]]:
    index, first, lines, taken = 0, 1, [], 0
    with path.open("rb") as handle:
        for line in handle:
            taken += len(line)
            if not line.strip():
                continue
            lines.append(line.rstrip(b"\r\n"))
            if len(lines) == rows_per_part:
                yield Part(index, first, "jsonl", b"\n".join(lines), len(lines)), taken
                index, first, lines, taken = index + 1, first + len(lines), [], 0
    if lines:
        yield Part(index, first, "jsonl", b"\n".join(lines), len(lines)), taken


def _csv(path: Path, rows_per_part: int) -> Iterator[tuple[Part, int]]:
    with path.open("rb") as handle:
        header = handle.readline()
        if not header.strip():
            return  # an empty file: no partitions, and an empty output
        if quoted(header, False):
            raise CrepitusError(f"{path}: the header line has an unclosed quote")
        header = header.rstrip(b"\r\n") + b"\n"
        index, first, records, taken = 0, 1, [], len(header)
        record, inside = b"", False
        for line in handle:
            taken += len(line)
            record += line
            if inside or QUOTE in line:
                inside = quoted(line, inside)
                if inside:
                    continue  # inside a quoted cell: the record goes on on the next line
            if record.strip():
                records.append(record.rstrip(b"\r\n"))
            record = b""
            if len(records) == rows_per_part:
                payload = header + b"\n".join(records)
                yield Part(index, first, "csv", payload, len(records)), taken
                index, first, records, taken = index + 1, first + len(records), [], 0
        if record.strip():
            records.append(record.rstrip(b"\r\n"))  # a last record with an unclosed quote
        if records:
            yield Part(index, first, "csv", header + b"\n".join(records), len(records)), taken


QUOTE, QUOTE_CODE, COMMA = b'"', ord('"'), ord(",")


def quoted(line: bytes, inside: bool) -> bool:
    """Whether a CSV record is still inside a quoted cell at the end of ``line``.

    Read as Python's csv module reads: a quote opens a quoted cell only as a cell's first
    character; inside one, two quotes are a quote and one closes it; any other quote is text.
    """
    at_start, i, size = not inside, 0, len(line)
    while i < size:
        char = line[i]
        if inside:
            if char == QUOTE_CODE:
                if i + 1 < size and line[i + 1] == QUOTE_CODE:
                    i += 2
                    continue
                inside = False
        elif char == QUOTE_CODE and at_start:
            inside = True
        at_start = char == COMMA and not inside
        i += 1
    return inside


def _parquet(path: Path, rows_per_part: int) -> Iterator[tuple[Part, int]]:
    source = _parquet_file(path)
    first = 1
    for index, batch in enumerate(source.iter_batches(batch_size=rows_per_part)):
        yield Part(index, first, "arrow", batch, batch.num_rows), batch.num_rows
        first += batch.num_rows
