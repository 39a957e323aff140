"""Results in FHIR: an assessment as a RiskAssessment, the pain score as an Observation, and the
pop diary as a Bundle of Observations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from crepitus.engine.result import Assessment
from crepitus.interop.fhir.common import BASE, CODE_SYSTEM, LOINC, PAIN_LOINC, emit
from crepitus.knowledge import knowledge
from crepitus.store.diary import EntryRecord

CONDITIONS = f"{CODE_SYSTEM}/condition"
TRIAGE = f"{CODE_SYSTEM}/triage"
DIARY = f"{CODE_SYSTEM}/diary"
TRIAGE_EXTENSION = f"{BASE}/StructureDefinition/triage-level"
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # a FHIR dateTime without a time
RISK = "http://terminology.hl7.org/CodeSystem/risk-probability"
SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
PAIN_CODE = {
    "coding": [
        {
            "system": LOINC,
            "code": PAIN_LOINC,
            "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        }
    ],
    "text": "Pain score (0-10)",
}
# Chance words of the risk-probability code system, by the lowest score they start at
QUALITATIVE = (
    (0.8, "high", "High likelihood"),
    (0.5, "moderate", "Moderate likelihood"),
    (0.2, "low", "Low likelihood"),
    (0.0, "negligible", "Negligible likelihood"),
)


def _subject(response: dict[str, Any]) -> dict[str, Any]:
    subject = response.get("subject")
    return dict(subject) if isinstance(subject, dict) else {"display": "the person who answered"}


def _basis(response: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A reference to the answers, and what must be contained for it to resolve."""
    if response.get("id"):
        return {"reference": f"QuestionnaireResponse/{response['id']}"}, []
    return {"reference": "#answers"}, [{**response, "id": "answers"}]


def _qualitative(score: float) -> dict[str, Any]:
    code, display = next((c, d) for low, c, d in QUALITATIVE if score >= low)
    return {"coding": [{"system": RISK, "code": code, "display": display}]}


def assessed_at(response: dict[str, Any]) -> datetime | str:
    """When an assessment of ``response`` applies: when the answers were given, or now.

    ``authored`` is a FHIR dateTime: with a time it has a time zone, and is returned as a
    datetime; without one ("2026", "2026-01", "2026-01-01") it is returned as it was written,
    a day (or month, or year) and no invented time of day.
    """
    authored = response.get("authored")
    if isinstance(authored, str) and PARTIAL_DATE.fullmatch(authored):
        return authored
    try:
        moment = datetime.fromisoformat(str(authored))
    except ValueError:
        return datetime.now(UTC)
    return moment if moment.tzinfo else datetime.now(UTC)


def _instant(when: datetime | str) -> str:
    return when if isinstance(when, str) else when.isoformat()


def risk_assessment(
    result: Assessment, response: dict[str, Any], *, when: datetime | str | None = None
) -> dict[str, Any]:
    """The assessment of ``response`` (a QuestionnaireResponse) as a RiskAssessment.

    One prediction per condition shown, with its score as the probability. The triage level is
    an extension and the first note; the action to take is the mitigation; each reason (a rule
    that fired, with the answers it rested on) is a note.
    """
    kb = knowledge()
    basis, contained = _basis(response)
    level = kb.levels[result.triage]
    notes = [f"Triage: {level.label} ({result.triage}). {result.triage_action}"]
    for rule in (*result.red_flags, *result.care_rules):
        because = ", ".join(rule.because)
        notes.append(f"{rule.message} (rule {rule.id}; because of: {because})")
    if result.unanswered_red_flags:
        notes.append(
            "Warning-sign questions not answered: " + ", ".join(result.unanswered_red_flags)
        )
    resource: dict[str, Any] = {
        "resourceType": "RiskAssessment",
        **({"contained": contained} if contained else {}),
        "extension": [
            {
                "url": TRIAGE_EXTENSION,
                "valueCoding": {"system": TRIAGE, "code": result.triage, "display": level.label},
            }
        ],
        "status": "final",
        "method": {
            "coding": [
                {
                    "system": f"{CODE_SYSTEM}/method",
                    "code": "crepitus-triage",
                    "display": f"crepitus triage, knowledge version {result.knowledge_version}",
                }
            ]
        },
        "code": {"text": "Back or neck popping: how soon to get care, and what explains it"},
        "subject": _subject(response),
        **({"occurrenceDateTime": _instant(when)} if when else {}),
        "basis": [basis],
        "prediction": [
            {
                "outcome": {
                    "coding": [{"system": CONDITIONS, "code": c.id, "display": c.name}],
                    "text": c.name,
                },
                "probabilityDecimal": round(c.score, 3),
                "qualitativeRisk": _qualitative(c.score),
                **({"rationale": "because of: " + ", ".join(c.because)} if c.because else {}),
            }
            for c in result.conditions
        ],
        "mitigation": result.triage_action,
        "note": [{"text": text} for text in notes],
    }
    return emit(resource)


