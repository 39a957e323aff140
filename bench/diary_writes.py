"""Sustained diary writes and read latency: a clinic's server on PostgreSQL, a person's on SQLite.

    python bench/diary_writes.py [--seconds 20] [--read-seconds 10] [--write docs/benchmarks.md]

Three setups, each on a fresh database:

- PostgreSQL: the clinic configuration, ``crepitus serve --multi-user --workers 4`` on a scratch
  database (``crepitus_bench_writes``, dropped afterwards). One account per client, created
  with ``Accounts.register`` and each given its own five-year diary (one entry a day, 1,826
  entries, as bench/report.py makes it: added to the first account, then copied row for row to
  the others) and its own session; every client is signed in as its account and reads and
  writes only that account's diary.
- PostgreSQL again, for comparison (``--no-personal-postgres`` leaves it out): personal mode,
  ``crepitus serve --workers 4`` on a new scratch database, no accounts, so the table shows what
  the accounts cost on the same database and workers.
- SQLite: personal mode, ``crepitus serve --workers 1`` on a file in a temporary folder, with
  no accounts: one five-year diary that every client reads and writes.

Each client is a browser of its own: it first loads the diary page (``GET /diary``, with its
session cookie in server mode), keeps the ``crepitus_csrf`` cookie the answer sets and the
``csrf_token`` of the page's form, then sends both with every request, as a browser does. Then,
after a few seconds of warm-up reads:

1. reads: one client, then ``--readers`` clients, each sending its next request as soon as the
   last is answered, for ``--read-seconds`` each on ``GET /diary/{id}/edit`` (one entry of the
   client's own diary, by id) and ``GET /diary`` (the diary page: the latest 50 entries, the
   count and the trends), with every latency recorded;
2. writes: ``--clients`` clients posting the diary page's form (``POST /diary``, as a browser
   does, answered with the redirect to ``/diary?saved=1``) for ``--seconds``; entries saved per
   second, and latencies.

Every answer is checked: reads must be 200, writes 303 to ``/diary?saved=1``; any other answer
is counted, and the run stops with the counts after the load that got it. After the writes,
each diary must hold exactly its seeded entries plus the writes acknowledged for it.

The clients speak HTTP/1.1 over keep-alive connections with a few lines of asyncio, so the load
generator costs far less than the server; it still shares the machine with the server and the
database. The server logs as it does in production (one JSON line a request, to /dev/null here).
Server mode's session cookie is Secure, for HTTPS; a raw client sends it over plain http to
127.0.0.1 all the same, so no TLS is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import fill
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, insert, literal, select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import diary
from bench.throughput import write
from crepitus.store.accounts import Accounts
from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store
from crepitus.store.models import LOCAL_OWNER, Entry
from crepitus.web.auth import COOKIE as SESSION_COOKIE
from crepitus.web.csrf import COOKIE as CSRF_COOKIE
from crepitus.web.csrf import FIELD as CSRF_FIELD

START = "<!-- diary-writes:start -->"
END = "<!-- diary-writes:end -->"
WARM_UP = 5.0  # seconds of reads before anything is measured, while every worker finishes loading
SCRATCH = "crepitus_bench_writes"
WIDTH = 98  # of the Markdown's lines
SAVED = "/diary?saved=1"  # where an acknowledged write redirects
PASSWORD = "bench password, not a secret"


@dataclass
class Timed:
    """Latencies (seconds) of the requests answered as expected, over ``seconds``."""

    latencies: list[float]
    seconds: float
    answered: Counter[int] = field(default_factory=Counter)  # client -> answers as expected
    unexpected: Counter[str] = field(default_factory=Counter)  # what came instead -> how often

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


@dataclass
class Client:
    """One browser: the diary it owns, its cookies, and the token of its forms."""

    owner: str  # the owner id of its diary's rows
    ids: list[int]  # the entries of its diary, as seeded
    session: str = ""  # the session token (server mode), or "" (personal mode)
    csrf: str = ""  # the crepitus_csrf cookie the server gave it
    token: str = ""  # the csrf_token of the page's forms

    def cookie(self) -> str:
        pairs = [(SESSION_COOKIE, self.session)] if self.session else []
        pairs.append((CSRF_COOKIE, self.csrf))
        return "; ".join(f"{name}={value}" for name, value in pairs)


@dataclass
class Setup:
    """How one column is served: its name, mode, workers and the clients' accounts."""

    name: str
    env: dict[str, str]
    url: str
    workers: int
    multi_user: bool


