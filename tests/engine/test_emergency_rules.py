"""Every emergency path has a test: one per emergency rule, and named tests for the key signs."""

from __future__ import annotations

from typing import Any

import pytest

from crepitus import assess
from crepitus.engine.assess import engine

CALM = {
    "age": 35,
    "pop_region": "lumbar",
    "pop_sound": "crack",
    "pain_score": 0,
    "pop_painful": False,
}
EMERGENCY_RULES = [rule for rule in engine().kb.rules if rule.level == "emergency"]


def triage(**fields: Any) -> str:
    return assess({**CALM, **fields}).triage


@pytest.mark.parametrize("rule", EMERGENCY_RULES, ids=lambda r: r.id)
def test_each_emergency_rule_fires_on_its_example_and_gives_emergency(rule: Any) -> None:
    result = assess({**CALM, **rule.example})
    assert result.triage == "emergency"
    assert rule.id in {r.id for r in result.red_flags}
    assert [a.id for a in result.advice] == ["emergency_services"]


@pytest.mark.parametrize("rule", EMERGENCY_RULES, ids=lambda r: r.id)
def test_each_emergency_rule_explains_itself(rule: Any) -> None:
    fired = next(r for r in assess({**CALM, **rule.example}).red_flags if r.id == rule.id)
    assert fired.because, "an emergency must say which answers caused it"
    assert set(fired.because) <= set(rule.example) | set(CALM)
    assert fired.message and fired.sources


def test_saddle_numbness_is_always_an_emergency() -> None:
    assert triage(saddle_numbness=True) == "emergency"


def test_new_bladder_or_bowel_trouble_is_an_emergency() -> None:
    assert triage(bladder_bowel_change=True) == "emergency"


def test_new_sexual_dysfunction_is_an_emergency() -> None:
    assert triage(sexual_dysfunction_new=True) == "emergency"


def test_symptoms_in_both_legs_are_an_emergency() -> None:
    assert triage(neuro_sites=["both_legs"], tingling=True) == "emergency"


def test_major_trauma_is_an_emergency_at_any_age() -> None:
    for age in (8, 30, 85):
        assert triage(age=age, trauma="major") == "emergency"


def test_artery_dissection_signs_after_neck_cracking_are_an_emergency() -> None:
    assert (
        triage(pop_region="cervical", recent_neck_manipulation=True, neck_artery_symptoms=True)
        == "emergency"
    )


def test_chest_symptoms_with_back_pain_are_an_emergency() -> None:
    assert triage(pop_region="thoracic", pain_score=6, chest_symptoms=True) == "emergency"


def test_a_tearing_pain_is_an_emergency() -> None:
    assert triage(pain_score=8, pain_character="tearing") == "emergency"


def test_sudden_pain_through_to_the_chest_is_an_emergency() -> None:
    assert triage(pain_score=7, pain_onset="sudden", pain_radiation=["chest"]) == "emergency"


def test_feeling_faint_with_the_pain_is_an_emergency() -> None:
    assert triage(age=70, pain_score=8, pain_onset="sudden", fainting=True) == "emergency"


def test_fever_stiff_neck_and_severe_headache_is_an_emergency() -> None:
    assert (
        triage(pop_region="cervical", stiffness=True, fever=True, severe_headache=True)
        == "emergency"
    )


def test_fever_with_a_rash_that_does_not_fade_is_an_emergency() -> None:
    assert triage(fever=True, light_sensitivity_or_rash=True) == "emergency"


def test_worsening_weakness_with_fever_is_an_emergency() -> None:
    assert triage(pain_score=5, fever=True, weakness="progressive") == "emergency"


def test_worsening_weakness_after_cancer_is_an_emergency() -> None:
    assert triage(cancer_history=True, weakness="progressive") == "emergency"


def test_back_pain_and_numbness_after_cancer_is_an_emergency() -> None:
    assert triage(cancer_history=True, pain_score=4, pain_days=10, numbness=True) == "emergency"


def test_sudden_pain_with_nerve_symptoms_on_blood_thinners_is_an_emergency() -> None:
    assert (
        triage(anticoagulants=True, pain_score=8, pain_onset="sudden", numbness=True) == "emergency"
    )


def test_sudden_pain_with_weakness_after_a_spinal_procedure_is_an_emergency() -> None:
    assert (
        triage(recent_spinal_procedure=True, pain_onset="sudden_with_pop", weakness="stable")
        == "emergency"
    )


def test_an_emergency_rule_wins_over_everything_milder() -> None:
    result = assess({**CALM, "pain_score": 3, "pain_days": 60, "saddle_numbness": True})
    assert result.triage == "emergency"
    assert {r.id for r in result.care_rules} == {"SD-PERSISTENT-PAIN"}
    assert result.what_would_change == ()