def pain_observation(
    case: dict[str, Any], response: dict[str, Any], *, when: datetime | None = None
) -> dict[str, Any] | None:
    """The pain score as an Observation (LOINC 72514-3), or None when it was not answered."""
    if "pain_score" not in case:
        return None
    basis, contained = _basis(response)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        **({"contained": contained} if contained else {}),
        "status": "final",
        "category": [SURVEY],
        "code": PAIN_CODE,
        "subject": _subject(response),
        **({"effectiveDateTime": when.isoformat()} if when else {}),
        "valueInteger": case["pain_score"],
        "derivedFrom": [basis],
    }
    return emit(resource)


def _coding(field: str, value: str) -> dict[str, Any]:
    kb = knowledge()
    labels = {o.value: o.label for o in kb.question(field).options} if field in kb.by_field else {}
    return {
        "coding": [
            {"system": f"{CODE_SYSTEM}/{field}", "code": value, "display": labels.get(value, value)}
        ]
    }


def _diary_code(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": DIARY, "code": code, "display": display}], "text": display}


def diary_observation(entry: EntryRecord, subject: dict[str, Any]) -> dict[str, Any]:
    """One diary entry: a panel Observation whose components are what was noted."""
    components: list[dict[str, Any]] = [
        {"code": _diary_code("pops", "Pops counted"), "valueInteger": entry.pops},
        {"code": PAIN_CODE, "valueInteger": entry.pain},
        {
            "code": _diary_code("region", "Where it popped"),
            "valueCodeableConcept": _coding("pop_region", entry.region),
        },
        {"code": _diary_code("pain-at-pop", "The pop hurt"), "valueBoolean": entry.pain_at_pop},
        {"code": _diary_code("swelling", "Swelling"), "valueBoolean": entry.swelling},
        {"code": _diary_code("stiffness", "Stiffness"), "valueBoolean": entry.stiffness},
    ]
    if entry.sound:
        components.append(
            {
                "code": _diary_code("sound", "The sound"),
                "valueCodeableConcept": _coding("pop_sound", entry.sound),
            }
        )
    components.extend(
        {
            "code": _diary_code("trigger", "What set it off"),
            "valueCodeableConcept": _coding("pop_triggers", t),
        }
        for t in entry.triggers
    )
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"diary-{entry.id}",
        "status": "final",
        "category": [SURVEY],
        "code": _diary_code("pop-diary-entry", "Pop diary entry"),
        "subject": subject,
        "effectiveDateTime": entry.at.isoformat(),
        "component": components,
        **({"note": [{"text": entry.note}]} if entry.note else {}),
    }
    return resource


def diary_bundle(
    entries: Iterable[EntryRecord], *, subject: str | None = None, when: datetime | None = None
) -> dict[str, Any]:
    """The pop diary as a collection Bundle of Observations, oldest first."""
    who = {"reference": subject} if subject else {"display": "the diary's owner"}
    observations = [diary_observation(e, who) for e in sorted(entries, key=lambda e: e.at)]
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "type": "collection",
        **({"timestamp": when.isoformat()} if when else {}),
        "entry": [
            {"fullUrl": f"urn:crepitus:diary:{o['id']}", "resource": o} for o in observations
        ],
    }
    return emit(bundle)
