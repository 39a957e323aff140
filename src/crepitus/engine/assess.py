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
from dataclasses import replace
from functools import cache
from typing import Any

from crepitus.contract.case import validate_case
from crepitus.engine.compile import Program, compile_choice
from crepitus.engine.result import AdviceResult, Assessment, ConditionResult, FiredRule
from crepitus.knowledge import expr as ex
from crepitus.knowledge import knowledge as packaged_knowledge
from crepitus.knowledge.model import LEVELS, Finding, Knowledge

SHOWN_MIN_SCORE = 0.2
"""Explanations scoring below this are left out of the answer (the top one is always shown)."""
SHOWN_MAX = 5


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
        self._condition_info = [(c.id, c.name) for c in kb.conditions.values()]
        self._asks = ask_findings(kb)
        findings = [*kb.findings.values(), *self._asks.values()]
        self._finding_exprs = {f.id: f.when for f in findings}
        program = Program(findings)
        # advice offers read nodes too, so they are registered before the program is built
        offers = [
            (
                AdviceResult(
                    a.id,
                    a.title,
                    a.text,
                    None if a.evidence is None else a.evidence.strength,
                    None if a.evidence is None else a.evidence.note,
                ),
                [(o, None if o.when is None else program.slot(o.when)) for o in a.offers],
            )
            for a in kb.advice.values()
        ]
        rank = {level: i for i, level in enumerate(LEVELS)}
        self._evaluate = program.build(
            [
                (
                    c.id,
                    c.prior,
                    [(f.when, f.weight) for f in c.features],
                    [(f.when, f.weight) for f in c.against],
                )
                for c in kb.conditions.values()
            ],
            likely=kb.likely_threshold,
            explain_from=SHOWN_MIN_SCORE,
            make=self._make_condition,
            rules=[(rule.when, rank[rule.level]) for rule in kb.rules],
            screen=[
                (q.field, self._asks[q.field].when if q.field in self._asks else None)
                for q in kb.questions
                if q.red_flag
            ],
        )
        self._because_of = [
            program.because([f.when for f in c.features]) for c in kb.conditions.values()
        ]
        self._fired = [
            (
                rule.kind == "red_flag",
                (rule.id, rule.kind, rule.level),
                (rule.message, rule.sources),
            )
            for rule in kb.rules
        ]
        # per triage level, a function choosing the advice from the offers made at that level
        self._advice_at = [
            compile_choice(
                [
                    (
                        item,
                        [
                            (frozenset(o.top), frozenset(o.likely), slot)
                            for o, slot in plans
                            if not o.levels or level in o.levels
                        ],
                    )
                    for item, plans in offers
                ]
            )
            for level in LEVELS
        ]
        self._level_text = [(kb.levels[level].label, kb.levels[level].action) for level in LEVELS]

    def _make_condition(
        self, index: int, score: float, because: tuple[str, ...]
    ) -> ConditionResult:
        condition_id, name = self._condition_info[index]
        return ConditionResult(condition_id, name, round(score, 3), because)

    def assess(self, case: Mapping[str, Any]) -> Assessment:
        """Assess a case that has already been validated."""
        kb = self.kb
        truths, scores, shown, fired, rank, likely_ids, unanswered_list = self._evaluate(case)
        level = LEVELS[rank]
        if shown:
            shown.sort(reverse=True)
            results = tuple(item[2] for item in shown[:SHOWN_MAX])
        else:  # nothing scores enough to be shown: show the best one all the same
            best = max(range(len(scores)), key=scores.__getitem__)
            because = self._because_of[best](truths, case)
            results = (self._make_condition(best, scores[best], because),)
        top = results[0].id
        likely = {top, *likely_ids}

        advice = self._advice_at[rank](truths, top, likely)

        unanswered = tuple(unanswered_list)
        red_flags: list[FiredRule] = []
        care_rules: list[FiredRule] = []
        for i, fields in fired:
            is_red_flag, head, tail = self._fired[i]
            (red_flags if is_red_flag else care_rules).append(FiredRule(*head, fields, *tail))
        label, action = self._level_text[rank]
        return Assessment(  # positional, in field order: the hot path
            level,
            label,
            action,
            results,
            tuple(red_flags),
            tuple(care_rules),
            advice,
            unanswered,
            self._safety_net(level, kb.conditions[top].watch_for, unanswered),
            kb.version,
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
def engine(language: str = "en") -> Engine:
    """The engine for the packaged knowledge base, built once per process and language (the
    same assessment in every language; only its texts differ)."""
    return Engine(packaged_knowledge(language))


def assess(case: Mapping[str, Any]) -> Assessment:
    """Validate a case against the contract and assess it.

    Raises CaseError, naming each bad field and what it expected, when the case does not fit.
    """
    return engine().assess(validate_case(case))
