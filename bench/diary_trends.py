"""Trends over a big diary table, computed in the database, on SQLite and on PostgreSQL.

    python bench/diary_trends.py [--rows 10000000] [--users 10000] [--write docs/benchmarks.md]

Fills a fresh database (a temporary SQLite file; a PostgreSQL database ``crepitus_bench`` on
127.0.0.1:5432, created and dropped here) with ``--rows`` entries spread over ``--users`` owners
and two years, through the same migrations the product uses, then times:

- one person's 12-week trends (``trends.compute``: the weekly sums in SQL, then the arithmetic),
  the median of 200 people chosen at random;
- the weekly sums of the whole population (one GROUP BY over every row).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text

from bench.throughput import write
from crepitus.diary.trends import compute
from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store
from crepitus.store.models import Entry

START = "<!-- diary-trends:start -->"
END = "<!-- diary-trends:end -->"
NOW = datetime(2026, 11, 28, tzinfo=UTC)
CHUNK = 200_000
COLUMNS = (
    "owner, at, day, region, pops, sound, triggers, pain, pain_at_pop, swelling, stiffness,"
    " note, created_at, updated_at"
)


def rows(count: int, users: int) -> Iterator[tuple[object, ...]]:
    rng = random.Random(1)
    span = 730 * 86_400
    for _ in range(count):
        moment = NOW - timedelta(seconds=rng.randrange(span))
        naive = moment.replace(tzinfo=None)
        pain = rng.choice((0, 0, 0, 1, 2, 3, 4, 5))
        yield (
            f"user-{rng.randrange(users)}", naive, int(moment.timestamp() // 86_400),
            rng.choice(("lumbar", "thoracic", "cervical")), rng.randint(1, 5), None, "[]", pain,
            pain > 2, False, False, "", naive, naive,
        )  # fmt: skip


def fill_sqlite(store: Store, count: int, users: int) -> None:
    raw = store.engine.raw_connection()
    cursor = raw.cursor()
    marks = ", ".join("?" * 14)
    batch: list[tuple[object, ...]] = []
    for row in rows(count, users):
        batch.append(tuple(r.isoformat(" ") if isinstance(r, datetime) else r for r in row))
        if len(batch) == CHUNK:
            cursor.executemany(f"INSERT INTO entries ({COLUMNS}) VALUES ({marks})", batch)
            batch.clear()
    cursor.executemany(f"INSERT INTO entries ({COLUMNS}) VALUES ({marks})", batch)
    raw.commit()
    raw.close()


def fill_postgres(store: Store, count: int, users: int) -> None:
    raw = store.engine.raw_connection()
    cursor = raw.cursor()
    with cursor.copy(f"COPY entries ({COLUMNS}) FROM STDIN") as copy:
        for row in rows(count, users):
            copy.write_row(row)
    raw.commit()
    cursor.execute("ANALYZE entries")
    raw.commit()
    raw.close()


def measure(store: Store, users: int) -> tuple[float, float]:
    rng = random.Random(2)
    per_person = []
    for _ in range(200):
        owner = store.owner(f"user-{rng.randrange(users)}")
        began = time.perf_counter()
        compute(owner, NOW)
        per_person.append(time.perf_counter() - began)
    week = (Entry.day + 3) // 7
    query = select(week, func.sum(Entry.pops), func.avg(Entry.pain)).group_by(week)
    began = time.perf_counter()
    with store.session() as session:
        weeks = session.execute(query).all()
    population = time.perf_counter() - began
    assert len(weeks) > 100
    return statistics.median(per_person), population


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        store = Store(sqlite_url(Path(folder) / "bench.sqlite3"))
        began = time.perf_counter()
        fill_sqlite(store, args.rows, args.users)
        print(f"SQLite filled in {time.perf_counter() - began:.0f} s", file=sys.stderr)
        results["SQLite"] = measure(store, args.users)
        store.close()
    from sqlalchemy import create_engine

    server = create_engine(f"{args.postgres.replace('postgresql://', 'postgresql+psycopg://')}/postgres",
                           isolation_level="AUTOCOMMIT")  # fmt: skip
    with server.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS crepitus_bench"))
        connection.execute(text("CREATE DATABASE crepitus_bench"))
    try:
        store = Store(f"{args.postgres}/crepitus_bench")
        began = time.perf_counter()
        fill_postgres(store, args.rows, args.users)
        print(f"PostgreSQL filled in {time.perf_counter() - began:.0f} s", file=sys.stderr)
        results["PostgreSQL 15"] = measure(store, args.users)
        store.close()
    finally:
        with server.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS crepitus_bench"))
    lines = "\n".join(
        f"| {name} | {one * 1000:.1f} ms | {everyone:.2f} s |"
        for name, (one, everyone) in results.items()
    )
    section = f"""{START}
## Diary trends over {args.rows:,} entries

Command: `python bench/diary_trends.py --rows {args.rows} --users {args.users} --write docs/benchmarks.md`.
{args.rows:,} entries of {args.users:,} people over two years, in the product's own schema (indexed
on owner and day). Weekly sums are computed in SQL; only a dozen weekly rows reach Python.

| database | one person's 12-week trends (median of 200) | weekly sums of everyone (one GROUP BY) |
|---|---|---|
{lines}
{END}"""
    print(section)
    if args.write:
        write(args.write, section, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
