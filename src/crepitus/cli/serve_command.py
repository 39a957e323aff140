"""``crepitus serve``: the web app on uvicorn, in one process or in several worker processes.

A worker keeps nothing another worker needs: the check carries its answers in a hidden form
field, and the diary, saved results and feedback live in the database. So any worker can answer
any request, and several workers on one PostgreSQL (or one SQLite file, in WAL mode with a busy
timeout) serve the same people consistently.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

WORKER_APP = "crepitus.cli.serve_command:worker_app"
# Our request log (crepitus.web.security.AccessLog, set up by crepitus.logs.configure) replaces
# uvicorn's, which would log each raw path with its query string; log_config=None keeps uvicorn
# from replacing our log handlers with its own.
UVICORN_LOGS: dict[str, Any] = {"log_level": "warning", "log_config": None, "access_log": False}


def run_serve(
    host: str | None, port: int | None, workers: int = 1, multi_user: bool = False
) -> int:
    import uvicorn

    from crepitus.errors import CrepitusError
    from crepitus.logs import configure
    from crepitus.settings import Settings
    from crepitus.store.diary import Store
    from crepitus.web.app import create_app, server_mode_problems

    overrides: dict[str, Any] = {k: v for k, v in (("host", host), ("port", port)) if v}
    if multi_user:
        overrides["multi_user"] = True
    settings = Settings(**overrides)
    refused = server_mode_problems(settings)
    if refused:
        sys.stderr.write(f"crepitus: {refused}\n")
        return 2
    if workers > 1 and _in_memory(settings.database):
        sys.stderr.write(
            "crepitus: an in-memory database cannot be shared by several workers;"
            " use a database file or PostgreSQL, or --workers 1.\n"
        )
        return 2
    try:
        if workers == 1:
            app = create_app(settings)
        else:
            # migrate once here, and say plainly when the database cannot be opened, rather
            # than have every worker fail on its own
            Store(settings.database).close()
    except CrepitusError as exc:
        sys.stderr.write(f"crepitus: {exc}\n")
        return 1
    url = f"http://{settings.host}:{settings.port}"
    sys.stderr.write(f"crepitus is serving the check at {url}/ (API docs at {url}/docs)\n")
    where = settings.database_url and _without_password(settings.database_url)
    sys.stderr.write(f"Data: {where or settings.data_dir}. Stop with Ctrl-C.\n")
    if settings.multi_user:
        sys.stderr.write("Server mode: accounts and share links; serve it over HTTPS.\n")
    configure(settings.log_format, settings.access_log)
    if workers == 1:
        # load the free-text reader (about 2 s) while the server starts, not on the first
        # description
        threading.Thread(target=_warm_reader, name="warm-reader", daemon=True).start()
        _settle()
        uvicorn.run(app, host=settings.host, port=settings.port, **UVICORN_LOGS)
        return 0
    sys.stderr.write(f"{workers} worker processes.\n")
    # each worker builds its own app from the same settings, which come from the environment
    os.environ["CREPITUS_HOST"] = settings.host
    os.environ["CREPITUS_PORT"] = str(settings.port)
    os.environ["CREPITUS_MULTI_USER"] = "true" if settings.multi_user else "false"
    uvicorn.run(
        WORKER_APP,
        factory=True,
        workers=workers,
        host=settings.host,
        port=settings.port,
        **UVICORN_LOGS,
    )
    return 0


def worker_app() -> FastAPI:
    """The app of one worker process of ``crepitus serve --workers N`` (a uvicorn factory)."""
    from crepitus.logs import configure
    from crepitus.settings import Settings
    from crepitus.web.app import create_app

    settings = Settings()
    configure(settings.log_format, settings.access_log)  # each worker writes its own lines
    app = create_app(settings)
    threading.Thread(target=_warm_reader, name="warm-reader", daemon=True).start()
    _settle()
    return app


def _in_memory(url: str) -> bool:
    return url.startswith("sqlite") and url.split("///", 1)[-1] in ("", ":memory:")


def _without_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _warm_reader() -> None:
    from contextlib import suppress

    from crepitus.errors import CrepitusError
    from crepitus.web.reading import readers

    # start the reader process; without the NLP extra, the check says so when a description
    # is given
    with suppress(CrepitusError):
        readers.warm()
    _settle()


def _settle() -> None:
    """Keep what was loaded at start-up out of the garbage collector's full passes.

    The knowledge base, the compiled engine, the templates and the reader live as long as the
    process. Without this, a page that makes many objects (the diary page makes one per entry)
    sets off a full collection every few requests, which walks them all: 80 ms more on the
    five-year diary of bench/diary_writes.py.
    """
    import gc

    gc.freeze()
