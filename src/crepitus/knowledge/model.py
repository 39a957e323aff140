"""The knowledge base as typed, immutable objects (built by ``loader``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crepitus.knowledge.expr import Expr

LEVELS: tuple[str, ...] = ("self_care", "see_doctor", "urgent", "emergency")
"""The contract's triage levels, least urgent first."""

EVIDENCE_STRENGTHS: tuple[str, ...] = ("strong", "moderate", "low", "very_low", "none")


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    citation: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    rank: int
    label: str
    action: str
    colour: str
    icon: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A named combination of case fields that several rules share."""

    id: str
    description: str
    when: Expr


@dataclass(frozen=True, slots=True)
class Feature:
    """Evidence for (or, in ``against``, against) a condition, with its weight in (0, 1)."""

    when: Expr
    weight: float
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Condition:
    id: str
    name: str
    summary: str
    clinician: str  # what a doctor or physiotherapist may do: examination, and when a scan helps
    prior: float
    features: tuple[Feature, ...]
    against: tuple[Feature, ...]
    watch_for: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """A triage rule: when ``when`` holds, care is needed at ``level`` at least."""

    id: str
    kind: str  # red_flag | care
    level: str
    when: Expr
    conditions: tuple[str, ...]
    message: str
    sources: tuple[str, ...]
    example: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Offer:
    """One situation in which an advice item is given; every given key must hold."""

    levels: tuple[str, ...] = ()
    top: tuple[str, ...] = ()
    likely: tuple[str, ...] = ()
    when: Expr | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    strength: str
    note: str


@dataclass(frozen=True, slots=True)
class Advice:
    id: str
    title: str
    text: str
    evidence: Evidence | None
    sources: tuple[str, ...]
    offers: tuple[Offer, ...]


@dataclass(frozen=True, slots=True)
class WhileWaiting:
    """A step to take after calling for help, shown under an emergency (every emergency when
    ``conditions`` is empty, else when an emergency rule that fired names one of them)."""

    id: str
    text: str
    sources: tuple[str, ...]
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Option:
    value: Any
    label: str


@dataclass(frozen=True, slots=True)
class Question:
    """One interview question; it asks for exactly one case field."""

    field: str
    label: str  # a short name for the field, as in "because of: pain score, muscle spasm"
    kind: str  # boolean | choice | multi | integer
    text: str
    help: str
    section: str
    options: tuple[Option, ...]
    minimum: int | None
    maximum: int | None
    ask_when: Expr | None
    red_flag: bool
    required: bool = False  # the check cannot go on without it (no "skip")


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Knowledge:
    version: str
    levels: dict[str, Level]
    sources: dict[str, Source]
    findings: dict[str, Finding]
    conditions: dict[str, Condition]
    rules: tuple[Rule, ...]
    advice: dict[str, Advice]
    sections: dict[str, Section]
    questions: tuple[Question, ...]
    likely_threshold: float = 0.5
    by_field: dict[str, Question] = field(default_factory=dict, repr=False)
    while_waiting: tuple[WhileWaiting, ...] = ()

    def steps_while_waiting(self, conditions: set[str]) -> tuple[WhileWaiting, ...]:
        """What to do while help comes, for an emergency whose rules name these conditions."""
        return tuple(
            step
            for step in self.while_waiting
            if not step.conditions or conditions.intersection(step.conditions)
        )

    def finding_expr(self, finding_id: str) -> Expr:
        return self.findings[finding_id].when

    def question(self, field_name: str) -> Question:
        return self.by_field[field_name]
