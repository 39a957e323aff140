"""``crepitus assess``: one case as text or JSON, or many cases as JSON Lines."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import orjson

from crepitus.contract.case import validate_case
from crepitus.engine.assess import engine
from crepitus.engine.concern import text_alone
from crepitus.errors import CaseError

if TYPE_CHECKING:
    from rich.console import Console

    from crepitus.engine.result import Assessment

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


def _read_text(argument: str) -> str | None:
    if argument != "-":
        return argument
    try:
        return sys.stdin.read()
    except OSError:  # pragma: no cover - a closed standard input
        return None


def run_text(argument: str, as_json: bool, ask: bool | None = None) -> int:
    """Assess a description in the person's own words; say what was understood, then advise.

    Words alone rarely cover every warning sign, so the text output leads with those left open
    and, on a terminal (or with ``ask``), asks them there and then.
    """
    from crepitus.understanding import UnderstandingUnavailableError, understand

    text = _read_text(argument)
    if not text or not text.strip():
        return _fail(
            'give a description, for example: crepitus assess --text "my neck cracks"', EXIT_USAGE
        )
    try:
        understood = understand(text)
    except UnderstandingUnavailableError as exc:
        return _fail(str(exc), EXIT_USAGE)
    case = validate_case(text_alone(understood.case, understood.estimates), complete=False)
    result = engine().assess(case)
    if as_json:
        body = result.to_dict()
        body["understood"] = understood.to_json()
        sys.stdout.buffer.write(orjson.dumps(body, option=orjson.OPT_INDENT_2) + b"\n")
        return EXIT_OK
    from crepitus.cli.render import console, print_assessment, print_uncovered, print_understood

    out = console()
    print_uncovered(out, result)
    print_understood(out, understood)
    print_assessment(out, result)
    if ask is None:  # offer only to a person at a terminal, never to a pipe or a script
        ask = (
            argument != "-" and sys.stdin.isatty() and sys.stdout.isatty() and _offered(out, result)
        )
    if ask and result.triage != "emergency" and result.unanswered_red_flags:
        from crepitus.cli.check_command import ask_warning_signs

        try:
            answered = ask_warning_signs(out, case)
        except (EOFError, KeyboardInterrupt):
            out.print("\nStopped; the result above stands.")
            return EXIT_OK
        out.print()
        print_assessment(out, engine().assess(validate_case(answered, complete=False)))
    return EXIT_OK


def _offered(out: Console, result: Assessment) -> bool:
    if result.triage == "emergency" or not result.unanswered_red_flags:
        return False
    try:
        reply = out.input("\nAnswer the open warning-sign questions now? [Y/n] ")
    except (EOFError, KeyboardInterrupt):
        return False
    return reply.strip().lower() in ("", "y", "yes")


def run_text_batch(path: str) -> int:
    """Stream JSON Lines of descriptions (one JSON string per line) into assessments."""
    from crepitus.understanding import UnderstandingUnavailableError, understand

    try:
        understand("")  # build the reader once, and fail early if it cannot be built
    except UnderstandingUnavailableError as exc:
        return _fail(str(exc), EXIT_USAGE)
    eng = engine()
    dumps, loads, out = orjson.dumps, orjson.loads, sys.stdout.buffer
    failed = 0
    try:
        with _open(path) as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    text = loads(line)
                except orjson.JSONDecodeError as exc:
                    failed += 1
                    out.write(dumps({"line": number, "error": f"not valid JSON: {exc}"}) + b"\n")
                    continue
                if not isinstance(text, str):
                    failed += 1
                    error = f"expected a JSON string (a description), got {type(text).__name__}"
                    out.write(dumps({"line": number, "error": error}) + b"\n")
                    continue
                understood = understand(text)
                case = text_alone(understood.case, understood.estimates)
                body = eng.assess(validate_case(case, complete=False)).to_dict()
                body["understood"] = understood.to_json()
                out.write(dumps(body) + b"\n")
    except OSError as exc:
        return _fail(f"cannot read {path}: {exc.strerror}", EXIT_USAGE)
    out.flush()
    return EXIT_BAD_INPUT if failed else EXIT_OK
