"""Triage below emergency: red flags in context, and the care rules."""

from __future__ import annotations

from typing import Any

from crepitus import assess

BENIGN = {
    "age": 30,
    "pop_region": "lumbar",
    "pop_frequency": "occasional",
    "pop_triggers": ["bending", "stretching"],
    "pop_sound": "crack",
    "pop_painful": False,
    "pop_relief": True,
    "pain_score": 0,
    "pain_onset": "none",
    "pain_days": 0,
}


def triage(base: dict[str, Any] = BENIGN, **fields: Any) -> str:
    return assess({**base, **fields}).triage


def test_occasional_painless_cracking_is_self_care() -> None:
    result = assess(BENIGN)
    assert result.triage == "self_care"
    assert result.conditions[0].id == "cavitation"
    assert {"reassurance", "safety_net"} <= {a.id for a in result.advice}


def test_a_past_cancer_alone_does_not_make_painless_popping_urgent() -> None:
    assert triage(cancer_history=True) == "self_care"


def test_a_past_cancer_with_new_pain_is_urgent() -> None:
    assert triage(cancer_history=True, pain_score=4, pain_onset="gradual", pain_days=20) == "urgent"


def test_a_past_cancer_with_pain_of_unknown_duration_is_urgent() -> None:
    assert triage({"age": 60, "cancer_history": True, "pain_score": 4}) == "urgent"


def test_fever_with_back_pain_is_urgent() -> None:
    assert triage(fever=True, pain_score=5, pain_onset="gradual", pain_days=4) == "urgent"


def test_fever_without_pain_or_other_signs_is_not_urgent() -> None:
    assert triage(fever=True) == "self_care"


def test_a_minor_fall_with_osteoporosis_is_urgent() -> None:
    assert triage(age=68, osteoporosis=True, trauma="minor", pain_score=6) == "urgent"


def test_a_minor_fall_without_bone_risk_is_not_urgent() -> None:
    assert triage(age=40, trauma="minor", pain_score=3, pain_days=1) == "self_care"


def test_sudden_pain_on_a_cough_with_long_term_steroids_is_urgent() -> None:
    fields: dict[str, Any] = {
        "steroid_use_long_term": True,
        "pain_onset": "sudden_with_pop",
        "pain_score": 7,
    }
    assert triage(pop_triggers=["coughing_sneezing"], **fields) == "urgent"


def test_worsening_weakness_of_one_limb_is_urgent() -> None:
    assert triage(weakness="progressive", pain_score=5, pain_radiation=["below_knee"]) == "urgent"


def test_clumsy_hands_are_urgent_even_without_pain() -> None:
    assert triage(pop_region="cervical", hand_clumsiness=True) == "urgent"


def test_pain_down_the_leg_with_tingling_sends_to_a_doctor() -> None:
    fields = {
        "pain_score": 5,
        "pain_radiation": ["below_knee"],
        "tingling": True,
        "neuro_sites": ["leg"],
    }
    result = assess({**BENIGN, **fields})
    assert result.triage == "see_doctor"
    assert result.conditions[0].id == "nerve_root_compression"


def test_a_fresh_pulled_muscle_is_self_care_with_cold_or_heat() -> None:
    strain = {
        **BENIGN,
        "pop_frequency": "single",
        "pop_triggers": ["lifting"],
        "pop_painful": True,
        "pain_score": 6,
        "pain_onset": "sudden_with_pop",
        "pain_days": 1,
        "muscle_spasm": True,
        "function_limits": ["bending"],
    }
    result = assess(strain)
    assert result.triage == "self_care"
    assert result.conditions[0].id == "muscle_strain"
    assert "ice_protocol" in {a.id for a in result.advice}


def test_pain_not_settling_after_six_weeks_sends_to_a_doctor() -> None:
    assert triage(pain_score=3, pain_onset="gradual", pain_days=45) == "see_doctor"
    assert triage(pain_score=3, pain_onset="gradual", pain_days=20) == "self_care"


