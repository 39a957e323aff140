from __future__ import annotations

from typing import Any

import pytest

from crepitus.contract import case_fields
from crepitus.errors import KnowledgeError
from crepitus.knowledge import expr as ex
from crepitus.knowledge import knowledge


def truth(raw: dict[str, Any], case: dict[str, Any]) -> ex.Truth:
    kb = knowledge()
    node = ex.parse(raw, case_fields(), "test")
    return ex.truth(node, case, ex.resolver(kb.finding_expr, case))


def test_an_unknown_field_is_unknown_not_false() -> None:
    assert truth({"field": "fever", "is": True}, {}) is None
    assert truth({"field": "fever", "is": True}, {"fever": False}) is False


def test_or_unknown_holds_when_the_field_was_not_asked() -> None:
    assert truth({"field": "pain_days", "at_most": 180, "or_unknown": True}, {}) is True
    assert (
        truth({"field": "pain_days", "at_most": 180, "or_unknown": True}, {"pain_days": 400})
        is False
    )


def test_all_is_false_as_soon_as_one_item_is_known_false() -> None:
    node = {"all": [{"field": "fever", "is": True}, {"field": "cancer_history", "is": True}]}
    assert truth(node, {"fever": False}) is False
    assert truth(node, {"fever": True}) is None
    assert truth(node, {"fever": True, "cancer_history": True}) is True


def test_any_is_true_as_soon_as_one_item_is_true() -> None:
    node = {"any": [{"field": "fever", "is": True}, {"field": "cancer_history", "is": True}]}
    assert truth(node, {"cancer_history": True}) is True
    assert truth(node, {"cancer_history": False}) is None
    assert truth(node, {"cancer_history": False, "fever": False}) is False


def test_count_needs_that_many_true_items() -> None:
    node = {
        "count": 2,
        "of": [
            {"field": "fever", "is": True},
            {"field": "night_pain", "is": True},
            {"field": "weight_loss", "is": True},
        ],
    }
    assert truth(node, {"fever": True, "weight_loss": True}) is True
    assert truth(node, {"fever": True, "night_pain": False}) is None
    assert truth(node, {"fever": True, "night_pain": False, "weight_loss": False}) is False


def test_has_any_tests_list_fields() -> None:
    node = {"field": "pain_radiation", "has_any": ["below_knee", "foot"]}
    assert truth(node, {"pain_radiation": ["thigh", "foot"]}) is True
    assert truth(node, {"pain_radiation": []}) is False


def test_a_range_test_applies_both_bounds() -> None:
    node = {"field": "age", "at_least": 20, "at_most": 30}
    assert [truth(node, {"age": a}) for a in (19, 20, 30, 31)] == [False, True, True, False]


def test_findings_resolve_by_name() -> None:
    assert truth({"finding": "back_pain"}, {"pain_score": 3}) is True
    assert (
        truth(
            {"finding": "back_pain"},
            {"pain_score": 0, "pop_painful": False, "pain_onset": "none", "stiff_neck": False}
            | {"night_pain": False},
        )
        is False
    )


def test_supporting_fields_name_only_what_made_it_true() -> None:
    kb = knowledge()
    node = ex.parse(
        {"all": [{"field": "fever", "is": True}, {"finding": "back_pain"}]}, case_fields(), "test"
    )
    case = {"fever": True, "pain_score": 4, "pop_painful": False, "age": 50}
    assert ex.supporting_fields(node, case, kb.finding_expr) == ["fever", "pain_score"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"field": "fever", "is": True, "in": [True]}, "exactly one of"),
        ({"field": "pop_triggers", "is": "bending"}, "does not apply"),
        ({"field": "fever", "at_least": 1}, "whole numbers"),
        ({"all": []}, "non-empty list"),
        ({"count": 3, "of": [{"field": "fever", "is": True}]}, "expected 1 to 1"),
        ({"not": {"field": "fever", "is": True}}, "expected one of the keys"),
        ({"finding": "x", "extra": 1}, "unknown key"),
    ],
)
def test_malformed_conditions_are_refused(raw: dict[str, Any], message: str) -> None:
    with pytest.raises(KnowledgeError, match=message):
        ex.parse(raw, case_fields(), "test")
