"""How fast crepitus reads a description in the person's own words.

    python bench/understanding.py [--rounds 5] [--write docs/benchmarks.md]

Measures, in fresh processes: the cost of loading the reader (spaCy, medspaCy and the rules) on
the first call; then, in one warm process, the time to understand each labelled description
(eval/understanding/descriptions.jsonl, every description ``--rounds`` times): mean, median, 95th
and 99th percentile, and the slowest. It also times ``crepitus --help`` with the NLP installed,
and checks that the command line does not import spaCy to start. With --write the figures replace
the understanding section of the page.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.throughput import start_up, write  # noqa: E402

START = "<!-- understanding:start -->"
END = "<!-- understanding:end -->"
TARGET_MS = 20.0
DESCRIPTIONS = REPO / "eval" / "understanding" / "descriptions.jsonl"
LOAD = (
    "import time; t = time.perf_counter(); from crepitus import understand;"
    " understand('my neck cracks'); print(time.perf_counter() - t)"
)
LAZY = (
    "import sys, crepitus.cli.app, crepitus.understanding;"
    " print(any(m.split('.')[0] in ('spacy', 'medspacy') for m in sys.modules))"
)


def load_time(runs: int = 3) -> float:
    """The first call in a fresh process: imports, pipeline build and one reading (median)."""
    times = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", LOAD], capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout.strip()))
    return statistics.median(times)


def cli_imports_nlp() -> bool:
    done = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, check=True)
    return done.stdout.strip() == "True"


def per_description(rounds: int) -> list[float]:
    from crepitus import understand

    texts = [json.loads(line)["text"] for line in DESCRIPTIONS.open() if line.strip()]
    understand(texts[0])  # load once
    times = []
    for _ in range(rounds):
        for text in texts:
            began = time.perf_counter()
            understand(text)
            times.append(time.perf_counter() - began)
    return times


def quantile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def section(load: float, times: list[float], help_time: float, lazy: bool, texts: int) -> str:
    ms = [t * 1000 for t in times]
    rows = [
        ("mean", statistics.fmean(ms)),
        ("median", statistics.median(ms)),
        ("95th percentile", quantile(ms, 0.95)),
        ("99th percentile", quantile(ms, 0.99)),
        ("slowest", max(ms)),
    ]
    table = "\n".join(f"| {name} | {value:.2f} ms |" for name, value in rows)
    verdict = "met" if quantile(ms, 0.99) < TARGET_MS else "NOT met"
    return f"""{START}
## Free-text understanding

Command: `python bench/understanding.py --write docs/benchmarks.md` (also `make bench`), on
{platform.machine()} with {platform.python_implementation()} {platform.python_version()}.

Reading one description after start-up ({len(times)} readings: the {texts} labelled descriptions,
each {len(times) // texts} times, in one warm process):

| statistic | time |
|---|---|
{table}

Target: under {TARGET_MS:.0f} ms per description after start-up ({verdict}, even at the 99th
percentile).

Start-up:

- The first call loads spaCy's blank English pipeline, medspaCy and the reading rules, and
  compiles the phrases: {load:.2f} s (median of three fresh processes). The web server pays this
  once; `crepitus assess --text` pays it on every run.
- The NLP is imported only when text is read: importing the command line and the understanding
  package loads spaCy: {"yes (a regression)" if lazy else "no"}. `crepitus --help` starts in
  {help_time * 1000:.0f} ms with the NLP installed (median of ten runs).
{END}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", type=Path, help="record the figures in this Markdown file")
    args = parser.parse_args()
    load = load_time()
    lazy = cli_imports_nlp()
    help_time = start_up()
    times = per_description(args.rounds)
    texts = len(times) // args.rounds
    text = section(load, times, help_time, lazy, texts)
    print(text)
    if args.write:
        write(args.write, text, START, END)
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