def test_the_inflammatory_pattern_sends_to_a_doctor() -> None:
    fields = {
        "age": 26,
        "pain_score": 4,
        "pain_days": 100,
        "morning_stiffness_minutes": 60,
        "improves_with_exercise": True,
    }
    result = assess({**BENIGN, **fields})
    assert result.triage == "see_doctor"
    assert result.conditions[0].id == "inflammatory_back_pain"


def test_new_pain_for_weeks_under_twenty_is_checked_for_a_stress_fracture() -> None:
    result = assess(
        {**BENIGN, "age": 16, "pain_score": 3, "pain_days": 30, "pop_triggers": ["exercise"]}
    )
    assert result.triage == "see_doctor"
    assert "SD-YOUNG-PERSISTENT" in {r.id for r in result.red_flags}


def test_painless_grinding_with_age_is_self_care() -> None:
    fields = {"age": 66, "pop_sound": "grinding", "pop_frequency": "daily", "pop_relief": False}
    result = assess({**BENIGN, **fields})
    assert result.triage == "self_care"
    assert result.conditions[0].id == "facet_osteoarthritis"


# Found in review: each of these was mis-triaged by an earlier knowledge version.


def test_weakness_in_both_legs_is_an_emergency_even_without_numbness() -> None:
    case = {"age": 45, "weakness": "progressive", "neuro_sites": ["both_legs"], "tingling": False}
    assert assess(case).triage == "emergency"


def test_the_interview_asks_where_weakness_is() -> None:
    from crepitus.engine.interview import should_ask
    from crepitus.knowledge import knowledge

    question = knowledge().question("neuro_sites")
    assert should_ask(
        question, {"age": 45, "tingling": False, "numbness": False, "weakness": "stable"}
    )


def test_a_severe_headache_after_the_neck_was_cracked_is_an_emergency() -> None:
    case = {
        "age": 40,
        "pop_region": "cervical",
        "recent_neck_manipulation": True,
        "severe_headache": True,
    }
    assert assess(case).triage == "emergency"


def test_tingling_without_a_known_site_sends_to_a_doctor() -> None:
    assert (
        triage({"age": 40, "tingling": True, "numbness": True, "pain_score": 3, "pain_days": 5})
        == "see_doctor"
    )


def test_popping_that_hurts_for_weeks_sends_to_a_doctor_even_with_no_pain_between() -> None:
    case = {
        "age": 50,
        "pop_sound": "grinding",
        "pop_frequency": "daily",
        "pop_painful": True,
        "pain_score": 0,
        "pain_days": 60,
    }
    assert triage(case) == "see_doctor"


def test_fever_with_a_severe_headache_is_urgent_without_a_stiff_neck() -> None:
    case = {
        "age": 20,
        "fever": True,
        "severe_headache": True,
        "pop_region": "lumbar",
        "stiffness": False,
        "light_sensitivity_or_rash": False,
    }
    assert triage(case) == "urgent"


def test_old_numbness_after_cancer_with_long_standing_pain_is_not_an_emergency() -> None:
    case = {
        "age": 60,
        "cancer_history": True,
        "pain_score": 2,
        "pain_days": 400,
        "numbness": True,
        "neuro_sites": ["foot"],
    }
    assert triage(case) == "see_doctor"


def test_fever_with_numbness_but_no_back_pain_is_not_an_emergency() -> None:
    case = {
        "age": 30,
        "fever": True,
        "numbness": True,
        "neuro_sites": ["foot"],
        "pain_score": 0,
        "pop_painful": False,
    }
    assert triage(case) == "see_doctor"


def test_chest_pain_that_came_with_a_pop_is_urgent_not_an_emergency() -> None:
    case = {
        "age": 30,
        "pop_region": "thoracic",
        "pain_onset": "sudden_with_pop",
        "pain_score": 4,
        "pain_radiation": ["chest"],
        "chest_symptoms": False,
    }
    assert triage(case) == "urgent"


def test_feeling_faint_with_mild_gradual_pain_is_urgent() -> None:
    assert (
        triage({"age": 25, "fainting": True, "pain_score": 3, "pain_onset": "gradual"}) == "urgent"
    )


def test_feeling_faint_when_the_pain_onset_is_unknown_is_an_emergency() -> None:
    assert triage({"age": 70, "fainting": True, "pain_score": 5}) == "emergency"
