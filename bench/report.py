"""How fast the doctor's report renders from a diary kept every day for five years.

    python bench/report.py [--write docs/benchmarks.md]

Fills a temporary SQLite diary with 1,826 daily entries (the same every run: seed 1) and one saved
check, then times ``build_pdf`` and ``build_html`` (the best of five runs each, after the first
PDF, which is timed on its own because it pays for loading matplotlib and the fonts). With --write
the figures replace the report section of the page.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.throughput import write
from crepitus import assess
from crepitus.diary.report import build_html, build_pdf
from crepitus.store.diary import EntryData, OwnerStore, Store, check_entry

START = "<!-- report:start -->"
END = "<!-- report:end -->"
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
DAYS = 1_826  # five years, one of them a leap year
RUNS = 5
TRIGGERS = ["bending", "twisting", "stretching", "getting_up", "exercise", "coughing_sneezing"]
NOTES = ["", "", "", "Stiff after the long drive", "Cracked when I turned to reverse the car"]
CASE = {"age": 44, "pop_region": "lumbar", "pain_score": 3, "fever": False, "trauma": "none"}


def diary(seed: int = 1) -> list[EntryData]:
    """One entry a day for five years, ending the day of ``NOW``."""
    pick = random.Random(seed)
    entries = []
    for day in range(DAYS):
        moment = NOW - timedelta(days=DAYS - 1 - day, hours=pick.randint(0, 11))
        raw = {
            "at": moment,
            "region": pick.choice(["lumbar", "lumbar", "cervical", "thoracic"]),
            "pops": pick.randint(1, 6),
            "pain": min(10, max(0, round(pick.gauss(2.5, 1.5)))),
            "pain_at_pop": pick.random() < 0.25,
            "triggers": pick.sample(TRIGGERS, pick.randint(0, 2)),
            "note": pick.choice(NOTES),
        }
        entries.append(check_entry(raw))
    return entries


def best(build: Callable[[OwnerStore, datetime], Any], owner: OwnerStore) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        build(owner, NOW)
        times.append(time.perf_counter() - began)
    return min(times)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def section(first: float, pdf: float, html: float, pdf_bytes: bytes) -> str:
    return f"""{START}
## Doctor's report

Command: `python bench/report.py --write docs/benchmarks.md`, on
{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores.
A SQLite diary with one entry a day for five years ({DAYS:,} entries, seed 1) and one saved check.

| measurement | result | target |
|---|---|---|
| `build_pdf` (best of {RUNS}) | {pdf * 1000:.0f} ms ({pages(pdf_bytes)} pages, {len(pdf_bytes) / 1024:.0f} KB) | under 1 s |
| `build_html` (best of {RUNS}) | {html * 1000:.0f} ms | under 1 s |
| first `build_pdf` in a fresh process (loads matplotlib and the fonts) | {first * 1000:.0f} ms | |

The report reads the weekly sums the database computes and only the weeks of entries its table
shows, so its time does not grow with the diary: gathering the figures takes about 20 ms, and
drawing the two charts most of the rest. The first report in a process also imports matplotlib
(about 1 s on this machine), which a long-running server pays once and a command pays every time.
{END}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite+pysqlite:///{Path(folder) / 'diary.sqlite3'}")
        owner = store.owner()
        owner.add_many(diary())
        owner.save_assessment(CASE, assess(CASE).to_dict())
        began = time.perf_counter()
        pdf_bytes = build_pdf(owner, NOW)
        first = time.perf_counter() - began
        pdf, html = best(build_pdf, owner), best(build_html, owner)
        store.close()
    text = section(first, pdf, html, pdf_bytes)
    print(text)
    if args.write:
        write(args.write, text, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
