"""A server killed in the middle of writes starts again cleanly, with every entry it acknowledged.

Fifty browsers write to the diary; once a few thousand entries are saved, the server and all
its workers get SIGKILL at once (no shutdown, no flush). It must then start on the same database
and serve; every acknowledged entry must be there exactly once; the database's own integrity
checks must pass. Entries in flight at the kill may or may not be there, but never twice.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.durability.conftest import Database, Server, Writers, assert_exactly_once

CLIENTS = 50
PER_CLIENT = 200
KILL_AFTER = 2_000  # acknowledged entries; a fifth of what the browsers mean to write

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("database_fixture", "workers"),
    [
        pytest.param("sqlite_database", 1, id="sqlite-1-worker"),
        pytest.param("sqlite_database", 2, id="sqlite-2-workers"),
        pytest.param("postgres_database", 4, id="postgresql-4-workers"),
    ],
)
def test_a_killed_server_restarts_with_every_acknowledged_entry(
    database_fixture: str, workers: int, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    database: Database = request.getfixturevalue(database_fixture)
    log = tmp_path / "server.log"

    with Server(database, workers, log) as server:
        writers = Writers(server.url, CLIENTS, PER_CLIENT, tag="before-").start()
        writers.wait_for(KILL_AFTER)
        server.kill()
        before = writers.join()
        _assert_all_gone(server)
    assert KILL_AFTER <= len(before.acknowledged) < CLIENTS * PER_CLIENT, "not killed mid-way"
    assert before.failures, "the browsers never noticed the server was gone"
    if database.kind == "sqlite":  # the kill left the write-ahead log for the restart to recover
        assert Path(database.url.split("///", 1)[1] + "-wal").exists()

    with Server(database, workers, log) as again:
        assert httpx.get(f"{again.url}/diary", timeout=60).status_code == 200
        after = Writers(again.url, 10, 20, tag="after-").start().join()
    assert after.failures == [] and len(after.acknowledged) == 200

    notes = database.notes()
    in_flight = {n for n in notes if n.startswith("before-")} - before.acknowledged
    print(f"\n{database.kind}, {workers} worker(s): killed after {len(before.acknowledged)} saved;")
    print(f"{len(in_flight)} entries in flight at the kill were saved but never acknowledged")
    assert_exactly_once(before, notes, tag="before-")
    assert_exactly_once(after, notes, tag="after-")
    assert database.integrity_problems() == []


def _assert_all_gone(server: Server) -> None:
    deadline = time.monotonic() + 10
    while left := server.left_running():
        assert time.monotonic() < deadline, f"processes survived SIGKILL: {left}"
        time.sleep(0.05)
