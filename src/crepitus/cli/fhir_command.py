"""``crepitus fhir``: the same FHIR conversions as the web endpoints, on files."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crepitus.cli.assess_command import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from crepitus.interop.fhir.common import FhirInputError


def _read(path: str) -> tuple[Any, int]:
    """The JSON in ``path`` (or standard input for -), or an exit status after saying why."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        sys.stderr.write(f"crepitus: cannot read {path}: {exc.strerror}\n")
        return None, EXIT_USAGE
    try:
        return json.loads(text), EXIT_OK
    except json.JSONDecodeError as exc:
        sys.stderr.write(f"crepitus: {path} is not valid JSON: {exc}\n")
        return None, EXIT_BAD_INPUT


def _write(resource: dict[str, Any], out: Path | None) -> int:
    text = json.dumps(resource, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
        sys.stderr.write(f"Wrote a {resource['resourceType']} to {out}\n")
    return EXIT_OK


def _problems(error: FhirInputError) -> int:
    lines = "\n".join(f"  - {issue}" for issue in error.issues)
    sys.stderr.write(f"crepitus: not a QuestionnaireResponse we can use:\n{lines}\n")
    return EXIT_BAD_INPUT


def run_questionnaire(out: Path | None) -> int:
    from crepitus.interop.fhir.questionnaire import questionnaire

    return _write(questionnaire(), out)


def run_response(path: str, subject: str | None, out: Path | None) -> int:
    """A case (JSON) as a QuestionnaireResponse."""
    from crepitus.contract.case import validate_case
    from crepitus.errors import CaseError
    from crepitus.interop.fhir.response import case_to_response

    case, status = _read(path)
    if status:
        return status
    try:
        case = validate_case(case)
    except CaseError as exc:
        lines = "\n".join(f"  - {p}" for p in exc.problems)
        sys.stderr.write(f"crepitus: the case does not fit the contract:\n{lines}\n")
        return EXIT_BAD_INPUT
    authored = datetime.now(UTC).isoformat()
    return _write(case_to_response(case, subject=subject, authored=authored), out)


def _answers(path: str) -> tuple[dict[str, Any], dict[str, Any]] | int:
    """(the QuestionnaireResponse in ``path``, its case), or an exit status after saying why."""
    from crepitus.interop.fhir.common import FhirInputError
    from crepitus.interop.fhir.response import response_to_case

    response, status = _read(path)
    if status:
        return status
    try:
        return response, response_to_case(response)
    except FhirInputError as exc:
        return _problems(exc)


def run_case(path: str, out: Path | None) -> int:
    """A QuestionnaireResponse as a case (JSON)."""
    read = _answers(path)
    if isinstance(read, int):
        return read
    text = json.dumps(read[1], indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    return EXIT_OK


def run_assess(path: str, out: Path | None) -> int:
    """A QuestionnaireResponse assessed, as a RiskAssessment."""
    from crepitus.engine.assess import engine
    from crepitus.interop.fhir.results import assessed_at, risk_assessment

    read = _answers(path)
    if isinstance(read, int):
        return read
    response, case = read
    result = engine().assess(case)
    return _write(risk_assessment(result, response, when=assessed_at(response)), out)


def run_export(subject: str | None, out: Path | None) -> int:
    """The pop diary as a Bundle of Observations."""
    from crepitus.cli.diary_commands import open_store
    from crepitus.interop.fhir.results import diary_bundle

    entries = open_store().entries()
    return _write(diary_bundle(entries, subject=subject, when=datetime.now(UTC)), out)
