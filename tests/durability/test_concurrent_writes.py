"""Fifty browsers writing to one diary at once lose nothing and save nothing twice.

A real ``crepitus serve`` (one worker, or several on one database) takes 50 x 200 entries
through the diary page's form; then the store is read directly. Every entry the server
acknowledged must be there exactly once. Each setup starts one server, on a database of its own.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import httpx
import pytest

from tests.cli.conftest import crepitus
from tests.durability.conftest import (
    Database,
    Server,
    Writers,
    assert_exactly_once,
    postgres_schema,
    sqlite_in,
)
from tests.web.forms import FIELD, csrf_token

CLIENTS = 50
PER_CLIENT = 200

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Served:
    database: Database
    server: Server
    workers: int


@pytest.fixture(
    scope="module",
    params=[("sqlite", 1), ("sqlite", 2), ("postgresql", 4)],
    ids=["sqlite-1-worker", "sqlite-2-workers", "postgresql-4-workers"],
)
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    kind, workers = request.param
    folder = tmp_path_factory.mktemp(f"{kind}-{workers}")
    with ExitStack() as stack:
        if kind == "sqlite":
            database = sqlite_in(folder)
        else:
            database = stack.enter_context(postgres_schema(folder))
        server = stack.enter_context(Server(database, workers, folder / "server.log"))
        _wait_for_workers(server, workers)
        yield Served(database, server, workers)


def test_every_worker_reads_what_any_worker_wrote(served: Served) -> None:
    """Read-your-writes across workers: each request on a new connection, so any worker answers."""
    for number in range(20):
        note = f"seen-{number}"
        form = {"region": "cervical", "pops": "1", "pain": "0", "note": note}
        with httpx.Client(base_url=served.server.url) as browser:
            token = csrf_token(browser, "/diary")
            assert browser.post("/diary", data={**form, FIELD: token}).status_code == 303
        with httpx.Client(base_url=served.server.url) as browser:
            page = browser.get("/diary")
        assert page.status_code == 200 and note in page.text


def test_every_acknowledged_entry_is_stored_exactly_once(served: Served) -> None:
    began = time.perf_counter()
    writes = Writers(served.server.url, CLIENTS, PER_CLIENT, tag="w-").start().join()
    took = time.perf_counter() - began
    print(f"\n{served.database.kind}, {served.workers} worker(s): {CLIENTS * PER_CLIENT} writes")
    print(f"in {took:.1f} s ({CLIENTS * PER_CLIENT / took:.0f}/s)")
    assert writes.failures == []
    assert len(writes.acknowledged) == CLIENTS * PER_CLIENT
    notes = served.database.notes()
    assert_exactly_once(writes, notes, tag="w-")
    assert sum(n for note, n in notes.items() if note.startswith("w-")) == CLIENTS * PER_CLIENT


def test_an_in_memory_database_is_refused_for_several_workers() -> None:
    env = {**os.environ, "CREPITUS_DATABASE_URL": "sqlite:///:memory:"}
    done = crepitus("serve", "--workers", "2", env=env)
    assert done.returncode == 2
    assert "cannot be shared by several workers" in done.stderr


def _wait_for_workers(server: Server, workers: int) -> None:
    """Every worker process has started before the load begins."""
    if workers == 1:
        return
    deadline = time.monotonic() + 60
    while len(server.worker_pids()) < workers:
        assert time.monotonic() < deadline, f"only {len(server.worker_pids())} workers started"
        time.sleep(0.1)