@dataclass
class Result:
    setup: Setup
    reads: dict[tuple[str, int], Timed]  # (what, readers) -> timings
    writes: Timed
    diaries: int  # how many diaries the clients used
    seeded: int  # entries in those diaries before the writes
    entries: int  # entries in those diaries at the end


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(setup: Setup) -> Iterator[int]:
    """``crepitus serve`` on a free port, in its own process group; yield the port."""
    port = free_port()
    script = Path(sys.executable).with_name("crepitus")
    command = [str(script), "serve", "--port", str(port), "--workers", str(setup.workers)]
    if setup.multi_user:
        command.append("--multi-user")
    # only this setup's settings: none of the CREPITUS_ variables of the shell running us
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREPITUS_")}
    process = subprocess.Popen(
        command,
        env={**env, **setup.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(600):
            if process.poll() is not None:
                raise SystemExit(f"{' '.join(command)} stopped with {process.returncode}")
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
    """One keep-alive HTTP/1.1 connection: send a request, read the answer's status and head."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def ask(self, request: bytes) -> tuple[int, bytes]:
        if self.streams is None:
            self.streams = await asyncio.open_connection("127.0.0.1", self.port)
        reader, writer = self.streams
        writer.write(request)
        head = (await reader.readuntil(b"\r\n\r\n")).lower()
        found = re.search(rb"content-length: *(\d+)", head)
        if found is None:
            raise SystemExit(f"an answer without a length: {head[:200]!r}")
        await reader.readexactly(int(found.group(1)))
        if b"\r\nconnection: close" in head:
            self.close()
        return int(head[9:12]), head

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


def location(head: bytes) -> str:
    found = re.search(rb"\r\nlocation: *([^\r]*)", head)
    return found.group(1).decode("latin-1") if found else ""


def get(path: str, port: int, client: Client) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {client.cookie()}\r\n\r\n"
    ).encode()


def form_post(port: int, client: Client, client_number: int, number: int) -> bytes:
    """The diary form as a browser posts it, with the page's CSRF token and the cookies."""
    fields = [
        (CSRF_FIELD, client.token),
        ("at", ""),
        ("region", "lumbar"),
        ("pops", str(1 + number % 5)),
        ("pain", str(number % 11)),
        ("triggers", "bending"),
        ("note", f"bench c{client_number} e{number}"),
    ]
    body = urlencode(fields).encode()
    return (
        f"POST /diary HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n"
        f"Cookie: {client.cookie()}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def closed_loop(
    port: int,
    clients: int,
    seconds: float,
    request: Callable[[int, int], bytes],
    expect: int,
    *,
    expect_location: str = "",
) -> Timed:
    """``clients`` connections, each sending its next request as soon as the last is answered.

    An answer other than ``expect`` (with ``expect_location``, when given) is counted, not
    timed; ``check`` stops the run when there was any.
    """
    began = time.perf_counter()
    stop = began + seconds
    timed = Timed([], 0.0)

    async def client(number: int) -> None:
        connection = Connection(port)
        sent = 0
        while (now := time.perf_counter()) < stop:
            status, head = await connection.ask(request(number, sent))
            sent += 1
            where = location(head)
            if status != expect or (expect_location and where != expect_location):
                timed.unexpected[f"{status} {where}".strip()] += 1
                continue
            timed.latencies.append(time.perf_counter() - now)
            timed.answered[number] += 1
        connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    timed.seconds = time.perf_counter() - began
    return timed


def check(timed: Timed, what: str) -> Timed:
    """Stop the run, loudly, when any answer was not the one expected."""
    if timed.unexpected:
        counts = ", ".join(f"{n} x {answer}" for answer, n in timed.unexpected.most_common())
        raise SystemExit(f"{what}: unexpected answers ({counts}); stopping")
    if not timed.latencies:
        raise SystemExit(f"{what}: no request was answered")
    return timed


def sign_in_forms(port: int, clients: list[Client]) -> None:
    """Open the diary page as each browser would, and keep the CSRF cookie and token it gets."""
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
        for client in clients:
            http.cookies.clear()  # a browser of its own: no cookie of the one before
            cookie = {"Cookie": f"{SESSION_COOKIE}={client.session}"} if client.session else {}
            answer = http.get("/diary", headers=cookie)
            if answer.status_code != 200:
                where = answer.headers.get("location", "")
                raise SystemExit(f"GET /diary: {answer.status_code} {where}, not the page")
            set_cookies = " ".join(answer.headers.get_list("set-cookie"))
            seed = re.search(rf"{CSRF_COOKIE}=([A-Za-z0-9_-]+)", set_cookies)
            token = re.search(rf'name="{CSRF_FIELD}" value="([0-9a-f]+)"', answer.text)
            if seed is None or token is None:
                raise SystemExit("GET /diary gave no CSRF cookie or no token in the form")
            client.csrf, client.token = seed.group(1), token.group(1)


def seed(setup: Setup, count: int) -> list[Client]:
    """The clients, each with its diary: ``count`` accounts in server mode, else one owner.

    In server mode the first account's diary is added as the personal one is (``add_many``),
    then copied, row for row, to every other account in one statement each: adding it 32 times
    over the ORM would take minutes, and the rows are the same.
    """
    store = Store(setup.url)
    try:
        if not setup.multi_user:
            ids = [entry.id for entry in store.owner(LOCAL_OWNER).add_many(diary())]
            return [Client(LOCAL_OWNER, ids) for _ in range(count)]
        accounts = Accounts(store)
        made = [accounts.register(f"bench{number:02d}", PASSWORD) for number in range(count)]
        store.owner(made[0].owner).add_many(diary())
        copied = [c for c in Entry.__table__.columns if c.name not in {"id", "owner"}]
        with store.session() as session:
            for account in made[1:]:
                rows = select(literal(account.owner), *copied).where(Entry.owner == made[0].owner)
                names = ["owner", *(c.name for c in copied)]
                session.execute(insert(Entry).from_select(names, rows.order_by(Entry.id)))
        clients = []
        with store.session() as session:
            for account in made:
                query = select(Entry.id).where(Entry.owner == account.owner).order_by(Entry.id)
                ids = list(session.scalars(query))
                token = accounts.start_session(account)
                clients.append(Client(account.owner, ids, session=token))
        return clients
    finally:
        store.close()


def counts(url: str, owners: set[str]) -> dict[str, int]:
    store = Store(url)
    try:
        return {owner: store.owner(owner).count() for owner in owners}
    finally:
        store.close()


def measure(setup: Setup, args: argparse.Namespace) -> Result:
    clients = seed(setup, max(args.clients, args.readers))
    owners = {client.owner for client in clients}
    before = counts(setup.url, owners)
    with serving(setup) as port:
        sign_in_forms(port, clients)

        def entry(c: int, n: int) -> bytes:
            ids = clients[c].ids
            return get(f"/diary/{ids[(c * 7919 + n) % len(ids)]}/edit", port, clients[c])

        pages = {"entry": entry, "page": lambda c, n: get("/diary", port, clients[c])}
        check(asyncio.run(closed_loop(port, args.readers, WARM_UP, entry, 200)), "warm-up")
        reads = {
            (what, readers): check(
                asyncio.run(closed_loop(port, readers, args.read_seconds, pages[what], 200)),
                f"{setup.name}: {what} reads, {readers} readers",
            )
            for what in pages
            for readers in (1, args.readers)
        }
        writes = check(
            asyncio.run(
                closed_loop(
                    port,
                    args.clients,
                    args.seconds,
                    lambda c, n: form_post(port, clients[c], c, n),
                    303,
                    expect_location=SAVED,
                )
            ),
            f"{setup.name}: writes",
        )
    after = counts(setup.url, owners)
    acknowledged: Counter[str] = Counter()
    for number, n in writes.answered.items():
        acknowledged[clients[number].owner] += n
    for owner in owners:
        if after[owner] != before[owner] + acknowledged[owner]:
            raise SystemExit(
                f"{setup.name}: a diary holds {after[owner]:,} entries, not the"
                f" {before[owner]:,} seeded + {acknowledged[owner]:,} acknowledged"
            )
    print(f"{setup.name}, --workers {setup.workers}: {writes.rate:.0f} writes/s", file=sys.stderr)
    return Result(setup, reads, writes, len(owners), sum(before.values()), sum(after.values()))


def postgres(args: argparse.Namespace, multi_user: bool) -> Result:
    """A column on a fresh scratch database: server mode (with a secret key) or personal mode."""
    server = create_engine(
        args.postgres.replace("postgresql://", "postgresql+psycopg://") + "/postgres",
        isolation_level="AUTOCOMMIT",
    )
    with server.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {SCRATCH}"))
        version = connection.scalar(text("SHOW server_version"))
    url = f"{args.postgres}/{SCRATCH}"
    try:
        with tempfile.TemporaryDirectory() as folder:
            env = {"CREPITUS_DATA_DIR": folder, "CREPITUS_DATABASE_URL": url}
            if multi_user:
                env["CREPITUS_SECRET_KEY"] = secrets.token_urlsafe(32)
            name = f"PostgreSQL {str(version).split()[0]}"
            return measure(Setup(name, env, url, args.postgres_workers, multi_user), args)
    finally:
        with server.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
        server.dispose()


def sqlite(args: argparse.Namespace) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        env = {"CREPITUS_DATA_DIR": folder}
        url = sqlite_url(Path(folder) / "crepitus.sqlite3")
        name = f"SQLite {sqlite3.sqlite_version}"
        return measure(Setup(name, env, url, args.sqlite_workers, False), args)


def heading(result: Result) -> str:
    setup = result.setup
    mode = "server mode (`--multi-user`)" if setup.multi_user else "personal mode"
    workers = f"{setup.workers} worker{'s' * (setup.workers > 1)}"
    return f"{setup.name}, {mode}, {workers}"


def section(results: list[Result], args: argparse.Namespace) -> str:
    def row(label: str, cell: Callable[[Result], str]) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in results) + " |"

    def latency(timed: Timed, rate: bool = True) -> str:
        cell = f"{timed.percentile(0.5):.1f} / {timed.percentile(0.99):.1f} ms"
        return f"{cell} ({timed.rate:,.0f}/s)" if rate else cell

    def accounts(r: Result) -> str:
        if r.setup.multi_user:
            return f"{r.diaries} accounts, one per client, each its own diary"
        return "none: one diary, shared by every client"

    def entries(r: Result) -> str:
        saved = r.entries - r.seeded
        return f"{r.seeded:,} + {saved:,} = {r.entries:,}"

    rows = [
        "| | " + " | ".join(heading(r) for r in results) + " |",
        "|---|" + "---|" * len(results),
        row("accounts", accounts),
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
    rows.append(row("entries in the diaries: seeded + saved by the writes = at the end", entries))
    table = "\n".join(rows)
    cores = os.cpu_count()
    python = f"{platform.python_implementation()} {platform.python_version()}"
    paragraphs = [
        "Command: `python bench/diary_writes.py --write docs/benchmarks.md` (also `make bench`),"
        f" on {python}, {cores} cores. Each setup starts on a fresh database:",
        "\n".join(wrap(describe(r), initial_indent="- ", subsequent_indent="  ") for r in results),
        "Each client is a browser of its own: it first loads the diary page, keeps the"
        " `crepitus_csrf` cookie the answer sets and the form's `csrf_token`, and sends both with"
        f" every request. After {WARM_UP:g} s of warm-up reads, each read load runs"
        f" {args.read_seconds:g} s, then the write load {args.seconds:g} s; every request is"
        " timed, and the rate each load sustained is in brackets. Every read was answered 200 and"
        " every write 303 to `/diary?saved=1`, and each diary then held exactly its seeded"
        " entries plus the writes acknowledged for it: the script stops on any other answer or"
        " count.",
        table,
        server_cost(results),
        f"The server, the database and the load generator share the same {cores} cores over"
        " loopback, so the workers compete with PostgreSQL and with the clients: four workers"
        " cannot beat one by much on two cores, and these figures are floors, not ceilings. With"
        f" {args.clients} clients always waiting, a write's latency is mostly its turn in the"
        " queue. Reads were measured before the writes, on 1,826-entry diaries; the diary page"
        " reads every entry of its diary to count them and work out the trends, so its time grows"
        " with the diary (not with the other accounts' diaries). Every acknowledged write is"
        " durable: see tests/durability/.",
    ]
    body = "\n\n".join(p if p.startswith(("|", "- ")) else wrap(p) for p in paragraphs if p)
    return f"{START}\n## Diary writes and reads with several workers\n\n{body}\n{END}"


def wrap(paragraph: str, initial_indent: str = "", subsequent_indent: str = "") -> str:
    """The paragraph in lines of the page's width, never broken inside an option's hyphens."""
    return fill(
        paragraph,
        WIDTH,
        initial_indent=initial_indent,
        subsequent_indent=subsequent_indent,
        break_on_hyphens=False,
        break_long_words=False,
    )


def describe(result: Result) -> str:
    """What one column measured, in a sentence or two."""
    setup = result.setup
    workers = f"--workers {setup.workers}"
    if not setup.multi_user:
        compared = setup.name.startswith("PostgreSQL")
        return (
            f"{setup.name}{', for comparison' * compared}: personal mode"
            f"{' on the same database and workers' * compared}, `crepitus serve {workers}`, no"
            " accounts: one five-year diary (1,826 entries), which every client reads and writes."
        )
    return (
        f"{setup.name}: the clinic configuration, `crepitus serve --multi-user {workers}`, with"
        f" {result.diaries} accounts, one per client (created with `Accounts.register`), each"
        " holding its own five-year diary of 1,826 entries (added to the first account with"
        " `add_many`, then copied row for row to the others). Every client sends its account's"
        " session cookie and reads and writes only its own diary, so each request also looks up"
        " its session in the database."
    )


def server_cost(results: list[Result]) -> str:
    """Server mode against personal mode on the same database and workers, when both ran."""
    server = [r for r in results if r.setup.multi_user]
    personal = (
        [r for r in results if not r.setup.multi_user and r.setup.name == server[0].setup.name]
        if server
        else []
    )
    if not personal:
        return ""
    s, p = server[0], personal[0]
    change = (s.writes.rate - p.writes.rate) / p.writes.rate * 100

    def p50(r: Result, what: str) -> str:
        return f"{r.reads[what, 1].percentile(0.5):.1f}"

    return (
        f"Server mode against personal mode, on the same {s.setup.name.split()[0]} and"
        f" {s.setup.workers} workers: {s.writes.rate:,.0f} entries/s against"
        f" {p.writes.rate:,.0f} ({change:+.0f} %); one entry in {p50(s, 'entry')} ms against"
        f" {p50(p, 'entry')} ms and the diary page in {p50(s, 'page')} ms against"
        f" {p50(p, 'page')} ms (p50, one reader). What differs is the accounts: before any route"
        " runs, each request of server mode finds its session in the database (a query, in a"
        f" thread of the worker), and the writes go to {s.diaries} diaries instead of one."
    )


# The table before the forms carried CSRF tokens: personal mode only, no cookies, no accounts.
# (workers, entries/s, one entry p50 ms, the diary page p50 ms), one reader
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--read-seconds", type=float, default=10)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--postgres-workers", type=int, default=4)
    parser.add_argument("--sqlite-workers", type=int, default=1)
    parser.add_argument(
        "--personal-postgres",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also measure personal mode on PostgreSQL with the same workers, for comparison",
    )
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    results = [postgres(args, multi_user=True)]
    if args.personal_postgres:
        results.append(postgres(args, multi_user=False))
    results.append(sqlite(args))
    text_ = section(results, args)
    print(text_)
    if args.write:
        write(args.write, text_, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
