"""The generated code agrees with the three-valued interpreter on every condition."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import given, settings

from crepitus.engine.assess import engine
from crepitus.engine.compile import Because, Evaluate, Program
from crepitus.knowledge import expr as ex
from tests.strategies import cases


@cache
def all_conditions() -> list[ex.Expr]:
    kb = engine().kb
    nodes: list[ex.Expr] = [rule.when for rule in kb.rules]
    for condition in kb.conditions.values():
        nodes += [f.when for f in (*condition.features, *condition.against)]
    nodes += [o.when for a in kb.advice.values() for o in a.offers if o.when is not None]
    return nodes


@cache
def program() -> tuple[Evaluate, list[int], list[Because]]:
    built = Program(list(engine().kb.findings.values()))
    slots = [built.slot(node) for node in all_conditions()]
    evaluate = built.build(
        [], likely=0.5, explain_from=0.15, make=lambda *made: made, rules=[], screen=[]
    )
    return evaluate, slots, [built.because([node]) for node in all_conditions()]


@settings(max_examples=300)
@given(cases())
def test_compiled_values_equal_the_interpreter(case: dict[str, Any]) -> None:
    evaluate, slots, _ = program()
    values = evaluate(case)[0]
    lookup = ex.resolver(engine().kb.finding_expr, case)
    expected = [ex.truth(node, case, lookup) is True for node in all_conditions()]
    assert [values[s] for s in slots] == expected


@settings(max_examples=300)
@given(cases())
def test_compiled_because_equals_the_interpreter(case: dict[str, Any]) -> None:
    evaluate, slots, because = program()
    values = evaluate(case)[0]
    finding = engine().kb.finding_expr
    for node, slot, explain in zip(all_conditions(), slots, because, strict=True):
        if values[slot]:
            assert list(explain(values, case)) == ex.supporting_fields(node, case, finding)
        else:
            assert explain(values, case) == ()


def test_shared_subconditions_are_computed_once() -> None:
    built = Program(list(engine().kb.findings.values()))
    first = built.slot(engine().kb.rules[0].when)
    assert built.slot(engine().kb.rules[0].when) == first
