"""Real ``crepitus serve`` processes, the databases under them, and many browsers writing at once.

Each test gets a database of its own: a SQLite file in its temporary folder, or a fresh schema in
the PostgreSQL test database (dropped afterwards), so runs never see each other's rows.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx
import pytest
from sqlalchemy import create_engine, text

from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store
from crepitus.store.models import LOCAL_OWNER
from tests.store.conftest import POSTGRES
from tests.web.forms import FIELD, csrf_token


@dataclass(frozen=True)
class Database:
    """A database: the URL the store opens, and the environment that serves it."""

    kind: str  # "sqlite" or "postgresql"
    url: str
    env: dict[str, str]
    schema: str = ""  # PostgreSQL: the schema that holds this test's tables

    def notes(self) -> Counter[str]:
        """How many times each note occurs in the local owner's diary, read through the store."""
        store = Store(self.url)
        try:
            return Counter(entry.note for entry in store.owner(LOCAL_OWNER).entries())
        finally:
            store.close()

    def integrity_problems(self) -> list[str]:
        """What the database's own checks find wrong (nothing, when all is well)."""
        if self.kind == "sqlite":
            return _sqlite_problems(Path(self.url.split("///", 1)[1]))
        return _postgres_problems(self.schema)


def _sqlite_problems(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        problems = []
        for check in ("integrity_check", "quick_check"):
            found = [row[0] for row in connection.execute(f"PRAGMA {check}")]
            if found != ["ok"]:
                problems.append(f"PRAGMA {check}: {'; '.join(found)[:500]}")
        return problems
    finally:
        connection.close()


def _postgres_problems(schema: str) -> list[str]:
    """Every entry row readable, and (with amcheck) every index of the table consistent with it.

    amcheck is installed in a transaction that is rolled back, so the shared test database is
    left as it was.
    """
    engine = create_engine(_psycopg(POSTGRES))
    problems: list[str] = []
    try:
        with engine.connect() as connection, connection.begin() as transaction:
            rows = connection.execute(text(f'SELECT * FROM "{schema}".entries')).all()
            counted = connection.scalar(text(f'SELECT count(*) FROM "{schema}".entries'))
            if len(rows) != counted:
                problems.append(f"read {len(rows)} rows but count(*) says {counted}")
            if not connection.scalar(
                text("SELECT count(*) FROM pg_available_extensions WHERE name = 'amcheck'")
            ):
                return problems
            connection.execute(text(f'CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA "{schema}"'))
            where = connection.scalar(
                text(
                    "SELECT extnamespace::regnamespace::text FROM pg_extension"
                    " WHERE extname = 'amcheck'"
                )
            )
            indexes = connection.execute(
                text(
                    "SELECT indexrelid::regclass::text FROM pg_index"
                    " WHERE indrelid = CAST(:table AS regclass)"
                ),
                {"table": f'"{schema}".entries'},
            ).scalars()
            checked = 0
            for index in indexes:
                # heapallindexed: every row of the table must be found in the index
                connection.execute(
                    text(f"SELECT {where}.bt_index_check(CAST(:index AS regclass), true)"),
                    {"index": index},
                )
                checked += 1
            if checked < 2:  # the primary key and ix_entries_owner_day
                problems.append(f"amcheck checked {checked} indexes of entries, expected 2")
            transaction.rollback()
    except Exception as exc:  # amcheck reports corruption as an error
        problems.append(str(exc))
    finally:
        engine.dispose()
    return problems


def _psycopg(url: str) -> str:
    return "postgresql+psycopg://" + url.removeprefix("postgresql://")


def sqlite_in(folder: Path) -> Database:
    """A SQLite diary file in ``folder``, as `crepitus serve` keeps it by default."""
    data = folder / "data"
    return Database(
        "sqlite", sqlite_url(data / "crepitus.sqlite3"), {"CREPITUS_DATA_DIR": str(data)}
    )


@contextmanager
def postgres_schema(folder: Path) -> Iterator[Database]:
    """A fresh schema in the PostgreSQL test database, dropped afterwards with all it holds."""
    schema = f"durability_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_psycopg(POSTGRES))
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # the server must be there: CI starts it
        pytest.fail(f"PostgreSQL at {POSTGRES} is not reachable ({exc}); start it (see .ci/run)")
    # the server's every connection finds (and creates) its tables in this schema only
    separator = "&" if "?" in POSTGRES else "?"
    url = f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"
    env = {"CREPITUS_DATA_DIR": str(folder / "data"), "CREPITUS_DATABASE_URL": url}
    try:
        yield Database("postgresql", url, env, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Database:
    return sqlite_in(tmp_path)


@pytest.fixture
def postgres_database(tmp_path: Path) -> Iterator[Database]:
    with postgres_schema(tmp_path) as database:
        yield database


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``crepitus serve`` in a process group of its own, so its workers can be killed with it."""

    def __init__(self, database: Database, workers: int, log: Path) -> None:
        self.database = database
        self.workers = workers
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        env = {**os.environ, **self.database.env}
        if "CREPITUS_DATABASE_URL" not in self.database.env:
            env.pop("CREPITUS_DATABASE_URL", None)
        command = [sys.executable, "-m", "crepitus", "serve", "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--workers", str(self.workers)],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"crepitus serve did not start:\n{self.log.read_text()}")
            time.sleep(0.1)

    def worker_pids(self) -> list[int]:
        """The uvicorn worker processes (children started with multiprocessing's spawn)."""
        assert self.process is not None
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                command = stat.with_name("cmdline").read_bytes()
            except (OSError, IndexError, ValueError):
                continue
            if parent == self.process.pid and b"spawn_main" in command:
                found.append(int(stat.parent.name))
        return found

    def left_running(self) -> list[int]:
        """Processes of the server's group still alive (zombies waiting to be reaped are not)."""
        assert self.process is not None
        alive = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid and fields[0] != "Z":
                alive.append(int(stat.parent.name))
        return alive

    def kill(self) -> None:
        """SIGKILL the server and every worker at once: no clean shutdown, no flush, no goodbye."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop the server the ordinary way (SIGTERM); kill it if it does not go."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        self.kill()  # any worker left behind


@dataclass
class Writes:
    """What the browsers sent, and which entries the server said it saved."""

    attempted: set[str] = field(default_factory=set)
    acknowledged: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


class Writers:
    """``clients`` browsers, each adding ``per_client`` diary entries through the page's form.

    Each has its own connection and, as a browser does, loads the diary page once (which sets its
    CSRF cookie), then posts the form (urlencoded, with its Origin and the page's token), one
    entry after another. The note carries a unique marker such as ``c17-e123``. An
    entry is acknowledged when the answer is the form's redirect to ``/diary?saved=1``; a
    browser stops at its first failed request (as when the server is gone).
    """

    def __init__(self, url: str, clients: int, per_client: int, tag: str = "") -> None:
        self.url = url
        self.tag = tag
        self.clients = clients
        self.per_client = per_client
        self.writes = Writes()
        self._threads = [
            threading.Thread(target=self._browser, args=(c,), name=f"browser-{c}", daemon=True)
            for c in range(clients)
        ]

    def start(self) -> Writers:
        for thread in self._threads:
            thread.start()
        return self

    def join(self, timeout: float = 600) -> Writes:
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        assert not any(t.is_alive() for t in self._threads), "the browsers did not finish"
        return self.writes

    def wait_for(self, acknowledged: int, timeout: float = 120) -> None:
        """Return once at least ``acknowledged`` entries were saved."""
        deadline = time.monotonic() + timeout
        while len(self.writes.acknowledged) < acknowledged:
            assert time.monotonic() < deadline, f"only {len(self.writes.acknowledged)} saved"
            assert any(t.is_alive() for t in self._threads), self.writes.failures[:5]
            time.sleep(0.01)

    def _browser(self, client: int) -> None:
        writes = self.writes
        headers = {"Origin": self.url}
        with httpx.Client(base_url=self.url, timeout=60, headers=headers) as browser:
            try:
                token = csrf_token(browser, "/diary")
            except (httpx.HTTPError, AssertionError) as exc:
                with writes.lock:
                    writes.failures.append(f"c{client} loading the diary: {exc!r}")
                return
            for number in range(self.per_client):
                marker = f"{self.tag}c{client}-e{number}"
                form = {
                    "region": "lumbar",
                    "pops": str(1 + number % 5),
                    "pain": str(number % 11),
                    "triggers": ["bending", "twisting"][: number % 3],
                    "note": marker,
                    FIELD: token,
                }
                with writes.lock:
                    writes.attempted.add(marker)
                try:
                    answer = browser.post("/diary", data=form)
                except httpx.HTTPError as exc:
                    with writes.lock:
                        writes.failures.append(f"{marker}: {exc!r}")
                    return
                if answer.status_code == 303 and answer.headers["location"] == "/diary?saved=1":
                    with writes.lock:
                        writes.acknowledged.add(marker)
                else:
                    with writes.lock:
                        writes.failures.append(
                            f"{marker}: {answer.status_code} {answer.text[:200]}"
                        )
                    return


def assert_exactly_once(writes: Writes, notes: Counter[str], tag: str = "") -> None:
    """Every acknowledged entry is stored once; nothing is stored twice or out of nowhere.

    Only notes that begin with ``tag`` are looked at, when other writers shared the diary.
    """
    notes = Counter({note: n for note, n in notes.items() if note.startswith(tag)})
    missing = sorted(writes.acknowledged - set(notes))
    assert not missing, f"{len(missing)} acknowledged entries are lost, e.g. {missing[:5]}"
    twice = sorted(note for note, n in notes.items() if n > 1)
    assert not twice, f"{len(twice)} entries are stored more than once, e.g. {twice[:5]}"
    unknown = sorted(set(notes) - writes.attempted)
    assert not unknown, f"entries nobody sent: {unknown[:5]}"
