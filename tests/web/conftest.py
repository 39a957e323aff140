"""A real server on loopback for the web tests, and a real browser (Debian's chromium)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright

from crepitus.settings import Settings
from crepitus.web.app import create_app
from tests.durability.conftest import postgres_schema

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_until_serving(
    url: str, process: subprocess.Popen[bytes], errors: Callable[[], str], seconds: float = 60
) -> None:
    """Return once ``url`` answers its health check; fail with ``errors()`` if it never does."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"crepitus serve did not start:\n{errors()}")
        time.sleep(0.1)


@contextmanager
def serving(data_dir: Path, seconds: float = 30) -> Iterator[Server]:
    """``crepitus serve`` on a free loopback port with ``data_dir``, until the block ends."""
    port = _free_port()
    env = {**os.environ, "CREPITUS_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [sys.executable, "-m", "crepitus", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"

    def errors() -> str:
        return process.stderr.read().decode() if process.stderr else ""

    try:
        wait_until_serving(url, process, errors, seconds=seconds)
        yield Server(url, data_dir)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(tmp_path_factory.mktemp("data")) as running:
        yield running


@pytest.fixture(params=["sqlite", "postgresql"])
def client_on_each_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TestClient]:
    """A test client of the app on the embedded store, then on a real PostgreSQL server."""
    if request.param == "sqlite":
        with TestClient(create_app(Settings(data_dir=tmp_path))) as test_client:
            yield test_client
        return
    with postgres_schema(tmp_path) as database:
        settings = Settings(data_dir=tmp_path, database_url=database.url)
        with TestClient(create_app(settings)) as test_client:
            yield test_client
