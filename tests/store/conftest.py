"""Every storage test runs twice: on a SQLite file and on the real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from crepitus.store.db import sqlite_url
from crepitus.store.diary import OwnerStore, Store

POSTGRES = os.environ.get("CREPITUS_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def postgres_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    # a schema of its own: tables left in the shared database by another checkout (say, at a
    # newer migration) never meet this run's
    from tests.durability.conftest import postgres_schema

    with postgres_schema(tmp_path_factory.mktemp("store")) as database:
        try:
            store = Store(database.url)
        except Exception as exc:  # the server must be there: CI starts it
            pytest.fail(f"PostgreSQL at {POSTGRES} is not reachable ({exc}); start it")
        yield store
        store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        local = Store(sqlite_url(tmp_path / "diary.sqlite3"))
        yield local
        local.close()
    else:
        yield request.getfixturevalue("postgres_store")


@pytest.fixture
def diary(store: Store) -> Iterator[OwnerStore]:
    """A fresh owner in the store, removed afterwards (the PostgreSQL database is shared)."""
    owner = store.owner(f"test-{uuid.uuid4().hex[:12]}")
    yield owner
    owner.forget_all()
