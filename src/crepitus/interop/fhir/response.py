"""A case as a QuestionnaireResponse to our Questionnaire, and back.

Items follow the Questionnaire: a group per screen (linkId: the screen id) holding, in interview
order, one item per known case field; linkId is the field. Reading also takes items without
their groups, or in groups of the sender's own, as long as each field appears once. A multi
question answered "none of these" (an empty list) has the one answer ``none``
(``questionnaire.NONE_CODE``); an item without answers reads as unknown, as a missing field does.
Reading is strict: each problem is an Issue with a FHIRPath-like place, all reported at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from crepitus.contract.case import validate_case
from crepitus.engine.interview import check_answer
from crepitus.interop.fhir.common import QUESTIONNAIRE_URL, FhirInputError, Issue, emit, read
from crepitus.interop.fhir.questionnaire import NONE_CODE, answers_of, bounds, system
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import Knowledge, Question

__all__ = ["READ_STATUS", "case_to_response", "response_to_case"]

READ_STATUS = frozenset({"in-progress", "completed", "amended"})
VALUE_KEY = {
    "boolean": "valueBoolean",
    "integer": "valueInteger",
    "choice": "valueCoding",
    "multi": "valueCoding",
}
RESPONSE = "QuestionnaireResponse"


def case_to_response(
    case: Mapping[str, Any],
    *,
    subject: str | Mapping[str, Any] | None = None,
    authored: str | None = None,
    status: str = "completed",
) -> dict[str, Any]:
    """A case as a QuestionnaireResponse; ``subject`` is a reference string or a Reference.

    Raises CaseError or InterviewError for a case that does not fit the contract or a question.
    """
    kb = knowledge()
    validate_case(dict(case), complete=False)
    items = []
    for screen in kb.screens.values():
        answered = [
            {
                "linkId": q.field,
                "text": q.text,
                "answer": answers_of(q, check_answer(q, case[q.field])),
            }
            for q in (kb.question(name) for name in screen.questions)
            if q.field in case
        ]
        if answered:
            items.append({"linkId": screen.id, "text": screen.title, "item": answered})
    response: dict[str, Any] = {
        "resourceType": RESPONSE,
        "questionnaire": f"{QUESTIONNAIRE_URL}|{kb.version}",
        "status": status,
    }
    if subject is not None:
        response["subject"] = {"reference": subject} if isinstance(subject, str) else dict(subject)
    if authored is not None:
        response["authored"] = authored
    if items:  # FHIR JSON has no empty arrays
        response["item"] = items
    return emit(response)


def response_to_case(response: object) -> dict[str, Any]:
    """The case a QuestionnaireResponse to our Questionnaire gives (unanswered items left out).

    Raises FhirInputError naming every problem: not FHIR, another questionnaire, a status we do
    not assess, unknown or repeated linkIds, answers of the wrong type, codes or range.
    """
    data = read(RESPONSE, response)
    kb = knowledge()
    issues = list(_header_problems(data))
    case: dict[str, Any] = {}
    first: dict[str, str] = {}
    for where, item in _walk(data.get("item", []), f"{RESPONSE}.item"):
        link = item.get("linkId")
        question = kb.by_field.get(link) if isinstance(link, str) else None
        if question is None:
            if not _ignored(item, kb):
                issues.append(Issue(f"{link!r} is not a question of this form", f"{where}.linkId"))
        elif link in first:
            issues.append(
                Issue(
                    f"{link!r} appears twice (first at {first[link]})",
                    f"{where}.linkId",
                    "duplicate",
                )
            )
        else:
            first[question.field] = where
            value, problems = _value(question, item.get("answer") or [], where)
            issues.extend(problems)
            if value is not None:
                case[question.field] = value
    if issues:
        raise FhirInputError(issues)
    return validate_case(
        {q.field: case[q.field] for q in kb.questions if q.field in case}, complete=False
    )


def _header_problems(data: Mapping[str, Any]) -> Iterator[Issue]:
    canonical = data.get("questionnaire")
    if not isinstance(canonical, str) or canonical.split("|", 1)[0] != QUESTIONNAIRE_URL:
        yield Issue(
            f"expected answers to {QUESTIONNAIRE_URL}, got {canonical!r}",
            f"{RESPONSE}.questionnaire",
            "not-supported",
        )
    status = data.get("status")
    if status not in READ_STATUS:
        yield Issue(
            f"status {status!r}: only {', '.join(sorted(READ_STATUS))} answers are read",
            f"{RESPONSE}.status",
            "not-supported",
        )


def _walk(items: list[Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every item with its place, depth first: nested groups and answer items flattened."""
    for index, item in enumerate(items):
        here = f"{where}[{index}]"
        yield here, item
        yield from _walk(item.get("item", []), f"{here}.item")
        for number, answer in enumerate(item.get("answer", [])):
            yield from _walk(answer.get("item", []), f"{here}.answer[{number}].item")


