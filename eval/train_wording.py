"""Train the wording model (``src/crepitus/understanding/wording_model.json``) and check it.

    python eval/train_wording.py [--write] [--levels FILE]

The model is trained from this repository's labelled descriptions only: the real posts in
``eval/realworld/descriptions.jsonl`` and the descriptions written blind to the product in
``eval/written``. For each level it can add (urgent, emergency) it learns, by logistic
regression with an L2 penalty, whether the labels require at least that level.

Each real set (the part it was collected in) is held out in turn: a model trained on the rest
gives its probabilities, and the script reports what the model would have changed on it by
raising the reader's level from the text alone (under-triage fixed, over-triage added). The
thresholds the model ships with are chosen from these held-out probabilities only, against the
levels the reader gave each set when it was scored blind (``eval/realworld/blind-levels.json``,
made by ``eval/blind_levels.py``): that is the reader meeting words it had not been fixed for,
as it will on the next set. The figures against today's reader are reported too.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from crepitus.understanding.wording import LEVELS, MODEL_FILE, pieces, vector  # noqa: E402

TRIAGE = ["self_care", "see_doctor", "urgent", "emergency"]
OUT = REPO / "src" / "crepitus" / "understanding" / MODEL_FILE
BLIND = REPO / "eval" / "realworld" / "blind-levels.json"
VERSION = "2026.12.21"
MIN_DOCS = 2  # a feature must appear in this many training descriptions
PENALTY = 1.0  # L2 strength, per description
STEPS = 400
GRID = [round(0.40 + 0.05 * i, 2) for i in range(11)]  # thresholds tried: 0.40 to 0.90
OVER_COST = 1.0  # one over-triage added costs as much as one under-triage fixed gains


def labelled() -> list[dict[str, Any]]:
    rows = []
    sources = [REPO / "eval" / "realworld" / "descriptions.jsonl"]
    sources += sorted((REPO / "eval" / "written").glob("descriptions*.jsonl"))
    for path in sources:
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            rows.append(
                {
                    "id": row["id"],
                    "part": row.get("split", path.stem),
                    "text": row["narrative"],
                    "needs": min(TRIAGE.index(level) for level in row["expect"]["triage_ok"]),
                    "allows": max(TRIAGE.index(level) for level in row["expect"]["triage_ok"]),
                }
            )
    return rows


def idf_of(texts: list[str]) -> dict[str, float]:
    docs: Counter[str] = Counter()
    for text in texts:
        docs.update(set(pieces(text)))
    n = len(texts)
    return {f: math.log((1 + n) / (1 + d)) + 1 for f, d in sorted(docs.items()) if d >= MIN_DOCS}


def matrix(texts: list[str], idf: dict[str, float], index: dict[str, int]) -> NDArray[np.float64]:
    x = np.zeros((len(texts), len(index)))
    for row, text in enumerate(texts):
        for f, v in vector(pieces(text), idf).items():
            x[row, index[f]] = v
    return x


def fit(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray[np.float64], float]:
    """Balanced, L2-penalised logistic regression by accelerated gradient descent (deterministic)."""
    n, d = x.shape
    weight = np.where(y == 1, n / (2 * max(y.sum(), 1)), n / (2 * max(n - y.sum(), 1)))
    xb = np.hstack([x, np.ones((n, 1))])
    # a safe step: the loss's curvature is at most |X|^2 * max weight / 4n plus the penalty
    step = 1 / (np.linalg.norm(xb, 2) ** 2 * weight.max() / (4 * n) + PENALTY / n)
    w = np.zeros(d + 1)
    ahead = w.copy()
    for k in range(1, STEPS + 1):
        p = 1 / (1 + np.exp(-np.clip(xb @ ahead, -30, 30)))
        grad = xb.T @ (weight * (p - y)) / n
        grad[:d] += PENALTY / n * ahead[:d]
        new = ahead - step * grad
        ahead = new + (k - 1) / (k + 2) * (new - w)
        w = new
    return w[:d], float(w[d])


def train(
    rows: list[dict[str, Any]],
) -> tuple[dict[str, float], list[tuple[NDArray[np.float64], float]], dict[str, int]]:
    texts = [r["text"] for r in rows]
    idf = idf_of(texts)
    index = {f: i for i, f in enumerate(idf)}
    x = matrix(texts, idf, index)
    fitted = []
    for name in LEVELS:
        y = np.array([r["needs"] >= TRIAGE.index(name) for r in rows], dtype=float)
        fitted.append(fit(x, y))
    return idf, fitted, index


def held_out_probabilities(rows: list[dict[str, Any]]) -> dict[str, list[float]]:
    """Each real description's probabilities from a model trained without its part."""
    parts = sorted({r["part"] for r in rows if not r["part"].startswith("descriptions")})
    found: dict[str, list[float]] = {}
    for number, part in enumerate(parts, 1):
        print(f"  [{number}/{len(parts)}] holding out {part}", file=sys.stderr, flush=True)
        train_rows = [r for r in rows if r["part"] != part]
        idf, fitted, index = train(train_rows)
        test = [r for r in rows if r["part"] == part]
        x = matrix([r["text"] for r in test], idf, index)
        for r, *ps in zip(test, *(1 / (1 + np.exp(-(x @ w + b))) for w, b in fitted), strict=True):
            found[r["id"]] = [float(p) for p in ps]
    return found


