"""Record the level the reader gave each real description when its set was scored blind.

    python eval/blind_levels.py

Each held-out set was scored once, blind, at a commit named in its ``held-out-*-blind.json``
(the first sets at ``first-run.json``'s). This checks out each of those commits in a temporary
git worktree, reads that set's descriptions there from the text alone, and writes
``eval/realworld/blind-levels.json`` (id to triage). ``eval/train_wording.py`` chooses the wording
model's thresholds against these levels: the reader meeting words it had not yet been fixed for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETS = REPO / "eval" / "realworld"
OUT = SETS / "blind-levels.json"


def blind_commits() -> dict[str, str]:
    """The commit each part was scored blind at."""
    first = json.loads((SETS / "first-run.json").read_text("utf-8"))["commit"]
    commits = {
        "dev": first,
        "held_out": json.loads((SETS / "held-out-blind.json").read_text("utf-8"))["commit"],
    }
    for path in SETS.glob("held-out-*-blind.json"):
        number = path.name.removeprefix("held-out-").removesuffix("-blind.json")
        commits[f"held_out_{number}"] = json.loads(path.read_text("utf-8"))["commit"]
    return commits


def main() -> int:
    rows = [
        json.loads(line) for line in (SETS / "descriptions.jsonl").read_text("utf-8").splitlines()
    ]
    commits = blind_commits()
    levels: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as folder:
        for number, commit in enumerate(sorted(set(commits.values())), 1):
            tree = Path(folder) / commit
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), commit],
                check=True,
                capture_output=True,
            )
            try:
                part = [r for r in rows if commits.get(r["split"]) == commit]
                print(
                    f"[{number}/{len(set(commits.values()))}] {commit}: {len(part)} descriptions",
                    file=sys.stderr,
                    flush=True,
                )
                done = subprocess.run(
                    [sys.executable, "-m", "crepitus", "assess", "--text", "--batch", "-"],
                    input="".join(json.dumps(r["narrative"]) + "\n" for r in part),
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=tree,
                    env={
                        **os.environ,
                        "PYTHONPATH": str(tree / "src"),
                        "CREPITUS_TODAY": "2026-12-07",
                    },
                )
                for r, line in zip(part, done.stdout.splitlines(), strict=True):
                    levels[r["id"]] = json.loads(line)["triage"]
            finally:
                subprocess.run(
                    ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=True
                )
    OUT.write_text(json.dumps(dict(sorted(levels.items())), indent=0) + "\n", "utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(levels)} levels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
