"""Part files, and the output committed from them at the end.

Each scored partition is saved as an Arrow file in ``OUTPUT.parts/`` (written to a temporary name,
flushed to disk, then renamed: a part file that exists is whole). When every partition is saved,
the parts are streamed, in order, into ``OUTPUT``'s format under a temporary name, which is
renamed to ``OUTPUT`` last. So a crash never leaves a half output, and a rerun with ``--resume``
finds the finished partitions by their files. A manifest records what the parts were made from,
so parts of another input, cut or knowledge version are never mixed in.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa

from crepitus.batch.score import LIST_SEPARATOR, OUTPUT_SCHEMA, Kind
from crepitus.errors import CrepitusError

MANIFEST = "manifest.json"


def parts_folder(output: Path) -> Path:
    return output.with_name(output.name + ".parts")


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


class Parts:
    """The folder of finished partitions of one run."""

    def __init__(self, output: Path, manifest: dict[str, Any]) -> None:
        self.folder = parts_folder(output)
        self.manifest = manifest

    def open(self, resume: bool) -> set[int]:
        """Start a run, or (``resume``) continue one; the indexes of partitions already done."""
        found = self.folder / MANIFEST
        if self.folder.exists() and not resume:
            raise CrepitusError(
                f"{self.folder} holds the parts of an unfinished run: add --resume to finish it,"
                " or delete the folder to start again"
            )
        if resume and found.exists():
            earlier = json.loads(found.read_text())
            changed = [k for k, v in self.manifest.items() if earlier.get(k) != v]
            if changed:
                raise CrepitusError(
                    f"cannot resume: {', '.join(changed)} differ from the unfinished run in"
                    f" {self.folder}; delete the folder to start again"
                )
            return {int(p.stem.split("-")[1]) for p in self.folder.glob("part-*.arrow")}
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / MANIFEST).write_text(json.dumps(self.manifest, indent=1) + "\n")
        return set()

    def path(self, index: int) -> Path:
        return self.folder / f"part-{index:07d}.arrow"

    def save(self, index: int, batch: pa.RecordBatch) -> None:
        final = self.path(index)
        temporary = final.with_suffix(".tmp")
        try:
            with (
                pa.OSFile(str(temporary), "wb") as sink,
                pa.ipc.new_file(sink, OUTPUT_SCHEMA) as out,
            ):
                out.write_batch(batch)
            _fsync(temporary)
            temporary.replace(final)
        finally:  # Ctrl-C or a failure mid-write leaves no half part behind
            temporary.unlink(missing_ok=True)

    def batches(self, count: int) -> Iterator[pa.RecordBatch]:
        """The saved partitions' results, in input order, one at a time."""
        for index in range(count):
            with pa.memory_map(str(self.path(index))) as source:
                reader = pa.ipc.open_file(source)
                for number in range(reader.num_record_batches):
                    yield reader.get_batch(number)

    def remove(self) -> None:
        shutil.rmtree(self.folder)


def commit(batches: Iterator[pa.RecordBatch], output: Path, kind: Kind) -> None:
    """Write ``batches`` to ``output`` (in its format) through a temporary file, renamed last."""
    temporary = output.with_name(f".{output.name}.writing")
    try:
        if kind == "arrow":
            _parquet(batches, temporary)
        elif kind == "csv":
            _csv(batches, temporary)
        else:
            _jsonl(batches, temporary)
        _fsync(temporary)
        temporary.replace(output)
    finally:
        temporary.unlink(missing_ok=True)


def _parquet(batches: Iterator[pa.RecordBatch], path: Path) -> None:
    import pyarrow.parquet as pq

    with pq.ParquetWriter(str(path), OUTPUT_SCHEMA) as writer:
        for batch in batches:
            writer.write_batch(batch)


def _jsonl(batches: Iterator[pa.RecordBatch], path: Path) -> None:
    dumps = orjson.dumps
    with path.open("wb") as out:
        for batch in batches:
            out.write(b"".join(dumps(row) + b"\n" for row in batch.to_pylist()))


def _csv(batches: Iterator[pa.RecordBatch], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(OUTPUT_SCHEMA.names)
        for batch in batches:
            for row in batch.to_pylist():
                writer.writerow(
                    [
                        LIST_SEPARATOR.join(v) if isinstance(v, list) else ("" if v is None else v)
                        for v in row.values()
                    ]
                )
