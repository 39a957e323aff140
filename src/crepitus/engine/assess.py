"""case -> Assessment: the triage engine.

Pure and deterministic: no I/O, no clock, no randomness. All medicine lives in the knowledge base;
this module only applies it:

1. every rule whose condition holds fires; the triage level is the highest level among them
   (self_care when none fires);
2. each condition is scored by a noisy-OR of its matching features (see conditions.toml);
3. advice items are chosen by their offers (see advice.toml);
4. warning-sign questions that apply to this case but were not answered are listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from crepitus.contract.case import validate_case
from crepitus.engine.compile import (
    Support,
    compile_because,
    compile_evaluate,
    compile_support,
)
from crepitus.engine.result import AdviceResult, Assessment, ConditionResult, FiredRule
from crepitus.knowledge import expr as ex
from crepitus.knowledge import knowledge as packaged_knowledge
from crepitus.knowledge.model import LEVELS, Finding, Knowledge

SHOWN_MIN_SCORE = 0.15
"""Explanations scoring below this are left out of the answer (the top one is always shown)."""
SHOWN_MAX = 5


@dataclass(frozen=True, slots=True)
class _OfferPlan:
    levels: frozenset[str]
    top: frozenset[str]
    likely: frozenset[str]
    slot: int | None


def ask_findings(kb: Knowledge) -> dict[str, Finding]:
    """For each question with skip logic, a finding that holds when the interview asks it.

    A question is asked when its skip logic is true. A warning-sign question is also asked when
    the logic is unknown because an earlier question that applies was left unanswered; an earlier
    question that does not apply counts as answered "no". Built as findings so the interview (which
    interprets them) and the engine (which compiles them) share one definition.
    """
    asks: dict[str, Finding] = {}

    def possibly(node: ex.Expr) -> ex.Expr:
        if isinstance(node, ex.Leaf):
            unknown = ex.Leaf(node.field, "unknown")
            ask = asks.get(node.field)
            gate: ex.Expr = (
                unknown if ask is None else ex.Branch("all", 2, (unknown, ex.FindingRef(ask.id)))
            )
            return ex.Branch("any", 1, (node, gate))
        if isinstance(node, ex.Branch):
            return replace(node, items=tuple(possibly(item) for item in node.items))
        return node

    for q in kb.questions:
        if q.ask_when is not None:
            when = possibly(q.ask_when) if q.red_flag else q.ask_when
            asks[q.field] = Finding(f"ask:{q.field}", f"the interview asks {q.field}", when)
    return asks


class Engine:
    """The knowledge base, compiled for fast assessment."""

    def __init__(self, kb: Knowledge) -> None:
        self.kb = kb
        conditions: list[ex.Expr] = []

        def slot(node: ex.Expr) -> int:
            conditions.append(node)
            return len(conditions) - 1

        self._rules = [(slot(rule.when), rule, self._support(rule.when)) for rule in kb.rules]
        self._conditions = [
            (
                c,
                [(slot(f.when), f.weight) for f in c.features],
                [(slot(f.when), f.weight) for f in c.against],
            )
            for c in kb.conditions.values()
        ]
        self._advice = [
            (
                AdviceResult(
                    a.id,
                    a.title,
                    a.text,
                    None if a.evidence is None else a.evidence.strength,
                    None if a.evidence is None else a.evidence.note,
                ),
                [
                    _OfferPlan(
                        frozenset(o.levels),
                        frozenset(o.top),
                        frozenset(o.likely),
                        None if o.when is None else slot(o.when),
                    )
                    for o in a.offers
                ],
            )
            for a in kb.advice.values()
        ]
        self._asks = ask_findings(kb)
        self._screen = [
            (q.field, None if q.field not in self._asks else slot(ex.FindingRef(f"ask:{q.field}")))
            for q in kb.questions
            if q.red_flag
        ]
        findings = [*kb.findings.values(), *self._asks.values()]
        self._finding_exprs = {f.id: f.when for f in findings}
        self._evaluate = compile_evaluate(
            findings,
            conditions,
            [(c.prior, fs, against) for c, fs, against in self._conditions],
            [s for s, _, _ in self._rules],
            self._screen,
        )
        finding_map = {f.id: f.when for f in kb.findings.values()}
        self._because = [
            compile_because(
                [(s, f.when) for (s, _), f in zip(fs, c.features, strict=True)], finding_map
            )
            for c, fs, _ in self._conditions
        ]
        self._rank = {level: i for i, level in enumerate(LEVELS)}
        self._rule_rank = [self._rank[rule.level] for _, rule, _ in self._rules]
        # per triage level, the advice items and those of their offers that apply at that level
        self._advice_at = {
            level: [
                (item, kept)
                for item, offers in self._advice
                if (kept := [o for o in offers if not o.levels or level in o.levels])
            ]
            for level in LEVELS
        }
        self._ids = [c.id for c, _, _ in self._conditions]
        self._condition_info = [(c.id, c.name) for c, _, _ in self._conditions]

    def _support(self, node: ex.Expr) -> Support:
        if isinstance(node, ex.Leaf):
            field = node.field
            return lambda case: (field,) if field in case else ()
        return compile_support(node, {f.id: f.when for f in self.kb.findings.values()})

    def assess(self, case: Mapping[str, Any]) -> Assessment:
        """Assess a case that has already been validated."""
        kb = self.kb
        truths, scores, fired_at, unanswered_list = self._evaluate(case)
        rules = self._rules
        level = LEVELS[max((self._rule_rank[i] for i in fired_at), default=0)]

        order = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)  # stable
        shown = [i for i in order[:SHOWN_MAX] if scores[i] >= SHOWN_MIN_SCORE] or order[:1]
        conditions = self._condition_info
        results = tuple(
            ConditionResult(*conditions[i], round(scores[i], 3), self._because[i](truths, case))
            for i in shown
        )
        top = results[0].id
        threshold = kb.likely_threshold
        likely = {top} | {self._ids[i] for i, score in enumerate(scores) if score >= threshold}

        advice = []
        for item, offers in self._advice_at[level]:
            for o in offers:
                if (
                    (not o.top or top in o.top)
                    and (not o.likely or not o.likely.isdisjoint(likely))
                    and (o.slot is None or truths[o.slot])
                ):
                    advice.append(item)
                    break

        unanswered = tuple(unanswered_list)
        fired_results = [
            FiredRule(rule.id, rule.kind, rule.level, support(case), rule.message, rule.sources)
            for _, rule, support in (rules[i] for i in fired_at)
        ]
        return Assessment(
            triage=level,
            triage_label=kb.levels[level].label,
            triage_action=kb.levels[level].action,
            conditions=results,
            red_flags=tuple(r for r in fired_results if r.kind == "red_flag"),
            care_rules=tuple(r for r in fired_results if r.kind == "care"),
            advice=tuple(advice),
            unanswered_red_flags=unanswered,
            what_would_change=self._safety_net(level, kb.conditions[top].watch_for, unanswered),
            knowledge_version=kb.version,
        )

    def finding_expr(self, finding_id: str) -> ex.Expr:
        """A finding's condition, the knowledge base's and the interview's own."""
        return self._finding_exprs[finding_id]

    def is_asked(self, field: str, answers: Mapping[str, Any]) -> bool:
        """Whether the interview asks for ``field`` given these answers (see ask_findings)."""
        ask = self._asks.get(field)
        if ask is None:
            return True
        return ex.truth(ask.when, answers, ex.resolver(self.finding_expr, answers)) is True

    def _safety_net(
        self, level: str, watch_for: tuple[str, ...], unanswered: tuple[str, ...]
    ) -> tuple[str, ...]:
        if level == "emergency":
            return ()
        lines = list(watch_for)
        if unanswered:
            count = len(unanswered)
            plural = "s" if count > 1 else ""
            lines.append(
                f"{count} warning-sign question{plural} went unanswered;"
                " answering could change this advice."
            )
        return tuple(lines)


@cache
def engine() -> Engine:
    """The engine for the packaged knowledge base, built once per process."""
    return Engine(packaged_knowledge())


def assess(case: Mapping[str, Any]) -> Assessment:
    """Validate a case against the contract and assess it.

    Raises CaseError, naming each bad field and what it expected, when the case does not fit.
    """
    return engine().assess(validate_case(case))
