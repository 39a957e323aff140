"""Reading descriptions away from the server's event loop, with bounded waiting.

Reading holds the interpreter for a few to a few hundred milliseconds at a time (spaCy's matcher
does not let go of it), so the server reads in a separate process: while one is read, every
other request, the health check included, is answered at once. At most ``MAX_WAITING``
descriptions wait for the reader; past that, or past the deadline, the answer is 503 with
Retry-After, never a stalled worker.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from crepitus.errors import CrepitusError
from crepitus.understanding import Understanding, understand

PROCESSES = 1  # reader processes per server process: reading is quick once bounded
MAX_WAITING = 8  # descriptions being read or waiting, per server process
DEADLINE = 5.0  # seconds a description may wait and be read before the answer is 503
START_DEADLINE = 60.0  # seconds for a reader process to start (import spaCy, build the rules)
RETRY_AFTER = 2  # seconds, in the 503's Retry-After header


class ReadingBusyError(CrepitusError):
    """Too many descriptions are being read at once, or one took too long."""

    def __init__(self) -> None:
        super().__init__("Too many descriptions are being read right now; try again in a moment.")


class Readers:
    """A pool of reader processes, started on first use."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._started: Future[Understanding] | None = None
        self._lock = threading.Lock()
        self._waiting = 0

    def _executor(self) -> tuple[ProcessPoolExecutor, Future[Understanding]]:
        """The pool, and the future of its first (empty) reading: done once it is ready."""
        with self._lock:
            if self._pool is None or self._started is None:
                context = multiprocessing.get_context("spawn")  # no copy of the server's state
                self._pool = ProcessPoolExecutor(PROCESSES, context)
                self._started = self._pool.submit(understand, "")
            return self._pool, self._started

    def warm(self) -> None:
        """Start the reader processes now (about 2 s), not on the first description."""
        self._executor()[1].result()

    async def read(self, text: str) -> Understanding:
        if self._waiting >= MAX_WAITING:
            raise ReadingBusyError
        self._waiting += 1
        pool, started = self._executor()
        try:
            # starting the reader (importing spaCy) is not the description's fault: it has a
            # deadline of its own, and the description's counts from when the reader is ready
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(started)), START_DEADLINE)
            future = pool.submit(understand, text)
            return await asyncio.wait_for(asyncio.wrap_future(future), DEADLINE)
        except TimeoutError:
            # the reader may still be busy with it: start afresh, so nothing queues behind it
            self._restart(pool)
            raise ReadingBusyError from None
        except (BrokenProcessPool, CancelledError):  # a reader died, or was replaced meanwhile
            self._restart(pool)
            raise ReadingBusyError from None
        finally:
            self._waiting -= 1

    def _restart(self, pool: ProcessPoolExecutor) -> None:
        """Replace ``pool``, unless another request has replaced it already."""
        with self._lock:
            if self._pool is not pool:
                return
            self._pool, self._started = None, None
        # a reader stuck on a text would otherwise finish it before it stopped
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.kill()

    def close(self) -> None:
        if self._pool is not None:
            self._restart(self._pool)


readers = Readers()
