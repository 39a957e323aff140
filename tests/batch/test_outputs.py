"""Part files and the commit: whole files only, a manifest that guards resumes, atomic output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from crepitus.batch import OUTPUT_SCHEMA, Part, score_partition
from crepitus.batch.outputs import MANIFEST, Parts, commit, parts_folder
from crepitus.errors import CrepitusError
from tests.batch.helpers import read_output, write_jsonl
from tests.cases import BENIGN, STRAIN

MANIFEST_OF: dict[str, Any] = {"input": "/in.jsonl", "input size": 10, "rows per part": 2}


def scored(first: int, *cases: dict[str, Any]) -> pa.RecordBatch:
    payload = b"\n".join(json.dumps(case).encode() for case in cases)
    return score_partition(Part(0, first, "jsonl", payload, len(cases)))


def test_the_parts_folder_is_beside_the_output() -> None:
    assert parts_folder(Path("/data/results.parquet")) == Path("/data/results.parquet.parts")


def test_parts_are_saved_whole_and_read_back_in_order(tmp_path: Path) -> None:
    parts = Parts(tmp_path / "out.jsonl", MANIFEST_OF)
    assert parts.open(resume=False) == set()
    assert json.loads((parts.folder / MANIFEST).read_text()) == MANIFEST_OF
    batches = [scored(1, BENIGN, STRAIN), scored(3, STRAIN), scored(4, BENIGN)]
    for index in (2, 0, 1):  # they finish in any order
        parts.save(index, batches[index])
    names = sorted(p.name for p in parts.folder.iterdir())
    assert names == [MANIFEST, "part-0000000.arrow", "part-0000001.arrow", "part-0000002.arrow"]
    back = list(parts.batches(3))
    assert [b.to_pylist() for b in back] == [b.to_pylist() for b in batches]
    assert all(b.schema.equals(OUTPUT_SCHEMA) for b in back)
    parts.remove()
    assert not parts.folder.exists()


def test_an_unfinished_run_needs_resume_and_the_same_manifest(tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    first = Parts(output, MANIFEST_OF)
    first.open(resume=False)
    first.save(0, scored(1, BENIGN))
    first.save(3, scored(7, BENIGN))
    (first.folder / "part-0000004.tmp").write_bytes(b"half")  # a save cut short
    with pytest.raises(CrepitusError, match="--resume"):
        Parts(output, MANIFEST_OF).open(resume=False)
    assert Parts(output, MANIFEST_OF).open(resume=True) == {0, 3}
    other = {**MANIFEST_OF, "input size": 11, "rows per part": 3}
    with pytest.raises(CrepitusError) as error:
        Parts(output, other).open(resume=True)
    assert "input size, rows per part differ" in str(error.value)


def failing(batch: pa.RecordBatch) -> Iterator[pa.RecordBatch]:
    yield batch
    raise RuntimeError("the disk is full")


@pytest.mark.parametrize("kind", ["jsonl", "csv", "arrow"])
def test_a_commit_that_fails_leaves_no_output_and_no_temporary(tmp_path: Path, kind: Any) -> None:
    output = tmp_path / "out.data"
    with pytest.raises(RuntimeError):
        commit(failing(scored(1, BENIGN)), output, kind)
    assert list(tmp_path.iterdir()) == []


def test_a_commit_that_fails_keeps_the_old_output(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("old\n")
    with pytest.raises(RuntimeError):
        commit(failing(scored(1, BENIGN)), output, "jsonl")
    assert output.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_csv_output_joins_lists_and_leaves_nulls_empty(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [STRAIN, {"age": -1}])
    batch = score_partition(Part(0, 1, "jsonl", source.read_bytes().rstrip(), 2))
    commit(iter([batch]), tmp_path / "out.csv", "csv")
    good, bad = read_output(tmp_path / "out.csv")
    assert good["advice"] == ";".join(batch.column("advice")[0].as_py())
    assert ";" in good["advice"]
    assert good["error"] == ""
    assert bad["advice"] == bad["triage"] == ""
    assert "age" in bad["error"]