def _ignored(item: Mapping[str, Any], kb: Knowledge) -> bool:
    """A help text, or a group that only holds other items."""
    link = str(item.get("linkId"))
    is_help = link.endswith(".help") and link.removesuffix(".help") in kb.by_field
    return is_help or (bool(item.get("item")) and not item.get("answer"))


def _value(question: Question, answers: list[Any], where: str) -> tuple[Any, list[Issue]]:
    """The case value of an item's answers, or None; and what was wrong with them."""
    if not answers:
        return None, []
    if question.kind != "multi" and len(answers) > 1:
        return None, [
            Issue(f"{question.field} takes one answer, got {len(answers)}", f"{where}.answer")
        ]
    read_out = [
        _answer(question, answer, f"{where}.answer[{i}]") for i, answer in enumerate(answers)
    ]
    problems = [problem for _, problem in read_out if problem is not None]
    if problems:
        return None, problems
    values = [value for value, _ in read_out]
    if question.kind != "multi":
        return values[0], []
    return _members(question, values, where)


def _answer(question: Question, answer: Mapping[str, Any], where: str) -> tuple[Any, Issue | None]:
    key = VALUE_KEY[question.kind]
    if key not in answer:
        given = next((k for k in answer if k.startswith("value")), "no value")
        return None, Issue(f"{question.field} ({question.kind}) needs {key}, got {given}", where)
    raw = answer[key]
    here = f"{where}.{key}"
    if question.kind == "boolean":
        ok = type(raw) is bool
        return raw, None if ok else Issue(f"expected true or false, got {raw!r}", here)
    if question.kind == "integer":
        return raw, _integer_problem(question, raw, here)
    return _code(question, raw, here)


def _integer_problem(question: Question, raw: object, where: str) -> Issue | None:
    if type(raw) is not int:
        return Issue(f"expected a whole number, got {raw!r}", where)
    low, high = bounds(question)
    if (low is not None and raw < low) or (high is not None and raw > high):
        return Issue(f"{raw} is out of range {low} to {high}", where, "value")
    return None


def _code(question: Question, raw: Any, where: str) -> tuple[Any, Issue | None]:
    wanted = system(question.field)
    if raw.get("system") != wanted:
        return None, Issue(
            f"expected a code from {wanted}, got system {raw.get('system')!r}",
            f"{where}.system",
            "code-invalid",
        )
    code = raw.get("code")
    allowed = [o.value for o in question.options]
    if code not in allowed and not (question.kind == "multi" and code == NONE_CODE):
        return None, Issue(
            f"{code!r} is not an answer to {question.field}; expected one of {allowed}",
            f"{where}.code",
            "code-invalid",
        )
    return code, None


def _members(question: Question, codes: list[Any], where: str) -> tuple[Any, list[Issue]]:
    """A multi answer: its codes in order; ``none`` alone is the empty list."""
    if NONE_CODE in codes and len(codes) > 1:
        return None, [Issue(f"{NONE_CODE!r} cannot go with other answers", f"{where}.answer")]
    for index, code in enumerate(codes):
        if code in codes[:index]:
            return None, [
                Issue(f"{code!r} is given twice", f"{where}.answer[{index}]", "duplicate")
            ]
    return ([] if codes == [NONE_CODE] else codes), []
