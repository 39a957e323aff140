"""The interview as a FHIR R4B Questionnaire, generated from the one interview definition.

Each screen is a ``group`` item (linkId: the screen id, text: its title) holding its questions in
interview order; each question is one item whose linkId is its case field. Choice answers
are codings in ``CODE_SYSTEM/<field>`` whose codes are the contract values; a multi question
(``repeats``) answered "none of these" carries the exclusive ``none`` coding, because an item
with no answer reads as unknown.

The skip logic becomes ``enableWhen``, translated from the very findings the engine evaluates
(``assess.ask_findings``), so the two cannot drift apart. The engine's conditions are three-valued
and it asks a question only when its condition is true; a FHIR condition on an unanswered item is
false, which comes to the same. A warning sign's "or still unknown" is an ``exists false``.
enableWhen is a flat list, so one shape cannot be written with it: the engine treats an earlier
question as unknown only if it was asked ("unknown and asked", an *and* inside an *or*; one it
skipped as not applying counts as "no"). Those items carry the SDC ``enableWhenExpression``
instead: the same condition in FHIRPath, exact, which the tests evaluate with a FHIRPath engine.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, NamedTuple

from crepitus.contract.fields import case_fields
from crepitus.engine.assess import ask_findings
from crepitus.errors import KnowledgeError
from crepitus.i18n import N_, translator
from crepitus.interop.fhir.common import (
    CODE_SYSTEM,
    LOINC,
    PAIN_LOINC,
    QUESTIONNAIRE_ID,
    QUESTIONNAIRE_URL,
    emit,
)
from crepitus.interop.fhir.translation import translated
from crepitus.knowledge import expr as ex
from crepitus.knowledge import knowledge
from crepitus.knowledge.locales import ENGLISH, available
from crepitus.knowledge.model import Finding, Knowledge, Question

__all__ = [
    "ENABLE_WHEN_EXPRESSION",
    "NONE_CODE",
    "SkipLogic",
    "answers_of",
    "bounds",
    "build",
    "coding",
    "enabled",
    "fhirpath",
    "question_items",
    "questionnaire",
    "skip_logic",
    "system",
]

ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_SYSTEM = "http://hl7.org/fhir/questionnaire-item-control"

NONE_CODE = "none"  # a multi question's "none of these": its only answer, never with others
NONE_DISPLAY = N_("None of these")
TITLE = N_("Back and neck popping check")

ITEM_TYPES = {"boolean": "boolean", "integer": "integer", "choice": "choice", "multi": "choice"}
CODES = {
    "pain_score": [
        {
            "system": LOINC,
            "code": PAIN_LOINC,
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ]
}


class SkipLogic(NamedTuple):
    """A question's skip logic as enableWhen; no conditions means always asked.

    ``exact`` is False when enableWhen alone would ask it where the engine would not (see the
    module docstring); ``expression`` then holds the exact condition in FHIRPath, which the item
    carries instead.
    """

    conditions: tuple[dict[str, Any], ...]
    behavior: str  # any | all
    exact: bool
    expression: str = ""


ALWAYS = SkipLogic((), "all", True)


@cache
def questionnaire() -> dict[str, Any]:
    """The packaged interview as a Questionnaire (built and validated once), its texts in
    English with every served language pack's translation attached."""
    others = tuple(knowledge(code) for code in available() if code != ENGLISH)
    return build(knowledge(), others)


def build(kb: Knowledge, others: tuple[Knowledge, ...] = ()) -> dict[str, Any]:
    """The interview of ``kb`` as a Questionnaire, each text carrying its translation in each of
    ``others`` (the same knowledge in other languages). Raises KnowledgeError, naming the
    question, for skip logic that enableWhen cannot express, or a multi option that clashes
    with ``none``."""
    asks = ask_findings(kb)
    form = {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "url": QUESTIONNAIRE_URL,
        "version": kb.version,
        "language": kb.language,
        "name": "BackPopping",
        "title": TITLE,
        "status": "active",
        "subjectType": ["Patient"],
        "item": [
            translated(
                {
                    "linkId": screen.id,
                    "text": screen.title,
                    "type": "group",
                    "item": [
                        _item(q, _skip_logic(q, kb, asks), others)
                        for q in (kb.question(name) for name in screen.questions)
                    ],
                },
                "text",
                ((k.language, k.screens[screen.id].title) for k in others),
            )
            for screen in kb.screens.values()
        ],
    }
    translated(form, "title", _interface(TITLE, others))
    return emit(form)


