"""The answers to "Was this helpful?", kept in a local SQLite file.

Writes go through one connection per call in WAL mode; nothing leaves the machine.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

MAX_COMMENT = 2_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created_at TEXT NOT NULL,
    helpful INTEGER NOT NULL CHECK (helpful IN (0, 1)),
    comment TEXT NOT NULL,
    triage TEXT NOT NULL,
    knowledge_version TEXT NOT NULL
)
"""


@dataclass(frozen=True, slots=True)
class Feedback:
    id: int
    created_at: datetime
    helpful: bool
    comment: str
    triage: str
    knowledge_version: str


class FeedbackStore:
    """Feedback in the SQLite file at ``path`` (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(self, helpful: bool, comment: str, triage: str, knowledge_version: str) -> int:
        """Keep one answer; return its id. Comments longer than MAX_COMMENT are refused."""
        if len(comment) > MAX_COMMENT:
            raise ValueError(f"comment: at most {MAX_COMMENT} characters")
        created = datetime.now(UTC).isoformat()
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO feedback (created_at, helpful, comment, triage, knowledge_version)"
                " VALUES (?, ?, ?, ?, ?)",
                (created, int(helpful), comment, triage, knowledge_version),
            )
            return int(cursor.lastrowid or 0)

    def all(self) -> list[Feedback]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, created_at, helpful, comment, triage, knowledge_version"
                " FROM feedback ORDER BY id"
            ).fetchall()
        return [
            Feedback(r[0], datetime.fromisoformat(r[1]), bool(r[2]), r[3], r[4], r[5]) for r in rows
        ]
