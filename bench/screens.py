"""How many screens the check takes: every dev vignette answered truthfully through the JSON API.

    python bench/screens.py [--write docs/benchmarks.md]

Plays each dev vignette (shared/vignettes/dev.jsonl beside the repository, or under
CREPITUS_SHARED) through
``POST /api/v1/interview/next`` of the app in this process, answering each question of each screen
from the vignette's case and skipping what the case does not say; once without a description and
once with the vignette's narrative read first by ``POST /api/v1/understand`` (what it takes as
answered is kept, corrected where the case says otherwise, as on the confirm page). It counts the
screens of questions to the result, and checks the result against the vignette's expected triage
(under-triage) and that every warning-sign question that applies was answered or skipped.

With --write the figures replace the screens section of docs/benchmarks.md, and the median
without a description is kept in ``crepitus/web/data/check_length.json``, from which the home
page says how long the check takes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.throughput import write
from crepitus.knowledge.model import LEVELS
from crepitus.settings import Settings
from crepitus.web.app import create_app
from crepitus.web.length import LENGTH_FILE

START = "<!-- screens:start -->"
END = "<!-- screens:end -->"
RANK = {level: i for i, level in enumerate(LEVELS)}
MAX_SCREENS = 60  # a check that never ends is a bug; stop and say so


def vignettes() -> list[dict[str, Any]]:
    shared = Path(os.environ.get("CREPITUS_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    lines = (shared / "vignettes" / "dev.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def play(client: TestClient, case: dict[str, Any], start: dict[str, Any]) -> dict[str, Any]:
    """One check to its result; returns the screens, the result and the warning signs left."""
    answers, skipped = dict(start), list[str]()
    screens = 0
    while True:
        reply = client.post("/api/v1/interview/next", json={"answers": answers, "skipped": skipped})
        reply.raise_for_status()
        body = reply.json()
        if body["done"]:
            result = body["assessment"]
            return {
                "screens": screens,
                "triage": result["triage"],
                "open_red_flags": [f for f in result["unanswered_red_flags"] if f not in skipped],
                "emergency": body["emergency"],
            }
        screens += 1
        if screens > MAX_SCREENS:
            raise RuntimeError(f"the check did not end after {MAX_SCREENS} screens")
        for question in body["screen"]["questions"]:
            name = question["field"]
            if name in case:
                answers[name] = case[name]
            else:
                skipped.append(name)


def from_narrative(client: TestClient, vignette: dict[str, Any]) -> dict[str, Any]:
    """What the check keeps from the narrative, corrected where the case says otherwise."""
    reply = client.post("/api/v1/understand", json={"text": vignette["narrative"]})
    reply.raise_for_status()
    case = vignette["case"]
    return {name: case.get(name, value) for name, value in reply.json()["case"].items()}


def measure() -> dict[str, Any]:
    rows: dict[str, list[dict[str, Any]]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(Settings(data_dir=Path(folder)))
        with TestClient(app) as client:
            for vignette in vignettes():
                expected = vignette["expect"]["triage"]
                for kind, start in (
                    ("without", {}),
                    ("with", from_narrative(client, vignette)),
                ):
                    run = play(client, vignette["case"], start)
                    run["id"] = vignette["id"]
                    run["under"] = RANK[run["triage"]] < RANK[expected]
                    rows[kind].append(run)
    return rows


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    counts = [r["screens"] for r in runs]
    return {
        "median": statistics.median(counts),
        "max": max(counts),
        "under": sum(r["under"] for r in runs),
        "open": sum(bool(r["open_red_flags"]) and not r["emergency"] for r in runs),
        "worst": max(runs, key=lambda r: r["screens"])["id"],
    }


def section(rows: dict[str, list[dict[str, Any]]]) -> str:
    without, with_ = summary(rows["without"]), summary(rows["with"])
    count = len(rows["without"])
    return f"""{START}
## Screens to a result

Command: `python bench/screens.py --write docs/benchmarks.md` (also `make bench`).
Each of the {count} dev vignettes answered truthfully through `POST /api/v1/interview/next`, a
screen at a time, skipping every question its case does not answer; with a description, the
narrative is read first by `POST /api/v1/understand` and what the check takes from it is kept
(corrected where the case says otherwise, as on the confirm page). A screen is one page of
questions; the description and confirm pages are not counted.

| check | screens, median | screens, most (vignette) | under-triaged | a warning sign left unasked | target |
|---|---|---|---|---|---|
| without a description | {without["median"]:g} | {without["max"]} ({without["worst"]}) | {without["under"]} | {without["open"]} | median at most 12, most at most 20, none under-triaged |
| with the narrative first | {with_["median"]:g} | {with_["max"]} ({with_["worst"]}) | {with_["under"]} | {with_["open"]} | median at most 10, none under-triaged |

"A warning sign left unasked" counts checks that ended, other than by an emergency, with a
warning-sign question that applies neither answered nor skipped (an emergency ends the check at
once, with what to do). The home page's estimate of the check's length comes from the median
without a description (`crepitus/web/data/check_length.json`, written by this script).
{END}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    rows = measure()
    text = section(rows)
    print(text)
    if args.write:
        write(args.write, text, START, END)
        median = summary(rows["without"])["median"]
        LENGTH_FILE.write_text(
            json.dumps({"screens_median": median, "source": "bench/screens.py"}, indent=2) + "\n",
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
