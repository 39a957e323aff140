"""Structured logs on standard error: one JSON object (or one plain line) per event.

What a log line may hold is decided here, by allow-list, not by each caller. A request is logged
as its time, method, route template (``/diary/{entry_id}/edit``, never the path as sent),
status, duration and request id: never a query string, a body, a form field, a cookie or a
header, because any of those may carry health data. An error keeps its type and where it
happened, never its message, which may quote what a person typed.

Lines are written by a background thread, so a slow or stalled reader of standard error never
holds up a request: when the reader falls far behind, lines are dropped and counted, and the
count is logged once the reader catches up.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import threading
import time
import traceback
from datetime import UTC, datetime
from typing import Any, Literal

LogFormat = Literal["json", "text"]

ACCESS_LOGGER = "crepitus.access"
REQUEST_FIELDS = ("method", "route", "status", "duration_ms", "request_id")
QUEUE_LINES = 10_000  # about 2 MB of lines waiting for a slow reader; more are dropped


def _time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
    return moment.replace("+00:00", "Z")


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a record may put in a log line: a request's, or a message and an error's place."""
    request = getattr(record, "request", None)
    if isinstance(request, dict):
        return {"event": "request", **{k: request.get(k) for k in REQUEST_FIELDS}}
    fields: dict[str, Any] = {"logger": record.name, "message": record.getMessage()}
    if record.exc_info and record.exc_info[0] is not None:
        kind, _, trace = record.exc_info
        fields["error"] = kind.__name__
        fields["trace"] = [
            f"{frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(trace)
        ]
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, then the allowed fields of the record."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": _time(record), "level": record.levelname.lower(), **_fields(record)}
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


class TextFormatter(logging.Formatter):
    """The same fields as one plain line, for reading in a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _fields(record)
        head = f"{_time(record)} {record.levelname:<7}"
        if fields.get("event") == "request":
            route = fields["route"] or "(no route)"
            return (
                f"{head} {fields['method']} {route} {fields['status']}"
                f" {fields['duration_ms']:.1f}ms id={fields['request_id']}"
            )
        text = f"{head} {fields['logger']}: {fields['message']}"
        if "error" in fields:
            text += f" [{fields['error']} at {' <- '.join(reversed(fields['trace']))}]"
        return text


FORMATTERS: dict[str, type[logging.Formatter]] = {"json": JsonFormatter, "text": TextFormatter}


class BackgroundWriter(logging.Handler):
    """Formats records at once and writes them to a file descriptor from a background thread."""

    def __init__(self, fd: int = 2, capacity: int = QUEUE_LINES) -> None:
        super().__init__()
        self.fd = fd
        self.dropped = 0
        self._lines: queue.Queue[str] = queue.Queue(capacity)
        self._thread = threading.Thread(target=self._write_lines, name="log-writer", daemon=True)
        self._thread.start()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.format(record)
        except Exception:
            self.handleError(record)
            return
        try:
            self._lines.put_nowait(line + "\n")
        except queue.Full:
            self.dropped += 1

    def flush(self, timeout: float = 1.0) -> None:
        """Wait a moment (never longer than ``timeout``) for the waiting lines to be written."""
        deadline = time.monotonic() + timeout
        while self._lines.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.005)

    def _write_lines(self) -> None:
        while True:
            line = self._lines.get()
            try:
                self._write(line)
                if self.dropped and self._lines.empty():
                    dropped, self.dropped = self.dropped, 0
                    self._write(self.format(_dropped_record(dropped)) + "\n")
            except OSError:
                pass  # standard error is closed: there is nowhere left to write
            finally:
                self._lines.task_done()

    def _write(self, line: str) -> None:
        # os.write, not sys.stderr: a write blocked on a full pipe holds no Python lock
        data = line.encode("utf-8", "replace")
        while data:
            data = data[os.write(self.fd, data) :]


def _dropped_record(count: int) -> logging.LogRecord:
    return logging.LogRecord(
        "crepitus.logs",
        logging.WARNING,
        __file__,
        0,
        f"{count} log lines were dropped: standard error was not read fast enough",
        None,
        None,
    )


_installed: list[BackgroundWriter] = []


def configure(log_format: LogFormat = "json", access_log: bool = True, fd: int = 2) -> None:
    """Send warnings from every library, and the request log, to ``fd`` (standard error).

    The root logger stays at WARNING: some libraries log URLs (with their query strings) at INFO.
    """
    handler = BackgroundWriter(fd)
    handler.setFormatter(FORMATTERS[log_format]())
    root = logging.getLogger()
    for old in _installed:
        root.removeHandler(old)
    _installed[:] = [handler]
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger(ACCESS_LOGGER).setLevel(logging.INFO if access_log else logging.WARNING)
    atexit.register(handler.flush)
