"""Checking a case against the contract, fast enough to run on every assessment.

The checks are built once from the schema's field specs; each names the field and what it
expected, and every bad field is reported, not only the first.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from crepitus.contract.fields import FieldSpec, case_fields
from crepitus.errors import CaseError, FieldProblem

Check = Callable[[object], str | None]


def _check_for(spec: FieldSpec) -> Check:
    """One field's check: None when the value fits, else what was wrong with it."""
    expected = spec.expected()

    if spec.kind == "boolean":

        def check_bool(value: object) -> str | None:
            return (
                None if value is True or value is False else f"expected {expected}, got {value!r}"
            )

        return check_bool

    if spec.kind == "integer":
        low = spec.minimum
        high = spec.maximum

        def check_int(value: object) -> str | None:
            if type(value) is not int:
                return f"expected {expected}, got {value!r}"
            if (low is not None and value < low) or (high is not None and value > high):
                return f"expected {expected}, got {value}"
            return None

        return check_int

    allowed = frozenset(spec.values)
    if spec.kind == "enum":

        def check_enum(value: object) -> str | None:
            if type(value) is str and value in allowed:
                return None
            return f"expected {expected}, got {value!r}"

        return check_enum

    def check_set(value: object) -> str | None:
        if type(value) is not list:
            return f"expected {expected}, got {value!r}"
        for item in value:
            if type(item) is not str or item not in allowed:
                return f"expected {expected}, got {item!r} in the list"
        if len(set(value)) != len(value):
            return f"expected {expected}; a value appears twice"
        return None

    return check_set


@cache
def _checks() -> dict[str, Check]:
    return {name: _check_for(spec) for name, spec in case_fields().items()}


_MISSING = object()


@cache
def _fast_check() -> Callable[[dict[str, Any]], bool]:
    """A generated check that says only whether a case is valid, for the common valid case.

    Straight-line code per field is several times faster than a loop of checks; when it says
    no, the slower checks above run to name every problem.
    """
    lines = [
        "def ok(case):",
        "    if not case.keys() <= KNOWN:",
        "        return False",
        "    get = case.get",
    ]
    namespace: dict[str, Any] = {"KNOWN": frozenset(case_fields()), "MISSING": _MISSING}
    for i, (name, spec) in enumerate(case_fields().items()):
        v = f"v{i}"
        default = "" if spec.required else ", MISSING"
        lines.append(f"    {v} = get({name!r}{default})")
        present = "" if spec.required else f"{v} is not MISSING and "
        if spec.kind == "boolean":
            bad = f"{v} is not True and {v} is not False"
        elif spec.kind == "integer":
            bounds = [f"type({v}) is not int"]
            if spec.minimum is not None:
                bounds.append(f"{v} < {spec.minimum}")
            if spec.maximum is not None:
                bounds.append(f"{v} > {spec.maximum}")
            bad = " or ".join(bounds)
        elif spec.kind == "enum":
            namespace[f"E{i}"] = frozenset(spec.values)
            bad = f"type({v}) is not str or {v} not in E{i}"
        else:
            namespace[f"E{i}"] = frozenset(spec.values)
            # set operations, not a loop; unhashable items raise TypeError: the slow path reports
            bad = f"type({v}) is not list or not E{i}.issuperset({v}) or len(set({v})) != len({v})"
        lines.append(f"    if {present}({bad}):")
        lines.append("        return False")
    lines.append("    return True")
    exec(compile("\n".join(lines), "<crepitus-case-check>", "exec"), namespace)
    check: Callable[[dict[str, Any]], bool] = namespace["ok"]
    return check


@cache
def _required() -> tuple[str, ...]:
    return tuple(name for name, spec in case_fields().items() if spec.required)


def _unknown_field(key: str, checks: dict[str, Check]) -> str:
    import difflib

    close = difflib.get_close_matches(key, list(checks), n=1)
    hint = f"did you mean {close[0]!r}?" if close else "see case.schema.json for the fields"
    return f"unknown field; {hint}"


def validate_case(case: object, *, complete: bool = True) -> dict[str, Any]:
    """Return the case unchanged when it fits the contract.

    Raises CaseError naming each bad field and what it expected. ``complete=False`` lets required
    fields be missing: a case read from free text holds what the text said, and no more.
    """
    if not isinstance(case, dict):
        raise CaseError(
            [FieldProblem("", f"a case must be a JSON object, got {type(case).__name__}")]
        )
    try:
        if _fast_check()(case):
            return case
    except TypeError:
        pass
    checks = _checks()
    problems: list[FieldProblem] | None = None
    for key, value in case.items():
        check = checks.get(key)
        message = _unknown_field(str(key), checks) if check is None else check(value)
        if message is not None:
            problems = problems or []
            problems.append(FieldProblem(str(key), message))
    for name in _required() if complete else ():
        if name not in case:
            problems = problems or []
            problems.append(FieldProblem(name, "required, and missing"))
    if problems:
        raise CaseError(problems)
    return case
