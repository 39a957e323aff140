"""Words may add concern, never remove it: which answers read from a description a check may take.

A value read from a person's words is taken as answered only when no other answer to the same
question could raise the triage: then, whatever the truth, taking it cannot make the check advise
less care than asking would. Any other value (a denial, a lower grade of injury, "no pain", an
age, a list that may be incomplete) is only pre-selected on its question, which is still asked.

The test reads the knowledge, not a list kept by hand. Conditions have no negation, so a rule
that another value would fire and this one would not must read the field through a test (a
leaf) that this value fails and another value passes. A value is taken when every such test
belongs to a rule at or below the level that this value alone already guarantees, and to no
question's skip logic (skipping a warning-sign question could hide its answer).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from crepitus.contract.fields import FieldSpec, case_fields
from crepitus.engine.assess import engine
from crepitus.knowledge import expr as ex
from crepitus.knowledge.model import LEVELS, Knowledge

# A question's skip logic decides whether a warning sign is asked at all: count it as the top
# level, so that no value read from words can close a question a true answer would open.
GATE = LEVELS[-1]


def _leaves(node: ex.Expr, kb: Knowledge) -> Iterator[ex.Leaf]:
    if isinstance(node, ex.Leaf):
        yield node
    elif isinstance(node, ex.FindingRef):
        yield from _leaves(kb.finding_expr(node.finding), kb)
    else:
        for item in node.items:
            yield from _leaves(item, kb)


@cache
def _tests_by_field() -> dict[str, tuple[tuple[str, ex.Leaf], ...]]:
    """Every field test in the rules and the skip logic, with the level it can reach."""
    kb = engine().kb
    found: dict[str, list[tuple[str, ex.Leaf]]] = {}
    for rule in kb.rules:
        for leaf in _leaves(rule.when, kb):
            found.setdefault(leaf.field, []).append((rule.level, leaf))
    for question in kb.questions:
        if question.ask_when is not None:
            for leaf in _leaves(question.ask_when, kb):
                found.setdefault(leaf.field, []).append((GATE, leaf))
    return {name: tuple(tests) for name, tests in found.items()}


def _some_value_passes(leaf: ex.Leaf, spec: FieldSpec) -> bool:
    if leaf.op in ("is", "in", "has_any"):
        return bool(leaf.values)
    lows = [v for v in (leaf.low, spec.minimum) if v is not None]
    highs = [v for v in (leaf.high, spec.maximum) if v is not None]
    return not lows or not highs or max(lows) <= min(highs)


def _surely(node: ex.Expr, case: Mapping[str, Any], kb: Knowledge) -> bool | None:
    """Kleene truth on a partial case where an unknown field is unknown even for a test that
    holds "or unknown": what holds here holds whatever the other answers turn out to be."""
    if isinstance(node, ex.Leaf):
        return ex.leaf_truth(node, case) if node.field in case else None
    if isinstance(node, ex.FindingRef):
        return _surely(kb.finding_expr(node.finding), case, kb)
    results = [_surely(item, case, kb) for item in node.items]
    true, unknown = results.count(True), results.count(None)
    if true >= node.need:
        return True
    return None if true + unknown >= node.need else False


def _guaranteed_level(field: str, value: Any) -> int:
    """The highest level a rule reaches on this one answer, whatever the others turn out to be."""
    kb = engine().kb
    case = {field: value}
    levels = [LEVELS.index(r.level) for r in kb.rules if _surely(r.when, case, kb) is True]
    return max(levels, default=0)


def takes(field: str, value: Any) -> bool:
    """Whether a check may take ``field = value`` read from words without asking it."""
    return _takes(field, _frozen(value))


def _frozen(value: Any) -> Any:
    return tuple(sorted(value)) if isinstance(value, list) else value


@cache
def _takes(field: str, value: Any) -> bool:
    spec = case_fields().get(field)
    if spec is None:
        return False
    case_value = list(value) if isinstance(value, tuple) else value
    floor: int | None = None
    for level, leaf in _tests_by_field().get(field, ()):
        if ex.leaf_truth(leaf, {field: case_value}) is True:
            continue
        if not _some_value_passes(leaf, spec):
            continue
        if floor is None:
            floor = _guaranteed_level(field, case_value)
        if LEVELS.index(level) > floor:
            return False
    return True


def settle(
    answers: Mapping[str, Any], estimates: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A description's answers split for a check: (taken as answered, pre-selected and asked).

    Estimates stay estimates; answers that could lower concern join them.
    """
    asked = engine().kb.by_field  # a field no question asks (the wording model's) stays an estimate
    taken = {name: value for name, value in answers.items() if name in asked and takes(name, value)}
    left = {name: value for name, value in answers.items() if name not in taken}
    return taken, {**estimates, **left}


def text_alone(stated: Mapping[str, Any], estimates: Mapping[str, Any]) -> dict[str, Any]:
    """The case an assessment from words alone reads: what was stated, and each estimate that
    does not lower the advice.

    An estimate fills a gap ("my back hurts" is some pain, so about 1 of 10); where leaving that
    gap open gives the higher level (a rule for severe pain counts pain whose score is not
    known), the gap stays open: nobody was asked, so the estimate must not lower concern.
    """
    from crepitus.contract.case import validate_case

    def level(case: Mapping[str, Any]) -> int:
        return LEVELS.index(engine().assess(validate_case(dict(case), complete=False)).triage)

    names = sorted(set(estimates) - set(stated))
    # every estimate, less each one that alone lowers the advice
    case = {**estimates, **stated}
    case_level = level(case)
    for name in names:
        without = {key: value for key, value in case.items() if key != name}
        if (without_level := level(without)) > case_level:
            case, case_level = without, without_level
    # and built up from what was stated instead, so estimates that lower it only together ("no
    # pain at first": no pain score and no days of pain) stay out together; the higher wins
    built = dict(stated)
    built_level = level(built)
    for name in names:
        candidate = {**built, name: estimates[name]}
        if (candidate_level := level(candidate)) >= built_level:
            built, built_level = candidate, candidate_level
    return built if built_level > case_level else case
