"""Where the partition function runs: in this process, on local worker processes, or on Dask.

Each executor only submits ``score_partition`` for a partition and says which submissions have
finished; the driver (``crepitus.batch.run``) keeps a bounded number in flight, so memory stays
flat however long the input is.
"""

from __future__ import annotations

import importlib.util
import logging
import signal
import threading
from collections.abc import Collection
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any, Protocol

import pyarrow as pa

from crepitus.batch.score import Part, score_partition
from crepitus.errors import CrepitusError

CLUSTER_EXTRA = "pip install 'crepitus[cluster]'"


class Executor(Protocol):
    name: str
    slots: int  # how many partitions it works on at once

    def submit(self, part: Part) -> Any: ...

    def finished(self, pending: Collection[Any]) -> set[Any]: ...

    def close(self) -> None: ...


class InProcess:
    """Score each partition here, as it is submitted (``--workers 1``)."""

    name = "in process"
    slots = 1

    def submit(self, part: Part) -> Future[pa.RecordBatch]:
        done: Future[pa.RecordBatch] = Future()
        done.set_result(score_partition(part))
        return done

    def finished(self, pending: Collection[Any]) -> set[Any]:
        return set(pending)

    def close(self) -> None:
        pass


def _worker_start() -> None:
    # Ctrl-C is for the parent, which stops the run in order; a worker just finishes its part
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from crepitus.engine.assess import engine

    engine()


class _QuietSpawnProcess(SpawnProcess):
    """A worker started with Ctrl-C ignored from its first instruction: one still importing
    (before ``_worker_start`` runs) must not print a traceback when the terminal's Ctrl-C
    reaches the whole process group. An ignored signal stays ignored across the new program."""

    def start(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            super().start()  # only the main thread may change a signal's handling
            return
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            super().start()
        finally:
            signal.signal(signal.SIGINT, previous)


class _QuietSpawnContext(SpawnContext):
    Process = _QuietSpawnProcess


class Processes:
    """Local worker processes (``--workers N``), started fresh (spawn), not forked."""

    def __init__(self, workers: int) -> None:
        self.name = f"{workers} local processes"
        self.slots = workers
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=_QuietSpawnContext(), initializer=_worker_start
        )

    def submit(self, part: Part) -> Future[pa.RecordBatch]:
        return self.pool.submit(score_partition, part)

    def finished(self, pending: Collection[Any]) -> set[Any]:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        return set(done)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class Dask:
    """A Dask distributed cluster: an existing one (``tcp://host:8786``), or a local one."""

    def __init__(self, scheduler: str, workers: int, dashboard: bool) -> None:
        if importlib.util.find_spec("distributed") is None:
            raise CrepitusError(f"--scheduler needs Dask, which is not installed: {CLUSTER_EXTRA}")
        from distributed import Client, LocalCluster

        self.cluster: Any = None
        if scheduler == "local":
            # on loopback only, and no dashboard unless asked for (then on loopback too)
            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address="127.0.0.1:8787" if dashboard else None,
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
            self.name = f"a local Dask cluster of {workers} workers"
        else:
            try:
                self.client = Client(scheduler, timeout="15s")
            except OSError as exc:
                raise CrepitusError(
                    f"cannot reach the Dask scheduler at {scheduler}: {exc}"
                ) from exc
            self.name = f"the Dask cluster at {scheduler}"
        cores = sum(self.client.nthreads().values())
        self.slots = max(1, cores)

    def submit(self, part: Part) -> Any:
        return self.client.submit(score_partition, part, pure=False)

    def finished(self, pending: Collection[Any]) -> set[Any]:
        from distributed import wait as dask_wait

        done, _ = dask_wait(list(pending), return_when="FIRST_COMPLETED")
        return set(done)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def executor(workers: int, scheduler: str | None, dashboard: bool = False) -> Executor:
    if scheduler:
        return Dask(scheduler, workers, dashboard)
    if workers == 1:
        return InProcess()
    return Processes(workers)
