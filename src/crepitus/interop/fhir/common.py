"""What the FHIR modules share: our canonical URLs, validation on the way in and out, and the
OperationOutcome that names what was wrong with an input."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any, NamedTuple

from crepitus.errors import CrepitusError

FHIR_JSON = "application/fhir+json"
# The canonical base of our definitions: an identifier, not an address to fetch.
BASE = "https://crepitus.example/fhir"
QUESTIONNAIRE_ID = "back-popping"
QUESTIONNAIRE_URL = f"{BASE}/Questionnaire/{QUESTIONNAIRE_ID}"
CODE_SYSTEM = f"{BASE}/CodeSystem"  # answer codes of a choice question: CODE_SYSTEM/<field>
LOINC = "http://loinc.org"
PAIN_LOINC = "72514-3"  # Pain severity - 0-10 verbal numeric rating [Score] - Reported

# Code values the library does not check: the required bindings of the elements we use.
CODES: dict[str, frozenset[str]] = {
    "Questionnaire.status": frozenset({"draft", "active", "retired", "unknown"}),
    "QuestionnaireResponse.status": frozenset(
        {"in-progress", "completed", "amended", "entered-in-error", "stopped"}
    ),
    "RiskAssessment.status": frozenset(
        {
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        }
    ),
    "Observation.status": frozenset(
        {
            "registered",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "cancelled",
            "entered-in-error",
            "unknown",
        }
    ),
    "Bundle.type": frozenset(
        {
            "document",
            "message",
            "transaction",
            "transaction-response",
            "batch",
            "batch-response",
            "history",
            "searchset",
            "collection",
        }
    ),
    "item.type": frozenset(
        {
            "group",
            "display",
            "boolean",
            "decimal",
            "integer",
            "date",
            "dateTime",
            "time",
            "string",
            "text",
            "url",
            "choice",
            "open-choice",
            "attachment",
            "reference",
            "quantity",
        }
    ),
    "enableWhen.operator": frozenset({"exists", "=", "!=", ">", "<", ">=", "<="}),
    "item.enableBehavior": frozenset({"all", "any"}),
    "OperationOutcome.severity": frozenset({"fatal", "error", "warning", "information"}),
}


class Issue(NamedTuple):
    """One problem with an input, as an OperationOutcome issue."""

    diagnostics: str
    expression: str = ""  # a FHIRPath-like location, e.g. QuestionnaireResponse.item[2].answer
    code: str = "invalid"  # the issue-type code
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.expression}: {self.diagnostics}" if self.expression else self.diagnostics


class FhirInputError(CrepitusError):
    """An input that is not valid FHIR, or not a resource we can use; names each problem."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("; ".join(str(i) for i in issues))


def operation_outcome(issues: list[Issue]) -> dict[str, Any]:
    """An OperationOutcome listing ``issues``."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": i.severity,
                "code": i.code,
                "diagnostics": i.diagnostics,
                **({"expression": [i.expression]} if i.expression else {}),
            }
            for i in issues
        ],
    }


def _model(resource_type: str) -> Any:
    module = importlib.import_module(f"fhir.resources.R4B.{resource_type.lower()}")
    return getattr(module, resource_type)


def read(resource_type: str, data: object) -> dict[str, Any]:
    """Check that ``data`` is a valid ``resource_type`` (the library's model and our code
    checks); return it as plain JSON. Raises FhirInputError naming each problem."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise FhirInputError([Issue(f"expected a {resource_type} resource (a JSON object)")])
    if data.get("resourceType") != resource_type:
        got = data.get("resourceType")
        raise FhirInputError(
            [Issue(f"expected resourceType {resource_type!r}, got {got!r}", "resourceType")]
        )
    # before the model, which recurses: nesting past MAX_DEPTH, and nulls, are refused here
    deep = _too_deep(data, resource_type)
    if deep:
        raise FhirInputError([Issue(f"nested deeper than {MAX_DEPTH} levels", deep, "structure")])
    nulls = [where for where in _nulls(data, resource_type) if not _null_allowed(where)]
    if nulls:
        raise FhirInputError(
            [Issue("null is not a FHIR value: leave the element out", where) for where in nulls]
        )
    try:
        _model(resource_type).model_validate(data)
    except ValidationError as exc:
        raise FhirInputError(
            [
                Issue(
                    str(error["msg"]),
                    ".".join([resource_type, *(_step(p) for p in error["loc"])]).replace(".[", "["),
                    "structure",
                )
                for error in exc.errors()
            ]
        ) from None
    problems = list(_code_problems(resource_type, data))
    if problems:
        raise FhirInputError(problems)
    return data


