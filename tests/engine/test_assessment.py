"""What an assessment says beyond the level: reasons, explanations, advice, and what is missing."""

from __future__ import annotations

from crepitus import assess
from crepitus.engine.result import confidence
from crepitus.knowledge import knowledge


def test_an_assessment_without_the_warning_sign_questions_says_so() -> None:
    result = assess(
        {"age": 31, "pop_region": "lumbar", "pain_score": 2, "pain_onset": "sudden_with_pop"}
    )
    assert not result.screen_complete
    assert {"saddle_numbness", "bladder_bowel_change", "chest_symptoms", "fever"} <= set(
        result.unanswered_red_flags
    )
    assert any("went unanswered" in line for line in result.what_would_change)
    assert result.to_dict()["screen_complete"] is False


def test_warning_signs_that_do_not_apply_are_not_listed_as_missing() -> None:
    result = assess(
        {
            "age": 31,
            "pain_score": 0,
            "fever": False,
            "pop_region": "lumbar",
            "pop_painful": False,
            "tingling": False,
            "numbness": False,
            "weakness": "none",
        }
    )
    # the headache and rash questions only apply to a neck problem or a fever
    assert "severe_headache" not in result.unanswered_red_flags
    assert "light_sensitivity_or_rash" not in result.unanswered_red_flags
    # medicines that matter only with pain are not asked about painless popping
    assert "anticoagulants" not in result.unanswered_red_flags


def test_every_warning_sign_answered_means_the_screen_is_complete() -> None:
    kb = knowledge()
    case = {"age": 40, "pain_score": 3, "pop_region": "cervical", "fever": False}
    for question in kb.questions:
        if question.red_flag and question.field not in case:
            calm = {"boolean": False, "multi": []}.get(question.kind, question.options[0].value)
            case[question.field] = calm
    result = assess(case)
    assert result.screen_complete
    assert result.unanswered_red_flags == ()


def test_conditions_are_ranked_and_say_which_answers_support_them() -> None:
    result = assess(
        {"age": 52, "pop_sound": "grinding", "pop_frequency": "daily", "stiff_after_sitting": True}
    )
    top = result.conditions[0]
    assert top.id == "facet_osteoarthritis"
    assert {"pop_sound", "pop_frequency", "stiff_after_sitting", "age"} <= set(top.because)
    scores = [c.score for c in result.conditions]
    assert scores == sorted(scores, reverse=True)


def test_a_fired_rule_names_the_answers_behind_it_and_its_sources() -> None:
    result = assess({"age": 40, "fever": True, "pain_score": 5, "cancer_history": False})
    (flag,) = [r for r in result.red_flags if r.id == "UR-FEVER-BACK-PAIN"]
    assert flag.because == ("fever", "pain_score")
    assert flag.sources and flag.level == "urgent"


def test_advice_where_the_evidence_is_weak_says_so() -> None:
    result = assess(
        {
            "age": 60,
            "pop_sound": "grinding",
            "pop_frequency": "daily",
            "pain_score": 6,
            "pain_onset": "gradual",
            "pain_days": 200,
            "pain_character": "dull",
            "stiff_after_sitting": True,
        }
    )
    advice = {a.id: a for a in result.advice}
    assert result.triage == "see_doctor"
    for advice_id in ("xray", "steroid_injection", "regenerative_medicine"):
        assert advice_id in advice
        assert advice[advice_id].evidence_note
    assert advice["regenerative_medicine"].evidence == "none"


def test_cracking_advice_is_honest_about_arthritis() -> None:
    result = assess({"age": 22, "self_cracking": "daily", "pain_score": 0, "pop_sound": "crack"})
    (item,) = [a for a in result.advice if a.id == "avoid_habitual_cracking"]
    assert "not been shown to cause arthritis" in item.text
    assert item.evidence == "low"


def test_the_result_names_the_knowledge_version() -> None:
    assert assess({"age": 30}).knowledge_version == knowledge().version


def test_confidence_words_follow_the_score() -> None:
    assert [confidence(s) for s in (0.9, 0.6, 0.35, 0.1)] == [
        "strong match",
        "likely",
        "possible",
        "less likely",
    ]


def test_the_json_form_keeps_every_contract_field() -> None:
    data = assess({"age": 30}).to_dict()
    assert {"triage", "conditions", "red_flags", "advice", "knowledge_version"} <= set(data)
    assert all({"id", "score", "because"} <= set(c) for c in data["conditions"])
    assert all({"id", "text"} <= set(a) for a in data["advice"])
