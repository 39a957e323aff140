"""``crepitus serve``: the web app on uvicorn."""

from __future__ import annotations

import sys
import threading


def run_serve(host: str | None, port: int | None) -> int:
    import uvicorn

    from crepitus.settings import Settings
    from crepitus.web.app import create_app

    overrides = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    settings = Settings(**overrides)  # type: ignore[arg-type]
    app = create_app(settings)
    # load the free-text reader (about 2 s) while the server starts, not on the first description
    threading.Thread(target=_warm_reader, name="warm-reader", daemon=True).start()
    url = f"http://{settings.host}:{settings.port}"
    sys.stderr.write(f"crepitus is serving the check at {url}/ (API docs at {url}/docs)\n")
    sys.stderr.write(f"Local data: {settings.data_dir}. Stop with Ctrl-C.\n")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    return 0


def _warm_reader() -> None:
    from contextlib import suppress

    from crepitus.errors import CrepitusError
    from crepitus.understanding import understand

    # without the NLP extra, the check says so when a description is given
    with suppress(CrepitusError):
        understand("")
