"""Results as FHIR: RiskAssessment, the pain Observation, and the diary Bundle."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from crepitus import assess
from crepitus.interop.fhir.common import emit
from crepitus.interop.fhir.response import case_to_response
from crepitus.interop.fhir.results import (
    PAIN_CODE,
    TRIAGE_EXTENSION,
    diary_bundle,
    pain_observation,
    risk_assessment,
)
from crepitus.store.diary import EntryRecord
from tests.cases import STRAIN

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SADDLE: dict[str, Any] = {"age": 58, "pop_region": "lumbar", "saddle_numbness": True}


def test_a_risk_assessment_carries_triage_reasons_and_a_prediction_per_condition() -> None:
    response = case_to_response(SADDLE, subject="Patient/7")
    result = assess(SADDLE)
    risk = risk_assessment(result, response, when=NOW)
    assert risk["status"] == "final"
    assert risk["subject"] == {"reference": "Patient/7"}
    triage = next(e for e in risk["extension"] if e["url"] == TRIAGE_EXTENSION)
    assert triage["valueCoding"]["code"] == "emergency"
    assert risk["mitigation"] == result.triage_action
    assert [p["outcome"]["coding"][0]["code"] for p in risk["prediction"]] == [
        c.id for c in result.conditions
    ]
    for prediction, condition in zip(risk["prediction"], result.conditions, strict=True):
        assert prediction["probabilityDecimal"] == round(condition.score, 3)
    notes = " ".join(n["text"] for n in risk["note"])
    assert result.red_flags[0].message in notes and result.red_flags[0].id in notes


def test_answers_without_an_id_are_contained_and_referenced() -> None:
    response = case_to_response(STRAIN)
    risk = risk_assessment(assess(STRAIN), response)
    assert risk["basis"] == [{"reference": "#answers"}]
    assert risk["contained"][0]["resourceType"] == "QuestionnaireResponse"


def test_answers_with_an_id_are_referenced_not_copied() -> None:
    response = {**case_to_response(STRAIN), "id": "qr-1"}
    risk = risk_assessment(assess(STRAIN), response)
    assert risk["basis"] == [{"reference": "QuestionnaireResponse/qr-1"}]
    assert "contained" not in risk


def test_the_pain_score_is_an_observation_coded_with_loinc() -> None:
    response = case_to_response(STRAIN, subject="Patient/7")
    observation = pain_observation(STRAIN, response, when=NOW)
    assert observation is not None
    assert observation["code"] == PAIN_CODE
    assert observation["code"]["coding"][0]["code"] == "72514-3"
    assert observation["valueInteger"] == STRAIN["pain_score"]
    assert pain_observation({"age": 30}, response) is None


def entry(number: int, day: int, **extra: Any) -> EntryRecord:
    values: dict[str, Any] = {
        "region": "lumbar",
        "pops": 3,
        "pain": 2,
        "sound": "crack",
        "triggers": ("bending",),
        "pain_at_pop": False,
        "swelling": False,
        "stiffness": True,
        "note": "",
    }
    values.update(extra)
    return EntryRecord(id=number, at=datetime(2026, 11, day, 9, tzinfo=UTC), **values)


def test_the_diary_is_a_bundle_of_observations_oldest_first() -> None:
    bundle = diary_bundle(
        [entry(2, 20, note="after gardening"), entry(1, 10, sound=None, triggers=())],
        subject="Patient/7",
        when=NOW,
    )
    assert bundle["type"] == "collection"
    observations = [e["resource"] for e in bundle["entry"]]
    assert [o["id"] for o in observations] == ["diary-1", "diary-2"]
    first, second = observations
    assert first["subject"] == {"reference": "Patient/7"}
    pain = next(c for c in second["component"] if c["code"] == PAIN_CODE)
    assert pain["valueInteger"] == 2
    assert second["note"] == [{"text": "after gardening"}]
    assert not any("sound" in str(c["code"]) for c in first["component"])


def test_an_empty_diary_is_an_empty_bundle() -> None:
    assert diary_bundle([])["entry"] == []


def test_emitting_refuses_nulls_and_bad_codes() -> None:
    with pytest.raises(ValueError, match="null"):
        emit({"resourceType": "Observation", "status": None})
    with pytest.raises(ValueError, match="status"):
        emit({"resourceType": "Observation", "status": "done", "code": {"text": "x"}})
