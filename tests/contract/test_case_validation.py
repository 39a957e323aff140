from __future__ import annotations

import pytest

from crepitus.contract import validate_case
from crepitus.errors import CaseError


def problems(case: object) -> dict[str, str]:
    with pytest.raises(CaseError) as caught:
        validate_case(case)
    return {p.field: p.problem for p in caught.value.problems}


def test_a_valid_case_is_returned_unchanged() -> None:
    case = {"age": 40, "pop_region": "lumbar", "pop_triggers": ["bending"], "fever": False}
    assert validate_case(case) is case


def test_age_is_required() -> None:
    assert problems({"fever": False}) == {"age": "required, and missing"}


def test_a_bad_enum_value_names_the_field_and_the_allowed_values() -> None:
    found = problems({"age": 40, "pop_region": "knee"})
    assert "pop_region" in found
    assert "cervical, thoracic, lumbar" in found["pop_region"]
    assert "'knee'" in found["pop_region"]


def test_every_bad_field_is_reported_not_only_the_first() -> None:
    found = problems({"age": 200, "pain_score": 11, "fever": "yes"})
    assert set(found) == {"age", "pain_score", "fever"}
    assert "from 0 to 120" in found["age"]
    assert "true or false" in found["fever"]


def test_a_boolean_is_not_accepted_as_a_number() -> None:
    assert "whole number" in problems({"age": True})["age"]


def test_a_float_is_not_accepted_as_a_whole_number() -> None:
    assert "age" in problems({"age": 40.5})


def test_an_unknown_field_suggests_the_nearest_known_one() -> None:
    assert "did you mean 'pain_score'" in problems({"age": 40, "pain_scor": 3})["pain_scor"]


def test_list_fields_reject_unknown_and_repeated_items() -> None:
    assert "'elbow'" in problems({"age": 40, "pain_radiation": ["elbow"]})["pain_radiation"]
    assert "twice" in problems({"age": 40, "pop_triggers": ["bending", "bending"]})["pop_triggers"]


def test_a_case_must_be_an_object() -> None:
    assert "JSON object" in problems([1, 2])[""]