def _interface(text: str, others: tuple[Knowledge, ...]) -> list[tuple[str, str]]:
    """An interface string (not knowledge) in each language, from its catalog."""
    return [(k.language, translator(k.language).gettext(text)) for k in others]


def question_items(form: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The question items of a Questionnaire, out of their groups, in order."""
    found: list[dict[str, Any]] = []
    for item in form.get("item") or []:
        if item.get("type") == "group":
            found.extend(question_items(item))
        else:
            found.append(item)
    return found


def _item(question: Question, logic: SkipLogic, others: tuple[Knowledge, ...]) -> dict[str, Any]:
    field = question.field
    item: dict[str, Any] = {
        "linkId": field,
        "text": question.text,
        "type": ITEM_TYPES[question.kind],
    }
    translated(item, "text", ((k.language, k.question(field).text) for k in others))
    if question.field in CODES:
        item["code"] = CODES[question.field]
    if question.required:
        item["required"] = True
    if question.kind == "multi":
        item["repeats"] = True
    if question.kind == "integer":
        item["extension"] = _limits(question)
    if logic.expression:
        item.setdefault("extension", []).append(_expression(logic.expression))
    elif logic.conditions:
        item["enableWhen"] = list(logic.conditions)
        if len(logic.conditions) > 1:
            item["enableBehavior"] = logic.behavior
    if question.kind in ("choice", "multi"):
        item["answerOption"] = _options(question, others)
    if question.help:
        help_item = _help(question)
        translated(help_item, "text", ((k.language, k.question(field).help) for k in others))
        item["item"] = [help_item]
    return item


def _expression(text: str) -> dict[str, Any]:
    return {
        "url": ENABLE_WHEN_EXPRESSION,
        "valueExpression": {
            "description": "Asked unless earlier answers rule it out (the engine's skip logic)",
            "language": "text/fhirpath",
            "expression": text,
        },
    }


def _limits(question: Question) -> list[dict[str, Any]]:
    low, high = bounds(question)
    limits = [(MIN_VALUE, low), (MAX_VALUE, high)]
    return [{"url": url, "valueInteger": value} for url, value in limits if value is not None]


def _options(question: Question, others: tuple[Knowledge, ...]) -> list[dict[str, Any]]:
    labels = [(k.language, k.question(question.field).options) for k in others]
    options: list[dict[str, Any]] = [
        {
            "valueCoding": translated(
                coding(question, option.value),
                "display",
                ((language, theirs[i].label) for language, theirs in labels),
            )
        }
        for i, option in enumerate(question.options)
    ]
    if question.kind == "multi":
        if any(option.value == NONE_CODE for option in question.options):
            raise KnowledgeError(
                f"{question.field}: an option may not be {NONE_CODE!r}, which FHIR uses for"
                " 'none of these'"
            )
        options.append(
            {
                "extension": [{"url": OPTION_EXCLUSIVE, "valueBoolean": True}],
                "valueCoding": translated(
                    _none(question), "display", _interface(NONE_DISPLAY, others)
                ),
            }
        )
    return options


def _help(question: Question) -> dict[str, Any]:
    control = {"coding": [{"system": ITEM_CONTROL_SYSTEM, "code": "help"}]}
    return {
        "extension": [{"url": ITEM_CONTROL, "valueCodeableConcept": control}],
        "linkId": f"{question.field}.help",
        "type": "display",
        "text": question.help,
    }


def system(field: str) -> str:
    """The code system of a choice question's answers."""
    return f"{CODE_SYSTEM}/{field}"


def coding(question: Question, value: Any) -> dict[str, Any]:
    """The coding of one choice answer: its contract value as the code."""
    label = next(option.label for option in question.options if option.value == value)
    return {"system": system(question.field), "code": value, "display": label}


def _none(question: Question) -> dict[str, Any]:
    return {"system": system(question.field), "code": NONE_CODE, "display": NONE_DISPLAY}


def bounds(question: Question) -> tuple[int | None, int | None]:
    """An integer question's limits: its own, else the contract's."""
    spec = case_fields()[question.field]
    low = spec.minimum if question.minimum is None else question.minimum
    high = spec.maximum if question.maximum is None else question.maximum
    return low, high


def answers_of(question: Question, value: Any) -> list[dict[str, Any]]:
    """A case value as the answers of its item (a multi value: one per member, or ``none``)."""
    if question.kind == "boolean":
        return [{"valueBoolean": value}]
    if question.kind == "integer":
        return [{"valueInteger": value}]
    if question.kind == "choice":
        return [{"valueCoding": coding(question, value)}]
    members = [{"valueCoding": coding(question, member)} for member in value]
    return members or [{"valueCoding": _none(question)}]


# --- skip logic -> enableWhen


def skip_logic(field: str, kb: Knowledge | None = None) -> SkipLogic:
    """The enableWhen of one question. Raises KnowledgeError naming it when inexpressible."""
    kb = kb or knowledge()
    return _skip_logic(kb.question(field), kb, ask_findings(kb))


class _UnwritableError(Exception):
    """A condition enableWhen cannot express: an any inside an all, or the reverse."""


def _skip_logic(question: Question, kb: Knowledge, asks: dict[str, Finding]) -> SkipLogic:
    ask = asks.get(question.field)
    if ask is None:
        return ALWAYS
    by_id = {a.id: a for a in asks.values()}
    try:
        logic = _translate(ask.when, kb, by_id)
        if not logic.exact:
            return logic._replace(expression=fhirpath(ask.when, kb, by_id))
        return logic
    except _UnwritableError as exc:
        raise KnowledgeError(
            f"{question.field}: its skip logic cannot be written as FHIR enableWhen ({exc})"
        ) from None


def _translate(node: ex.Expr, kb: Knowledge, asks: dict[str, Finding]) -> SkipLogic:
    if isinstance(node, ex.Leaf):
        return _leaf(node, kb)
    if isinstance(node, ex.FindingRef):
        found = asks.get(node.finding) or kb.findings[node.finding]
        return _translate(found.when, kb, asks)
    asked = _gate(node)
    if asked is not None:  # "unknown and asked" becomes "asked": it only ever asks more
        return _translate(asked, kb, asks)._replace(exact=False)
    parts = [_translate(item, kb, asks) for item in node.items]
    if node.need == 1:
        return _join("any", parts)
    if node.need == len(node.items):
        return _join("all", parts)
    raise _UnwritableError(f"'{node.need} of {len(node.items)}' has no enableWhen form")


def _gate(node: ex.Branch) -> ex.FindingRef | None:
    """The "asked" part of the engine's "unknown and asked" (see ``assess.ask_findings``)."""
    match node.items:
        case (ex.Leaf(op="unknown"), ex.FindingRef() as asked) if node.kind == "all":
            return asked
    return None


def _join(behavior: str, parts: list[SkipLogic]) -> SkipLogic:
    exact = all(part.exact for part in parts)
    conditions: list[dict[str, Any]] = []
    for part in parts:
        if not part.conditions:  # always true
            if behavior == "any":
                return ALWAYS._replace(exact=exact)
            continue
        if len(part.conditions) > 1 and part.behavior != behavior:
            raise _UnwritableError(f"an {part.behavior} inside an {behavior}")
        conditions.extend(c for c in part.conditions if c not in conditions)
    return SkipLogic(tuple(conditions), behavior, exact)


def _leaf(leaf: ex.Leaf, kb: Knowledge) -> SkipLogic:
    question = kb.question(leaf.field)
    if leaf.op == "unknown":
        return SkipLogic((_condition(leaf.field, "exists", "answerBoolean", False),), "all", True)
    if leaf.op == "range":
        limits = [(">=", leaf.low), ("<=", leaf.high)]
        conditions = tuple(
            _condition(leaf.field, op, "answerInteger", bound)
            for op, bound in limits
            if bound is not None
        )
        test = SkipLogic(conditions, "all", True)
    else:  # is, in, has_any: an answer equal to one of the values (any member, when repeating)
        test = SkipLogic(tuple(_equals(question, value) for value in leaf.values), "any", True)
    if leaf.or_unknown:
        return _join("any", [test, _leaf(ex.Leaf(leaf.field, "unknown"), kb)])
    return test


def _equals(question: Question, value: Any) -> dict[str, Any]:
    if question.kind == "boolean":
        return _condition(question.field, "=", "answerBoolean", value)
    if question.kind == "integer":
        return _condition(question.field, "=", "answerInteger", value)
    wanted = {"system": system(question.field), "code": value}
    return _condition(question.field, "=", "answerCoding", wanted)


def _condition(field: str, op: str, key: str, value: Any) -> dict[str, Any]:
    return {"question": field, "operator": op, key: value}


# --- skip logic -> FHIRPath (enableWhenExpression)


def _answers(field: str) -> str:
    return f"%resource.repeat(item).where(linkId='{field}').answer"


def fhirpath(node: ex.Expr, kb: Knowledge, asks: Mapping[str, Finding]) -> str:
    """A condition as a FHIRPath expression over the QuestionnaireResponse (``%resource``) that
    is true exactly when the condition is: every test is an ``exists()``, so it is never empty."""
    if isinstance(node, ex.FindingRef):
        found = asks.get(node.finding) or kb.findings[node.finding]
        return fhirpath(found.when, kb, asks)
    if isinstance(node, ex.Branch):
        parts = [fhirpath(item, kb, asks) for item in node.items]
        if node.need == 1:
            return "(" + " or ".join(parts) + ")"
        if node.need == len(parts):
            return "(" + " and ".join(parts) + ")"
        raise _UnwritableError(f"'{node.need} of {len(parts)}' has no FHIRPath form here")
    unknown = f"{_answers(node.field)}.exists().not()"
    if node.op == "unknown":
        return unknown
    question = kb.question(node.field)
    values = f"{_answers(node.field)}.value"
    if node.op == "range":
        tests = [f"$this {op} {bound}" for op, bound in ((">=", node.low), ("<=", node.high))]
        kept = [
            t for t, bound in zip(tests, (node.low, node.high), strict=True) if bound is not None
        ]
        test = f"{values}.where({' and '.join(kept)}).exists()"
    elif question.kind in ("choice", "multi"):
        codes = " or ".join(f"code = '{value}'" for value in node.values)
        test = f"{values}.where({codes}).exists()"
    else:
        literal = " or ".join(f"$this = {str(v).lower()}" for v in node.values)
        test = f"{values}.where({literal}).exists()"
    return f"({test} or {unknown})" if node.or_unknown else test


# --- evaluating enableWhen

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
    ">=": operator.ge,
    "<=": operator.le,
}


