"""``crepitus serve``: the web app on uvicorn."""

from __future__ import annotations

import sys


def run_serve(host: str | None, port: int | None) -> int:
    import uvicorn

    from crepitus.settings import Settings
    from crepitus.web.app import create_app

    overrides = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    settings = Settings(**overrides)  # type: ignore[arg-type]
    app = create_app(settings)
    url = f"http://{settings.host}:{settings.port}"
    sys.stderr.write(f"crepitus is serving the check at {url}/ (API docs at {url}/docs)\n")
    sys.stderr.write(f"Local data: {settings.data_dir}. Stop with Ctrl-C.\n")
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    return 0
