"""The rules that real descriptions added (the brief's section 8), each at its level, and the
cases next to them that must stay calmer."""

from __future__ import annotations

from typing import Any

from crepitus import assess

CALM = {"age": 35, "pop_region": "lumbar", "pop_sound": "crack", "pain_score": 0}


def triage(**fields: Any) -> str:
    return assess({**CALM, **fields}).triage


def fired(**fields: Any) -> set[str]:
    return {rule.id for rule in assess({**CALM, **fields}).red_flags}


def test_a_thunderclap_headache_is_an_emergency_with_or_without_a_neck_crack() -> None:
    assert triage(thunderclap_headache=True) == "emergency"
    assert triage(thunderclap_headache=True, recent_neck_manipulation=True) == "emergency"


def test_a_severe_headache_with_a_stiff_neck_and_vomiting_is_an_emergency_without_fever() -> None:
    for sign in ("vomiting", "confusion", "light_sensitivity_or_rash"):
        case = {"severe_headache": True, "stiff_neck": True, sign: True, "fever": False}
        assert triage(**case) == "emergency", sign
        assert "EM-MENINGITIS-SIGNS" in fired(**case)


def test_a_severe_headache_with_a_stiff_neck_alone_is_not_yet_an_emergency() -> None:
    assert triage(severe_headache=True, stiff_neck=True, fever=False) != "emergency"


def test_fever_with_a_stiff_neck_and_vomiting_is_an_emergency() -> None:
    assert triage(fever=True, stiff_neck=True, vomiting=True) == "emergency"


def test_fever_with_a_stiff_painful_neck_is_urgent_even_before_the_headache_is_known() -> None:
    assert triage(fever=True, stiff_neck=True) == "urgent"
    unscored = {"age": 35, "fever": True, "stiff_neck": True}  # no pain score given
    assert "UR-FEVER-BACK-PAIN" in {rule.id for rule in assess(unscored).red_flags}


def test_a_stiff_neck_with_vomiting_or_light_hurting_is_urgent_without_fever() -> None:
    for sign in ("vomiting", "light_sensitivity_or_rash"):
        assert triage(stiff_neck=True, fever=False, **{sign: True}) == "urgent", sign
        assert "UR-MENINGISM" in fired(stiff_neck=True, fever=False, **{sign: True})
    assert triage(stiff_neck=True, vomiting=True, severe_headache=True) == "emergency"


def test_a_stiff_neck_alone_is_not_urgent() -> None:
    assert triage(stiff_neck=True, fever=False, vomiting=False) in ("self_care", "see_doctor")


def test_stroke_signs_are_an_emergency_at_any_time() -> None:
    assert triage(stroke_signs=True) == "emergency"
    assert triage(stroke_signs=True, pop_region="cervical", recent_neck_manipulation=True) == (
        "emergency"
    )


def test_dizziness_alone_is_not_an_emergency() -> None:
    assert triage(dizziness=True, recent_neck_manipulation=False) == "see_doctor"
    assert triage(dizziness=True, pop_region="cervical", recent_neck_manipulation=False) == (
        "see_doctor"
    )


def test_dizziness_after_a_neck_crack_is_an_emergency() -> None:
    assert triage(dizziness=True, recent_neck_manipulation=True) == "emergency"
    assert triage(dizziness=True, pop_region="cervical", pop_triggers=["manipulation"]) == (
        "emergency"
    )


def test_dizziness_after_a_lower_back_manipulation_is_not_an_emergency() -> None:
    assert triage(dizziness=True, pop_triggers=["manipulation"]) == "see_doctor"


def test_eye_or_ear_signs_after_a_neck_crack_are_an_emergency_and_alone_urgent() -> None:
    assert triage(eye_or_ear_signs=True, recent_neck_manipulation=True) == "emergency"
    assert (
        triage(eye_or_ear_signs=True, pop_region="cervical", pain_onset="sudden", pain_score=6)
        == "emergency"
    )
    assert triage(eye_or_ear_signs=True, recent_neck_manipulation=False) == "urgent"


def test_a_dangerous_fall_counts_as_major_trauma() -> None:
    assert triage(trauma="major", pain_score=5) == "emergency"


def test_a_minor_fall_from_65_with_new_pain_is_urgent_and_younger_is_not() -> None:
    assert triage(age=65, trauma="minor", pain_score=4, pain_days=1) == "urgent"
    assert triage(age=66, trauma="minor", pain_days=3) == "urgent"
    assert triage(age=40, trauma="minor", pain_score=4, pain_days=1) == "self_care"