MAX_DEPTH = 48  # JSON nesting levels of a resource; ours are under 15, a deep one under 30


def _too_deep(data: object, where: str) -> str:
    """Where ``data`` first nests past MAX_DEPTH levels ("" when it does not); no recursion."""
    stack: list[tuple[object, int, str]] = [(data, 0, where)]
    while stack:
        node, depth, here = stack.pop()
        if depth > MAX_DEPTH:
            return here
        if isinstance(node, dict):
            stack.extend((value, depth + 1, f"{here}.{key}") for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, depth + 1, f"{here}[{i}]") for i, value in enumerate(node))
    return ""


def _null_allowed(where: str) -> bool:
    """Null inside an array is left to the model (FHIR JSON uses it to align a repeating
    primitive with its ``_`` extensions); as the value of an element it is never valid."""
    return where.endswith("]")


def _step(part: object) -> str:
    return f"[{part}]" if isinstance(part, int) else str(part)


def emit(resource: dict[str, Any]) -> dict[str, Any]:
    """Check a resource we are about to send (model, codes, no nulls); return it unchanged.

    A failure here is our bug, not the caller's: it raises AssertionError-like ValueError.
    """
    nulls = list(_nulls(resource, resource.get("resourceType", "resource")))
    if nulls:
        raise ValueError(f"a null in an emitted resource at {', '.join(nulls)}")
    try:
        read(str(resource.get("resourceType")), resource)
    except FhirInputError as exc:
        raise ValueError(f"an emitted resource is not valid FHIR: {exc}") from None
    return resource


def _nulls(node: object, where: str) -> Iterator[str]:
    if node is None:
        yield where
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _nulls(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nulls(value, f"{where}[{index}]")


def _code_problems(resource_type: str, data: dict[str, Any]) -> Iterator[Issue]:
    """Our checks of the code values the library leaves alone."""
    status = data.get("status")
    allowed = CODES.get(f"{resource_type}.status")
    if allowed is not None and status not in allowed:
        yield Issue(
            f"status {status!r} is not one of {sorted(allowed)}",
            f"{resource_type}.status",
            "code-invalid",
        )
    if resource_type == "Bundle" and data.get("type") not in CODES["Bundle.type"]:
        yield Issue(
            f"type {data.get('type')!r} is not a Bundle type", "Bundle.type", "code-invalid"
        )
    if resource_type == "Bundle":
        for index, entry in enumerate(data.get("entry", [])):
            inner = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(inner, dict) and inner.get("resourceType") in (
                "Observation",
                "RiskAssessment",
                "QuestionnaireResponse",
            ):
                for issue in _code_problems(str(inner["resourceType"]), inner):
                    yield issue._replace(
                        expression=f"Bundle.entry[{index}].resource.{issue.expression}"
                    )
    if resource_type == "OperationOutcome":
        for index, issue_data in enumerate(data.get("issue", [])):
            if issue_data.get("severity") not in CODES["OperationOutcome.severity"]:
                yield Issue(
                    "unknown severity", f"OperationOutcome.issue[{index}].severity", "code-invalid"
                )
    if resource_type == "Questionnaire":
        yield from _item_problems(data.get("item", []), "Questionnaire.item")


def _item_problems(items: list[Any], where: str) -> Iterator[Issue]:
    for index, item in enumerate(items):
        here = f"{where}[{index}]"
        if item.get("type") not in CODES["item.type"]:
            yield Issue(
                f"type {item.get('type')!r} is not an item type", f"{here}.type", "code-invalid"
            )
        behaviour = item.get("enableBehavior")
        if behaviour is not None and behaviour not in CODES["item.enableBehavior"]:
            yield Issue(
                "enableBehavior must be all or any", f"{here}.enableBehavior", "code-invalid"
            )
        for number, condition in enumerate(item.get("enableWhen", [])):
            if condition.get("operator") not in CODES["enableWhen.operator"]:
                yield Issue(
                    "unknown operator", f"{here}.enableWhen[{number}].operator", "code-invalid"
                )
        yield from _item_problems(item.get("item", []), f"{here}.item")
