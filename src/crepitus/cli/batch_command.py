"""``crepitus batch``: triage a whole file of stored answers (JSON Lines, CSV or Parquet)."""

from __future__ import annotations

import sys
from pathlib import Path

from crepitus.cli.diary_commands import fail
from crepitus.errors import CrepitusError

EXIT_STOPPED = 130  # as a shell reports a command stopped with Ctrl-C


def run_batch_file(
    source: Path,
    output: Path,
    *,
    workers: int,
    scheduler: str | None,
    rows_per_part: int,
    resume: bool,
    summary: bool,
    dashboard: bool,
) -> int:
    from crepitus.batch.run import Options, StoppedError, run
    from crepitus.batch.summary import print_summary, summary_path, write_html

    options = Options(
        workers=workers,
        scheduler=scheduler,
        rows_per_part=rows_per_part,
        resume=resume,
        dashboard=dashboard,
        progress=sys.stderr.isatty(),
    )
    try:
        report = run(source, output, options)
    except StoppedError as exc:
        return fail(str(exc), EXIT_STOPPED)
    except CrepitusError as exc:
        return fail(str(exc))
    done = report.summary
    skipped = f" ({report.skipped} finished earlier)" if report.skipped else ""
    partitions = "partition" if report.partitions == 1 else "partitions"
    failed = f"; {_rows(done.errors)} could not be scored (see the error column)"
    sys.stderr.write(
        f"Scored {_rows(done.rows)} in {report.partitions} {partitions}{skipped} on"
        f" {report.executor}: {output}{failed if done.errors else ''}\n"
    )
    if summary:
        print_summary(done)
        page = summary_path(output)
        write_html(done, page, source.name)
        sys.stderr.write(f"Summary with a chart: {page}\n")
    return 0


def _rows(count: int) -> str:
    return f"{count:,} row" if count == 1 else f"{count:,} rows"
