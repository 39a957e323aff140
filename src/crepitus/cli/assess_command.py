"""``crepitus assess``: one case as text or JSON, or many cases as JSON Lines."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import orjson

from crepitus.contract.case import validate_case
from crepitus.engine.assess import engine
from crepitus.errors import CaseError

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


@contextmanager
def _open(path: str) -> Iterator[IO[bytes]]:
    if path == "-":
        yield sys.stdin.buffer
        return
    with open(path, "rb") as handle:
        yield handle


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"crepitus: {message}\n")
    return code


def run_single(path: str, as_json: bool, with_diary: bool = False) -> int:
    """Assess one case; print it as text or JSON."""
    try:
        with _open(path) as handle:
            raw = handle.read()
    except OSError as exc:
        return _fail(f"cannot read {path}: {exc.strerror}", EXIT_USAGE)
    try:
        case = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return _fail(f"{path} is not valid JSON: {exc}", EXIT_BAD_INPUT)
    used: list[Any] = []
    try:
        case = validate_case(case)
        if with_diary:
            case, used = _with_diary(case)
        result = engine().assess(validate_case(case))
    except CaseError as exc:
        lines = "\n".join(f"  - {p}" for p in exc.problems)
        return _fail(f"the case does not fit the contract:\n{lines}", EXIT_BAD_INPUT)
    if as_json:
        body = result.to_dict()
        if with_diary:
            body["diary"] = [fact.to_dict() for fact in used]
        sys.stdout.buffer.write(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
        return EXIT_OK
    from crepitus.cli.render import console, print_assessment, print_diary_facts

    out = console()
    print_assessment(out, result)
    if with_diary:
        print_diary_facts(out, used)
    return EXIT_OK


def _with_diary(case: dict[str, Any]) -> tuple[dict[str, Any], list[Any]]:
    from datetime import UTC, datetime

    from crepitus.cli.diary_commands import open_store
    from crepitus.diary.feed import facts, merge

    return merge(case, facts(open_store().entries(), datetime.now(UTC)))


def run_batch(path: str) -> int:
    """Stream JSON Lines: one assessment (or one error) per non-blank input line, in order."""
    try:
        with _open(path) as handle:
            failed = assess_lines(handle, sys.stdout.buffer)
    except OSError as exc:
        return _fail(f"cannot read {path}: {exc.strerror}", EXIT_USAGE)
    sys.stdout.buffer.flush()
    return EXIT_BAD_INPUT if failed else EXIT_OK


def assess_lines(lines: IO[bytes], out: IO[bytes]) -> int:
    """Assess each line of ``lines`` into ``out``; return how many lines failed.

    Memory stays flat: one line is held at a time, and ``out``'s own buffer batches the writes.
    """
    eng = engine()
    # the knowledge base lives as long as the process: spare the collector from rescanning it
    gc.freeze()
    dumps, loads, write = orjson.dumps, orjson.loads, out.write
    failed = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            write(dumps(eng.assess(validate_case(loads(line))).to_dict()) + b"\n")
        except orjson.JSONDecodeError as exc:
            failed += 1
            write(dumps({"line": number, "error": f"not valid JSON: {exc}"}) + b"\n")
        except CaseError as exc:
            failed += 1
            write(dumps({"line": number, "error": str(exc)}) + b"\n")
    return failed
