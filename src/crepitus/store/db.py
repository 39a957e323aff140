"""Opening the database: SQLite by default, PostgreSQL when CREPITUS_DATABASE_URL says so.

Migrations (Alembic, in ``store/migrations``) are applied every time a store opens, so a new
release upgrades an old diary file by itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from crepitus.errors import CrepitusError


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def connect(url: str) -> Engine:
    """An engine for ``url`` with the schema brought up to date."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    try:
        migrate(engine)
    except Exception as exc:
        engine.dispose()
        raise CrepitusError(f"cannot open the database at {engine.url!r}: {exc}") from exc
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the single writer
    # FULL: a saved entry is on disk before "saved" is answered, so a power cut cannot lose it
    # (NORMAL, faster, can lose the last commits then; WAL keeps the file whole either way)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


MIGRATION_LOCK = 0x63726570  # "crep": the PostgreSQL advisory lock held while migrating


def migrate(engine: Engine) -> None:
    """Apply every migration not applied yet, one process at a time.

    Several server workers open the database at the same moment. Without a lock each sees an
    empty database and creates the tables, and all but one fail (or, on SQLite, one renames the
    tables another has just made). So the migration runs in one transaction that first takes a
    lock: PostgreSQL's advisory lock, or SQLite's write lock (``BEGIN IMMEDIATE``, which also
    makes the DDL one transaction: the driver would otherwise run each statement on its own).
    Whoever waited then finds the schema at head and has nothing to do.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("crepitus.store").joinpath("migrations"))
    )
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
