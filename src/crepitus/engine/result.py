"""The engine's answer, as immutable named tuples (cheap to build; the engine makes many).

Their JSON form fits ``assessment.schema.json``.

Beyond the contract's required fields the JSON carries: ``triage_label`` and ``triage_action``
(the level in words), ``care_rules`` (fired rules that are not warning signs),
``unanswered_red_flags`` and ``screen_complete`` (which warning-sign questions were not answered),
and ``what_would_change`` (the safety net: what should make the person seek more care).
"""

from __future__ import annotations

from typing import Any, NamedTuple

CONFIDENCE_WORDS: tuple[tuple[float, str], ...] = (
    (0.75, "strong match"),
    (0.5, "likely"),
    (0.3, "possible"),
    (0.0, "less likely"),
)


def confidence(score: float) -> str:
    """How sure we are about an explanation, in words."""
    return next(words for low, words in CONFIDENCE_WORDS if score >= low)


class ConditionResult(NamedTuple):
    id: str
    name: str
    score: float
    because: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "score": self.score,
            "confidence": confidence(self.score),
            "because": list(self.because),
        }


class FiredRule(NamedTuple):
    """A rule that fired: its level, the case fields that made it fire, and why it matters."""

    id: str
    kind: str
    level: str
    because: tuple[str, ...]
    message: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "because": list(self.because),
            "message": self.message,
            "sources": list(self.sources),
        }


class AdviceResult(NamedTuple):
    id: str
    title: str
    text: str
    evidence: str | None
    evidence_note: str | None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "title": self.title, "text": self.text}
        if self.evidence is not None:
            out["evidence"] = {"strength": self.evidence, "note": self.evidence_note}
        return out


class Assessment(NamedTuple):
    triage: str
    triage_label: str
    triage_action: str
    conditions: tuple[ConditionResult, ...]
    red_flags: tuple[FiredRule, ...]
    care_rules: tuple[FiredRule, ...]
    advice: tuple[AdviceResult, ...]
    unanswered_red_flags: tuple[str, ...]
    what_would_change: tuple[str, ...]
    knowledge_version: str

    @property
    def screen_complete(self) -> bool:
        """Whether every warning-sign question that applies was answered."""
        return not self.unanswered_red_flags

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``assessment.schema.json`` plus the fields named in this module)."""
        return {
            "triage": self.triage,
            "triage_label": self.triage_label,
            "triage_action": self.triage_action,
            "conditions": [c.to_dict() for c in self.conditions],
            "red_flags": [r.to_dict() for r in self.red_flags],
            "care_rules": [r.to_dict() for r in self.care_rules],
            "advice": [a.to_dict() for a in self.advice],
            "unanswered_red_flags": list(self.unanswered_red_flags),
            "screen_complete": self.screen_complete,
            "what_would_change": list(self.what_would_change),
            "knowledge_version": self.knowledge_version,
        }
