"""The compiled evaluator agrees with the three-valued interpreter on every condition."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import given, settings

from crepitus.engine.assess import engine
from crepitus.engine.compile import Truths, compile_truths
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
def compiled() -> Truths:
    return compile_truths(list(engine().kb.findings.values()), all_conditions())


@settings(max_examples=300)
@given(cases())
def test_compiled_truths_equal_the_interpreter(case: dict[str, Any]) -> None:
    lookup = ex.resolver(engine().kb.finding_expr, case)
    expected = [ex.truth(node, case, lookup) is True for node in all_conditions()]
    assert list(compiled()(case)) == expected
