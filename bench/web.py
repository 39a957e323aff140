"""Throughput and latency of the JSON API, against a trivial endpoint of the same app (the floor).

    python bench/web.py [--seconds 10] [--write docs/benchmarks.md]

Starts ``crepitus serve`` (one uvicorn worker) on a free loopback port, then:

1. throughput: wrk (Debian's package) with 16 connections on 1 thread, first against
   ``GET /api/v1/health`` (the floor: routing, JSON and HTTP only), then ``POST /api/v1/assess``
   with a realistic case;
2. latency: an open-loop generator sends ``POST /api/v1/assess`` at a fixed 200 requests a second
   (each request at its scheduled time, whether or not earlier ones have finished) and records
   every response time, so queueing shows in the percentiles.

Everything runs on this machine's loopback address; the load stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.cases import generate
from bench.throughput import write

START = "<!-- web:start -->"
END = "<!-- web:end -->"
CASE = next(generate(1, seed=7))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(port: int, data: str) -> subprocess.Popen[bytes]:
    script = Path(sys.executable).with_name("crepitus")
    env = {**os.environ, "CREPITUS_DATA_DIR": data}
    process = subprocess.Popen(
        [str(script), "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health").status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def wrk(url: str, seconds: int, body: str | None) -> float:
    """Requests per second that wrk sustained."""
    args = ["wrk", "-t1", "-c16", f"-d{seconds}s", url]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        if body is not None:
            script.write('wrk.method = "POST"\n')
            script.write('wrk.headers["Content-Type"] = "application/json"\n')
            script.write(f"wrk.body = {json.dumps(body)}\n")
    if body is not None:
        args[1:1] = ["-s", script.name]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw errors:\n{out}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert found, out
    return float(found.group(1))


async def fixed_rate(port: int, path: str, rate: int, seconds: int) -> list[float]:
    """POST at ``rate`` per second for ``seconds``; return each latency in seconds.

    Latency is counted from when a request was due, not from when a connection was free to send
    it, so a server that falls behind shows its queueing (no coordinated omission). A small raw
    HTTP/1.1 client keeps the generator's own cost far below the server's.
    """
    body = json.dumps(CASE).encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    due: asyncio.Queue[float | None] = asyncio.Queue()
    start = time.perf_counter() + 0.5
    for i in range(rate * seconds):
        due.put_nowait(start + i / rate)
    latencies: list[float] = []

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while (at := await due.get()) is not None:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"unexpected answer: {head[:80]!r}")
            length = int(re.search(rb"content-length: (\d+)", head.lower()).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - at)
        writer.close()

    workers = 32
    for _ in range(workers):
        due.put_nowait(None)
    await asyncio.gather(*(connection() for _ in range(workers)))
    return latencies


def section(floor: float, assess: float, latencies: list[float], rate: int, seconds: int) -> str:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[int(len(ordered) * 0.99) - 1] * 1000
    return f"""{START}
## Web API

Command: `python bench/web.py --seconds {seconds} --write docs/benchmarks.md`: one uvicorn worker of
`crepitus serve`, and the load generators, on the same 2-core machine over loopback.

| measurement | result | target |
|---|---|---|
| `GET /api/v1/health` (the floor), wrk 16 connections | {floor:,.0f} requests/s | |
| `POST /api/v1/assess`, wrk 16 connections | {assess:,.0f} requests/s ({assess / floor:.0%} of the floor) | at least 60% |
| `POST /api/v1/assess` at a fixed {rate} requests/s, p50 | {p50:.1f} ms | |
| `POST /api/v1/assess` at a fixed {rate} requests/s, p99 | {p99:.1f} ms | under 20 ms |

{len(latencies):,} requests were timed for the percentiles. The client shares the two cores with the
server, so the absolute figures understate a server with a machine to itself.
{END}"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    port = free_port()
    with tempfile.TemporaryDirectory() as data:
        server = start_server(port, data)
        try:
            base = f"http://127.0.0.1:{port}"
            floor = wrk(f"{base}/api/v1/health", args.seconds, None)
            assess = wrk(f"{base}/api/v1/assess", args.seconds, json.dumps(CASE))
            latencies = asyncio.run(fixed_rate(port, "/api/v1/assess", args.rate, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=10)
    text = section(floor, assess, latencies, args.rate, args.seconds)
    print(text)
    if args.write:
        write(args.write, text, START, END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
