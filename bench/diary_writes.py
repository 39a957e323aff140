"""Sustained diary writes and read latency of ``crepitus serve``: 4 workers on PostgreSQL, 1 on SQLite.

    python bench/diary_writes.py [--seconds 20] [--read-seconds 10] [--write docs/benchmarks.md]

For each setup, starts ``crepitus serve --workers N`` on a fresh database (a scratch PostgreSQL
database, ``crepitus_bench_writes``, dropped afterwards; or a SQLite file in a temporary folder),
fills the diary with one entry a day for five years (1,826 entries, as bench/report.py does),
then, after a few seconds of warm-up reads:

1. reads: one client, then ``--readers`` clients, each sending its next request as soon as the
   last is answered, for ``--read-seconds`` each on ``GET /diary/{id}/edit`` (one entry, by id)
   and ``GET /diary`` (the diary page: the latest 50 entries, the count and the trends), with
   every latency recorded;
2. writes: ``--clients`` clients posting the diary page's form (``POST /diary``, as a browser
   does, answered with the redirect) for ``--seconds``; entries saved per second, and latencies.

The clients speak HTTP/1.1 over keep-alive connections with a few lines of asyncio, so the load
generator costs far less than the server; it still shares the machine with the server and the
database. The server logs as it does in production (one JSON line a request, to /dev/null here).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import diary
from bench.throughput import write
from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store

START = "<!-- diary-writes:start -->"
END = "<!-- diary-writes:end -->"
WARM_UP = 5.0  # seconds of reads before anything is measured, while every worker finishes loading
SCRATCH = "crepitus_bench_writes"


@dataclass
class Timed:
    """Latencies (seconds) of the requests answered as expected, over ``seconds``."""

    latencies: list[float]
    seconds: float

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


@dataclass
class Result:
    name: str
    workers: int
    reads: dict[tuple[str, int], Timed]  # (what, readers) -> timings
    writes: Timed
    entries: int


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(env: dict[str, str], workers: int) -> Iterator[int]:
    """``crepitus serve --workers N`` on a free port, in its own process group; yield the port."""
    port = free_port()
    script = Path(sys.executable).with_name("crepitus")
    process = subprocess.Popen(
        [str(script), "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(600):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


class Connection:
    """One keep-alive HTTP/1.1 connection: send a request, read the answer's status and body."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def ask(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        found = re.search(rb"content-length: *(\d+)", head.lower())
        if found is None:
            raise SystemExit(f"an answer without a length: {head[:200]!r}")
        await self.reader.readexactly(int(found.group(1)))
        return int(head[9:12])

    def close(self) -> None:
        self.writer.close()


def get(path: str, port: int) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()


def form_post(port: int, client: int, number: int) -> bytes:
    """The diary form as a browser posts it."""
    fields = [
        ("at", ""),
        ("region", "lumbar"),
        ("pops", str(1 + number % 5)),
        ("pain", str(number % 11)),
        ("triggers", "bending"),
        ("note", f"bench c{client} e{number}"),
    ]
    body = urlencode(fields).encode()
    return (
        f"POST /diary HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def closed_loop(
    port: int, clients: int, seconds: float, request: Callable[[int, int], bytes], expect: int
) -> Timed:
    """``clients`` connections, each sending its next request as soon as the last is answered."""
    began = time.perf_counter()
    stop = began + seconds
    latencies: list[float] = []

    async def client(number: int) -> None:
        connection = await Connection.open(port)
        sent = 0
        while (now := time.perf_counter()) < stop:
            status = await connection.ask(request(number, sent))
            if status != expect:
                raise SystemExit(f"expected {expect}, got {status}")
            latencies.append(time.perf_counter() - now)
            sent += 1
        connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return Timed(latencies, time.perf_counter() - began)


