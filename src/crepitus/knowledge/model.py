"""The knowledge base as typed, immutable objects (built by ``loader``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crepitus.knowledge.expr import Expr

LEVELS: tuple[str, ...] = ("self_care", "see_doctor", "urgent", "emergency")
"""The contract's triage levels, least urgent first."""

YES_NO: tuple[str, str] = ("Yes", "No")
"""A boolean question's answers when it gives none of its own (in English)."""

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
    action_other: str = ""  # for someone else, when the action speaks to "you"

    def action_wording(self, other: bool = False) -> str:
        return self.action_other if other and self.action_other else self.action


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
    # for someone else, where the texts above speak to "you" (empty: the same words)
    summary_other: str = ""
    clinician_other: str = ""
    watch_for_other: tuple[str, ...] = ()

    def summary_wording(self, other: bool = False) -> str:
        return self.summary_other if other and self.summary_other else self.summary

    def clinician_wording(self, other: bool = False) -> str:
        return self.clinician_other if other and self.clinician_other else self.clinician


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
    message_other: str = ""  # for someone else, when the message speaks to "you"


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
    title_other: str = ""  # for someone else, where the title or text speaks to "you"
    text_other: str = ""


@dataclass(frozen=True, slots=True)
class WhileWaiting:
    """A step to take after calling for help, shown under an emergency (every emergency when
    ``conditions`` is empty, else when an emergency rule that fired names one of them)."""

    id: str
    text: str
    sources: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    text_other: str = ""  # the wording when the check is for someone else ("" when the same)


@dataclass(frozen=True, slots=True)
class Option:
    value: Any
    label: str
    label_other: str = ""  # for someone else, when the label speaks of "you"

    def wording(self, other: bool = False) -> str:
        return self.label_other if other and self.label_other else self.label


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
    screen: str = ""
    text_other: str = ""  # the same question about someone else ("How old is the person?")
    help_other: str = ""

    def wording(self, other: bool = False) -> str:
        """The question as asked of the person checking (``other``: about someone else)."""
        return self.text_other if other else self.text

    def help_wording(self, other: bool = False) -> str:
        return self.help_other if other and self.help else self.help


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Screen:
    """Related questions shown together on one page, in the order they are asked."""

    id: str
    title: str
    title_other: str
    questions: tuple[str, ...]

    def wording(self, other: bool = False) -> str:
        return self.title_other if other else self.title


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
    screens: dict[str, Screen] = field(default_factory=dict)
    by_field: dict[str, Question] = field(default_factory=dict, repr=False)
    while_waiting: tuple[WhileWaiting, ...] = ()
    language: str = "en"  # the language of the texts (see crepitus.knowledge.locales)
    yes_no: tuple[str, str] = YES_NO  # in this language

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
