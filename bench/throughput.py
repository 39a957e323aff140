"""How fast crepitus assesses cases, in one process and through ``crepitus assess --batch``.

    python bench/throughput.py [--cases 100000] [--write docs/benchmarks.md]

Measures, on the same generated cases: assessments per second in one process (input validation
included, the best of three runs); the same through the batch command line, reading a JSON Lines
file and writing JSON Lines (process start included); and the start-up time of ``crepitus --help``
(the median of ten runs). With --write the figures replace the triage section of the page.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cases import generate
from crepitus import assess

START = "<!-- triage-core:start -->"
END = "<!-- triage-core:end -->"


def in_process(cases: list[dict[str, object]]) -> float:
    runs = []
    for _ in range(5):
        began = time.perf_counter()
        for case in cases:
            assess(case)
        runs.append(len(cases) / (time.perf_counter() - began))
    return max(runs)


def through_cli(path: Path, count: int) -> float:
    script = Path(sys.executable).with_name("crepitus")
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        with open(os.devnull, "wb") as sink:
            subprocess.run([str(script), "assess", "--batch", str(path)], stdout=sink, check=True)
        runs.append(count / (time.perf_counter() - began))
    return max(runs)


def start_up() -> float:
    script = Path(sys.executable).with_name("crepitus")
    times = []
    for _ in range(10):
        began = time.perf_counter()
        subprocess.run([str(script), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def section(count: int, one: float, cli: float, help_time: float) -> str:
    return f"""{START}
## Triage core

Command: `python bench/throughput.py --cases {count} --write docs/benchmarks.md` (also `make bench`),
on {platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores.
{count:,} generated cases (plausible interview answers, warning signs rare, one answer in ten left
out), the same for every measurement.

| measurement | result | target |
|---|---|---|
| `assess()` in one process, validation included | {one:,.0f} assessments/s | at least 20,000/s |
| `crepitus assess --batch FILE`, JSON Lines in and out | {cli:,.0f} assessments/s ({one / cli:.2f}x slower) | within 2x |
| `crepitus --help` start-up (median of 10) | {help_time * 1000:.0f} ms | under 300 ms |

The engine compiles the knowledge base once per process into generated Python (see
`crepitus/engine/compile.py`), so per case it reads each field once and evaluates each finding once.
The machines are shared and noisy: runs differ by up to a third; the best run is shown (of five
in process, of three through the command line).
{END}"""


def write(
    path: Path, text: str, start: str = START, end: str = END, title: str = "Benchmarks"
) -> None:
    """Put ``text`` (which begins with ``start`` and ends with ``end``) in the page, in place;
    the evaluation scripts use it too (``title`` heads a page written for the first time)."""
    old = path.read_text("utf-8") if path.exists() else f"# {title}\n"
    if start in old:
        head, rest = old.split(start, 1)
        new = head + text + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    path.write_text(new, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    cases = list(generate(args.cases))
    # the cases stay alive for the whole run; keep the collector from rescanning them
    gc.freeze()
    one = in_process(cases)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.jsonl"
        path.write_text("".join(json.dumps(c) + "\n" for c in cases))
        cli = through_cli(path, len(cases))
    help_time = start_up()
    text = section(args.cases, one, cli, help_time)
    print(text)
    if args.write:
        write(args.write, text, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