def reader_levels(rows: list[dict[str, Any]]) -> dict[str, int]:
    """The level the reader gives each description from the text alone, without this model."""
    from crepitus.contract.case import validate_case
    from crepitus.engine.assess import engine
    from crepitus.engine.concern import text_alone
    from crepitus.understanding import understand

    os.environ["CREPITUS_TODAY"] = "2026-12-07"  # the day the labels were checked against
    levels = {}
    for r in rows:
        read = understand(r["text"], learned=False)
        case = validate_case(text_alone(read.case, read.estimates), complete=False)
        levels[r["id"]] = TRIAGE.index(engine().assess(case).triage)
    return levels


def effect(
    rows: list[dict[str, Any]],
    probs: dict[str, list[float]],
    levels: dict[str, int],
    thresholds: tuple[float, float],
) -> Counter[str]:
    counts: Counter[str] = Counter()
    for r in rows:
        if r["id"] not in probs or r["id"] not in levels:
            continue
        before = after = levels[r["id"]]
        for name, p, t in zip(LEVELS, probs[r["id"]], thresholds, strict=True):
            if p >= t:
                after = max(after, TRIAGE.index(name))
        counts["n"] += 1
        counts["under before"] += before < r["needs"]
        counts["under after"] += after < r["needs"]
        counts["over before"] += before > r["allows"]
        counts["over after"] += after > r["allows"]
        counts["raised"] += after > before
    return counts


def choose(
    rows: list[dict[str, Any]], probs: dict[str, list[float]], levels: dict[str, int]
) -> tuple[float, float]:
    def gain(ts: tuple[float, float]) -> float:
        c = effect(rows, probs, levels, ts)
        fixed = c["under before"] - c["under after"]
        added = c["over after"] - c["over before"]
        return fixed - OVER_COST * added

    # the highest gain; among equals, the higher (more careful) thresholds
    return max(((u, e) for u in GRID for e in GRID), key=lambda ts: (gain(ts), ts))


def report(
    rows: list[dict[str, Any]],
    probs: dict[str, list[float]],
    levels: dict[str, int],
    ts: tuple[float, float],
) -> str:
    c = effect(rows, probs, levels, ts)
    return (
        f"thresholds urgent {ts[0]}, emergency {ts[1]}: on {c['n']} real descriptions held out "
        f"in turn, under-triaged {c['under before']} -> {c['under after']}, over-triaged "
        f"{c['over before']} -> {c['over after']}, raised {c['raised']}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(REPO)}")
    parser.add_argument(
        "--levels", type=Path, default=BLIND, help="the blind reader's levels (JSON: id to triage)"
    )
    args = parser.parse_args()
    rows = labelled()
    real = [r for r in rows if not r["part"].startswith("descriptions")]
    probs = held_out_probabilities(rows)
    blind = {k: TRIAGE.index(v) for k, v in json.loads(args.levels.read_text("utf-8")).items()}
    thresholds = choose(real, probs, blind)
    print(report(real, probs, blind, thresholds) + " (the reader when each set was scored blind)")
    print(report(real, probs, reader_levels(real), thresholds) + " (today's reader)")
    if args.write:
        idf, fitted, index = train(rows)
        names = list(index)
        model = {
            "version": VERSION,
            "trained_on": f"{len(rows)} labelled descriptions in eval/realworld and eval/written",
            "idf": {f: round(v, 4) for f, v in idf.items()},
            "levels": [
                {
                    "name": name,
                    "threshold": t,
                    "bias": round(b, 4),
                    "weights": {
                        names[i]: round(float(v), 4) for i, v in enumerate(w) if abs(v) >= 1e-3
                    },
                }
                for name, t, (w, b) in zip(LEVELS, thresholds, fitted, strict=True)
            ],
        }
        OUT.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
        print(f"wrote {OUT.relative_to(REPO)}: {len(idf)} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
