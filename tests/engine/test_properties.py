"""Properties over generated schema-valid cases."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from crepitus import assess
from crepitus.contract import load_schema
from crepitus.engine.assess import engine
from crepitus.knowledge.model import LEVELS
from tests.strategies import cases

RULES = engine().kb.rules
EMERGENCY_EXAMPLES = [r.example for r in RULES if r.level == "emergency"]
RANK = {level: i for i, level in enumerate(LEVELS)}


@cache
def validator() -> Any:
    return jsonschema.Draft202012Validator(load_schema("assessment"))


@settings(max_examples=400)
@given(cases())
def test_the_engine_never_raises_and_always_answers_in_the_contract(case: dict[str, Any]) -> None:
    result = assess(case).to_dict()
    validator().validate(result)
    assert result["conditions"], "at least one explanation is always given"
    assert all(0.0 <= c["score"] <= 1.0 for c in result["conditions"])


@settings(max_examples=200)
@given(cases())
def test_the_engine_is_deterministic(case: dict[str, Any]) -> None:
    assert assess(case) == assess(dict(case))


@settings(max_examples=400)
@given(cases(), st.sampled_from(EMERGENCY_EXAMPLES))
def test_adding_any_emergency_finding_to_any_case_gives_emergency(
    case: dict[str, Any], finding: dict[str, Any]
) -> None:
    assert assess({**case, **finding}).triage == "emergency"


@settings(max_examples=400)
@given(cases(), st.sampled_from(RULES))
def test_adding_a_rules_finding_never_lowers_triage_below_that_rule(
    case: dict[str, Any], rule: Any
) -> None:
    after = assess({**case, **rule.example}).triage
    assert RANK[after] >= RANK[rule.level]


RED_FLAG_FIELDS = {q.field for q in engine().kb.questions if q.red_flag}
RED_FLAG_VALUES: dict[str, Any] = {
    q.field: {"boolean": True, "multi": [q.options[-1].value]}.get(q.kind, q.options[-1].value)
    for q in engine().kb.questions
    if q.red_flag
}


@settings(max_examples=500)
@given(cases(), st.sampled_from(sorted(RED_FLAG_VALUES)))
def test_adding_a_red_flag_never_lowers_the_triage_level(case: dict[str, Any], flag: str) -> None:
    before = assess(case).triage
    after = assess({**case, flag: RED_FLAG_VALUES[flag]}).triage
    assert RANK[after] >= RANK[before]


@settings(max_examples=300)
@given(cases())
def test_unanswered_red_flags_are_never_answered_ones(case: dict[str, Any]) -> None:
    result = assess(case)
    assert not set(result.unanswered_red_flags) & set(case)
    assert set(result.unanswered_red_flags) <= RED_FLAG_FIELDS
    assert result.screen_complete == (not result.unanswered_red_flags)