def measure(
    name: str, env: dict[str, str], url: str, workers: int, args: argparse.Namespace
) -> Result:
    store = Store(url)
    ids = [entry.id for entry in store.owner().add_many(diary())]
    store.close()
    with serving(env, workers) as port:
        pages = {
            "entry": lambda c, n: get(f"/diary/{ids[(c * 7919 + n) % len(ids)]}/edit", port),
            "page": lambda c, n: get("/diary", port),
        }
        asyncio.run(closed_loop(port, args.readers, WARM_UP, pages["entry"], 200))
        reads = {
            (what, readers): asyncio.run(
                closed_loop(port, readers, args.read_seconds, pages[what], 200)
            )
            for what in pages
            for readers in (1, args.readers)
        }
        writes = asyncio.run(
            closed_loop(port, args.clients, args.seconds, lambda c, n: form_post(port, c, n), 303)
        )
    store = Store(url)
    entries = store.owner().count()
    store.close()
    print(f"{name}, --workers {workers}: {writes.rate:.0f} writes/s", file=sys.stderr)
    return Result(name, workers, reads, writes, entries)


def postgres(args: argparse.Namespace) -> Result:
    server = create_engine(
        args.postgres.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
        isolation_level="AUTOCOMMIT",
    )
    with server.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH}"))
        connection.execute(text(f"CREATE DATABASE {SCRATCH}"))
        version = connection.scalar(text("SHOW server_version"))
    url = f"{args.postgres}/{SCRATCH}"
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {"CREPITUS_DATA_DIR": folder, "CREPITUS_DATABASE_URL": url}
            name = f"PostgreSQL {str(version).split()[0]}"
            return measure(name, env, url, args.postgres_workers, args)
    finally:
        with server.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
        server.dispose()


def sqlite(args: argparse.Namespace) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        env = {"CREPITUS_DATA_DIR": folder}
        os.environ.pop("CREPITUS_DATABASE_URL", None)
        url = sqlite_url(Path(folder) / "crepitus.sqlite3")
        return measure(f"SQLite {sqlite3.sqlite_version}", env, url, args.sqlite_workers, args)


def section(results: list[Result], args: argparse.Namespace) -> str:
    def row(label: str, cell: Callable[[Result], str]) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in results) + " |"

    def latency(timed: Timed, rate: bool = True) -> str:
        cell = f"{timed.percentile(0.5):.1f} / {timed.percentile(0.99):.1f} ms"
        return f"{cell} ({timed.rate:,.0f}/s)" if rate else cell

    head = " | ".join(f"{r.name}, {r.workers} worker{'s' * (r.workers > 1)}" for r in results)
    rows = [
        f"| | {head} |",
        "|---|" + "---|" * len(results),
        row(
            f"diary writes (`POST /diary`, the form), {args.clients} clients",
            lambda r: f"**{r.writes.rate:,.0f} entries/s**",
        ),
        row("write latency, p50 / p99", lambda r: latency(r.writes, rate=False)),
    ]
    for what, label in (
        ("entry", "one entry (`GET /diary/{id}/edit`)"),
        ("page", "the diary page (`GET /diary`)"),
    ):
        for readers in (1, args.readers):
            clients = f"{readers} reader{'s' * (readers > 1)}"
            cells = [latency(r.reads[what, readers]) for r in results]
            rows.append(f"| {label}, {clients}: p50 / p99 | " + " | ".join(cells) + " |")
    rows.append(row("entries in the diary at the end", lambda r: f"{r.entries:,}"))
    table = "\n".join(rows)
    return f"""{START}
## Diary writes and reads with several workers

Command: `python bench/diary_writes.py --write docs/benchmarks.md` (also `make bench`), on
{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores.
`crepitus serve --workers N` on a fresh database holding a five-year diary (1,826 entries). After
{WARM_UP:g} s of warm-up reads, each read load runs {args.read_seconds:g} s, then the write load
{args.seconds:g} s; every request is timed, and the rate each load sustained is in brackets.

{table}

The server, the database and the load generator share the same {os.cpu_count()} cores over
loopback, so the workers compete with PostgreSQL and with the clients: four workers cannot beat
one by much on two cores, and these figures are floors, not ceilings. With {args.clients} clients
always waiting, a write's latency is mostly its turn in the queue. Reads were measured before the
writes, on the 1,826-entry diary; the diary page reads every entry to count them and work out the
trends, so its time grows with the diary. Every acknowledged write is durable: see
tests/durability/.
{END}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--read-seconds", type=float, default=10)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--postgres-workers", type=int, default=4)
    parser.add_argument("--sqlite-workers", type=int, default=1)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    results = [postgres(args), sqlite(args)]
    text_ = section(results, args)
    print(text_)
    if args.write:
        write(args.write, text_, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