def test_a_fall_from_65_with_no_pain_is_not_urgent_for_the_fall() -> None:
    assert "UR-OLDER-FALL" not in fired(age=70, trauma="minor", pain_onset="none")


def test_sudden_severe_pain_going_pale_is_urgent_and_an_emergency_over_50() -> None:
    case = {"pain_onset": "sudden", "pain_score": 8, "pallor_sweating": True}
    assert triage(age=35, **case) == "urgent"
    assert triage(age=51, **case) == "emergency"
    unscored = {"age": 70, "pain_onset": "sudden", "pallor_sweating": True}
    assert assess(unscored).triage == "emergency"


def test_going_pale_with_mild_pain_is_not_urgent_for_that() -> None:
    assert not {"UR-SUDDEN-PAIN-PALE", "EM-SUDDEN-PAIN-PALE-OVER-50"} & fired(
        age=60, pain_onset="sudden", pain_score=3, pallor_sweating=True
    )


def test_spreading_weakness_is_urgent_and_an_emergency_in_both_legs_or_with_bladder_signs() -> None:
    assert triage(weakness="progressive", neuro_sites=["leg"]) == "urgent"
    assert triage(weakness="progressive", neuro_sites=["both_legs"]) == "emergency"
    assert triage(weakness="progressive", bladder_bowel_change=True) == "emergency"


def test_sudden_worst_pain_between_the_shoulder_blades_is_an_emergency() -> None:
    assert triage(worst_pain_ever=True, pain_onset="sudden", pop_region="thoracic") == "emergency"
    assert (
        triage(worst_pain_ever=True, pain_onset="sudden", pain_radiation=["shoulder_blade"])
        == "emergency"
    )


def test_worst_pain_ever_from_a_lift_in_the_lower_back_is_not_the_aorta_rule() -> None:
    assert "EM-AORTA-WORST-PAIN" not in fired(
        worst_pain_ever=True, pain_onset="sudden_with_pop", pop_triggers=["lifting"], pain_score=9
    )


def test_pain_stated_is_pain_without_a_score() -> None:
    assert assess({"age": 60, "cancer_history": True, "pain_days": 30}).triage == "urgent"
    assert assess({"age": 60, "fever": True, "pain_character": "dull"}).triage == "urgent"
    assert assess({"age": 30, "pain_days": 60}).triage == "see_doctor"


def test_no_pain_said_outright_is_not_pain() -> None:
    case = {"age": 60, "cancer_history": True, "pain_onset": "none", "pain_days": 0}
    assert assess(case).triage == "self_care"


def test_new_confusion_with_a_headache_or_vomiting_is_an_emergency() -> None:
    assert triage(confusion=True, vomiting=True) == "emergency"
    assert triage(confusion=True, severe_headache=True, stiff_neck=False) == "emergency"
    assert triage(confusion=True, fever=True) == "emergency"


def test_severe_back_pain_with_an_infection_risk_is_urgent_and_mild_is_not() -> None:
    assert triage(iv_drug_use=True, pain_score=8) == "urgent"
    assert assess({"age": 40, "immunosuppressed": True, "pain_days": 3}).triage == "urgent"
    assert triage(iv_drug_use=True, pain_score=3) == "see_doctor"


def test_a_fall_from_65_is_worth_a_doctor_even_without_pain() -> None:
    assert triage(age=80, trauma="minor", pain_onset="none") == "see_doctor"
    assert triage(age=60, trauma="minor", pain_onset="none") == "self_care"


def test_a_limb_going_numb_or_weak_after_a_neck_crack_is_an_emergency() -> None:
    after_crack = {"recent_neck_manipulation": True, "pop_region": "cervical"}
    assert triage(**after_crack, numbness=True, neuro_sites=["arm"]) == "emergency"
    assert triage(**after_crack, weakness="stable") == "emergency"
    assert triage(**after_crack, tingling=True, neuro_sites=["arm"]) != "emergency"
    assert triage(numbness=True, neuro_sites=["arm"], recent_neck_manipulation=False) == (
        "see_doctor"
    )


def test_a_sudden_severe_headache_with_neck_pain_is_an_emergency() -> None:
    case = {"severe_headache": True, "pain_onset": "sudden", "pop_region": "cervical"}
    assert triage(**case) == "emergency"
    assert triage(**{**case, "pain_onset": "gradual"}) != "emergency"


def test_pain_at_night_is_pain() -> None:
    case = {"age": 40, "night_pain": True, "fever": True}
    assert "UR-FEVER-BACK-PAIN" in {rule.id for rule in assess(case).red_flags}
