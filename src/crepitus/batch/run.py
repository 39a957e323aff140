"""``crepitus batch``: score a whole file of stored answers, partition by partition.

The driver reads the input one partition at a time and keeps at most four partitions per worker
in flight, saving each result as a part file as soon as it arrives. When all are saved, it
streams them into the output in input order. Ctrl-C stops it cleanly: partitions in flight are
finished or dropped, saved parts stay, and ``--resume`` carries on from them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from crepitus.batch import inputs
from crepitus.batch.executors import Executor, executor
from crepitus.batch.outputs import Parts, commit
from crepitus.batch.summary import Summary
from crepitus.errors import CrepitusError

ROWS_PER_PART = 20_000
IN_FLIGHT_PER_SLOT = 4  # enough that a worker never waits for its next partition


@dataclass(frozen=True, slots=True)
class Options:
    workers: int = 0  # 0: one per core
    scheduler: str | None = None
    rows_per_part: int = ROWS_PER_PART
    resume: bool = False
    dashboard: bool = False
    progress: bool = True


@dataclass
class Report:
    """What a run did."""

    executor: str = ""
    partitions: int = 0
    skipped: int = 0  # partitions finished by an earlier run (--resume)
    summary: Summary = field(default_factory=Summary)


class StoppedError(CrepitusError):
    """The run was stopped (Ctrl-C) with some partitions saved; --resume carries on."""

    def __init__(self, saved: int, folder: Path) -> None:
        self.saved = saved
        super().__init__(
            f"stopped: {saved} finished partitions are saved in {folder}; run the same command"
            " with --resume to finish"
        )


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(source: Path, output: Path, options: Options) -> Report:
    """Score every row of ``source`` into ``output``; formats follow the file extensions."""
    in_kind = inputs.kind_of(source, "input")
    out_kind = inputs.kind_of(output, "output")
    if not source.is_file():
        raise CrepitusError(f"there is no input file {source}")
    if source.resolve() == output.resolve():
        raise CrepitusError("the output must be another file than the input")
    if options.rows_per_part < 1:
        raise CrepitusError("--rows-per-part must be at least 1")
    from crepitus.knowledge import knowledge

    stat = source.stat()
    parts = Parts(
        output,
        {
            "input": str(source.resolve()),
            "input size": stat.st_size,
            "input modified": stat.st_mtime_ns,
            "rows per part": options.rows_per_part,
            "knowledge version": knowledge().version,
        },
    )
    size = inputs.size_of(source)  # also: a Parquet file that cannot be read stops us here
    runner = executor(options.workers or default_workers(), options.scheduler, options.dashboard)
    try:
        done = parts.open(options.resume)
    except CrepitusError:
        runner.close()
        raise
    report = Report(executor=runner.name, skipped=len(done))
    try:
        with _progress(options.progress, size, in_kind) as advance:
            report.partitions = _drive(
                runner, source=source, options=options, parts=parts, done=done, advance=advance
            )
    except KeyboardInterrupt:
        saved = len(list(parts.folder.glob("part-*.arrow")))
        raise StoppedError(saved, parts.folder) from None
    finally:
        runner.close()
    commit(report.summary.counting(parts.batches(report.partitions)), output, out_kind)
    parts.remove()
    return report


def _drive(
    runner: Executor,
    *,
    source: Path,
    options: Options,
    parts: Parts,
    done: set[int],
    advance: Any,
) -> int:
    """Score every partition not done yet; return how many partitions the input has."""
    window = IN_FLIGHT_PER_SLOT * runner.slots
    pending: dict[Any, tuple[int, int, int]] = {}  # handle: (index, rows, progress weight)
    count = 0

    def collect(handles: set[Any]) -> None:
        for handle in handles:
            index, rows, weight = pending.pop(handle)
            # every executor's handle is a future: a concurrent.futures one, or Dask's
            batch: pa.RecordBatch = handle.result()
            if batch.num_rows != rows:
                raise CrepitusError(f"partition {index} gave {batch.num_rows} rows for {rows}")
            parts.save(index, batch)
            advance(weight, rows)

    for part, weight in inputs.parts(source, options.rows_per_part):
        count = part.index + 1
        if part.index in done:
            advance(weight, part.rows)
            continue
        while len(pending) >= window:
            collect(runner.finished(list(pending)))
        pending[runner.submit(part)] = (part.index, part.rows, weight)
    while pending:
        collect(runner.finished(list(pending)))
    return count


class _progress:  # noqa: N801 - used as a context manager, like contextlib's
    """A Rich progress bar on standard error with rows and rows per second (or nothing)."""

    def __init__(self, shown: bool, total: int, kind: str) -> None:
        self.shown, self.total, self.kind = shown, total, kind
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not self.shown:
            return lambda weight, rows: None
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("[bold]Scoring"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TextColumn("{task.fields[rows]:,} rows"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self.bar.start()
        task = self.bar.add_task("score", total=self.total or 1, rows=0, rate="")
        return _RateProgress(self.bar, task)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


class _RateProgress:
    """Advances the bar by a partition's weight; shows rows done and rows per second."""

    def __init__(self, bar: Any, task: Any) -> None:
        self.bar, self.task = bar, task

    def __call__(self, weight: int, rows: int) -> None:
        fields = self.bar.tasks[0].fields
        total_rows = fields["rows"] + rows
        elapsed = self.bar.tasks[0].elapsed or 0.0
        rate = f"{total_rows / elapsed:,.0f} rows/s" if elapsed > 0 else ""
        self.bar.update(self.task, advance=weight, rows=total_rows, rate=rate)
