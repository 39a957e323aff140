"""Executors: each runs the same partition function and gives the same rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa
import pytest

from crepitus.batch import inputs, score_partition
from crepitus.batch.executors import Dask, Executor, InProcess, Processes, executor
from crepitus.batch.score import Part
from tests.batch.helpers import generated, write_csv, write_jsonl, write_parquet


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Part]:
    """Partitions of every kind."""
    folder = tmp_path_factory.mktemp("parts")
    records = generated(40, seed=9)
    found: list[Part] = []
    for path in (
        write_jsonl(folder / "in.jsonl", records),
        write_csv(folder / "in.csv", records),
        write_parquet(folder / "in.parquet", records),
    ):
        found += [part for part, _ in inputs.parts(path, 15)]
    return found


def run_all(runner: Executor, parts: list[Part]) -> list[pa.RecordBatch]:
    """Submit every part, collect as they finish, and give the results in part order."""
    pending = {runner.submit(part): n for n, part in enumerate(parts)}
    results: dict[int, pa.RecordBatch] = {}
    while pending:
        done = runner.finished(list(pending))
        assert done
        assert done <= set(pending)
        for handle in done:
            results[pending.pop(handle)] = handle.result()
    return [results[n] for n in range(len(parts))]


def expected(parts: list[Part]) -> list[list[dict[str, Any]]]:
    return [score_partition(part).to_pylist() for part in parts]


def test_in_process(parts: list[Part]) -> None:
    runner = InProcess()
    assert runner.slots == 1
    try:
        assert [b.to_pylist() for b in run_all(runner, parts)] == expected(parts)
    finally:
        runner.close()


@pytest.mark.slow
def test_local_processes(parts: list[Part]) -> None:
    runner = Processes(2)
    assert runner.slots == 2
    assert runner.name == "2 local processes"
    try:
        assert [b.to_pylist() for b in run_all(runner, parts)] == expected(parts)
    finally:
        runner.close()


@pytest.fixture(scope="module")
def local_dask() -> Iterator[Dask]:
    pytest.importorskip("distributed")
    runner = Dask("local", 1, False)
    try:
        yield runner
    finally:
        runner.close()


@pytest.mark.slow
def test_local_dask_cluster(local_dask: Dask, parts: list[Part]) -> None:
    assert local_dask.slots == 1
    assert [b.to_pylist() for b in run_all(local_dask, parts)] == expected(parts)


def host_of(address: str) -> str:
    return address.split("://", 1)[-1].rsplit(":", 1)[0]


@pytest.mark.slow
def test_local_dask_cluster_listens_on_loopback_only_and_has_no_dashboard(
    local_dask: Dask,
) -> None:
    from distributed.comm.utils import get_tcp_server_addresses

    cluster = local_dask.cluster
    assert host_of(cluster.scheduler_address) == "127.0.0.1"
    scheduler = cluster.scheduler
    assert [host_of(address) for address in scheduler.listen_address.split(",")] == ["127.0.0.1"]
    # Dask still serves its small HTTP routes (health, info); only on loopback, without Bokeh
    http = get_tcp_server_addresses(scheduler.http_server)
    assert {host for host, _ in http} == {"127.0.0.1"}
    host, port = http[0]
    assert httpx.get(f"http://{host}:{port}/status", timeout=10).status_code == 404
    info = local_dask.client.scheduler_info()
    assert host_of(info["address"]) == "127.0.0.1"
    for address, worker in info["workers"].items():
        assert host_of(address) == "127.0.0.1"
        assert host_of(worker["nanny"]) == "127.0.0.1"


def test_which_executor(tmp_path: Path) -> None:
    assert isinstance(executor(1, None), InProcess)
    assert executor(1, None).name == "in process"
    runner = executor(2, None)
    try:
        assert isinstance(runner, Processes)
    finally:
        runner.close()


@pytest.fixture
def dask_cluster(tmp_path: Path) -> Iterator[str]:
    """A real Dask cluster as a site runs one: `dask scheduler` and `dask worker`, on loopback."""
    import os
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dask = str(Path(sys.executable).with_name("dask"))
    address = f"tcp://127.0.0.1:{port}"
    log = (tmp_path / "cluster.log").open("wb")
    scheduler = subprocess.Popen(
        [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
        stdout=log,
        stderr=log,
    )
    options = ["--nworkers", "2", "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]
    worker = subprocess.Popen(
        [dask, "worker", address, *options],
        stdout=log,
        stderr=log,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        from distributed import Client

        deadline = time.monotonic() + 60
        with Client(address, timeout="30s") as client:
            while len(client.nthreads()) < 2:
                assert time.monotonic() < deadline, (tmp_path / "cluster.log").read_text()
                time.sleep(0.2)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=30)
        log.close()


@pytest.mark.slow
def test_an_existing_dask_cluster_gives_the_same_rows(dask_cluster: str, parts: list[Part]) -> None:
    runner = executor(1, dask_cluster)
    try:
        assert runner.slots == 2  # two single-threaded workers
        assert runner.name == f"the Dask cluster at {dask_cluster}"
        assert [b.to_pylist() for b in run_all(runner, parts)] == expected(parts)
    finally:
        runner.close()