def enabled(item: Mapping[str, Any], answers: Mapping[str, Any]) -> bool:
    """Whether an item's enableWhen holds for case-style ``answers``, with FHIR's semantics:
    ``exists`` tests for an answer; other operators hold when some answer satisfies them. An item
    with an enableWhenExpression is enabled when its condition holds (the expression says the
    same, in FHIRPath; the tests check that with a FHIRPath engine)."""
    if any(e.get("url") == ENABLE_WHEN_EXPRESSION for e in item.get("extension") or []):
        return _condition_holds(str(item["linkId"]), answers)
    conditions = item.get("enableWhen") or []
    held = (_holds(condition, answers) for condition in conditions)
    return any(held) if item.get("enableBehavior") == "any" else all(held)


@cache
def _asks() -> dict[str, Finding]:
    return {a.id: a for a in ask_findings(knowledge()).values()}


def _condition_holds(field: str, answers: Mapping[str, Any]) -> bool:
    kb, asks = knowledge(), _asks()

    def lookup(ref: str) -> ex.Truth:
        found = asks.get(ref) or kb.findings[ref]
        return ex.truth(found.when, answers, lookup)

    return lookup(f"ask:{field}") is True


def _holds(condition: Mapping[str, Any], case: Mapping[str, Any]) -> bool:
    field = condition["question"]
    value = case.get(field)
    given = [] if value is None else answers_of(knowledge().question(field), value)
    if condition["operator"] == "exists":
        return bool(given) is (condition["answerBoolean"] is True)
    key = next(k for k in condition if k.startswith("answer"))
    wanted = condition[key]
    compare = COMPARE[condition["operator"]]
    kind = "value" + key.removeprefix("answer")
    return any(compare(_key(answer[kind]), _key(wanted)) for answer in given if kind in answer)


def _key(value: Any) -> Any:
    """A coding compares on its system and code (the display is for people)."""
    return (value.get("system"), value.get("code")) if isinstance(value, dict) else value
