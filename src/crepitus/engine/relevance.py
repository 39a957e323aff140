"""Ask only what can matter: whether a question's answer could still change the outcome.

An optional question is worth asking when some answer to it would change the triage, the top
explanation or the advice, given the answers so far (other unknowns left unknown). Because an
unknown can hide a rule that needs two answers together, the triage test is wider still: a
question is asked while any rule that reads it could still fire at a higher level than the one
reached. A question that opens a warning-sign question is asked too, and so is one that opens a
question which itself matters. Warning-sign and required questions always matter.

The work is bounded: each question is tried with at most ``MAX_TRIALS`` answers, chosen so that
every test in the knowledge sees each of its outcomes (the edges of each number range; each
group of options that the tests treat alike), and the opening of questions is followed
``DEPTH`` steps deep.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import combinations
from typing import Any
from weakref import WeakKeyDictionary

from crepitus.engine.assess import Engine
from crepitus.engine.result import Assessment
from crepitus.knowledge import expr as ex
from crepitus.knowledge.model import LEVELS, Knowledge, Question

MAX_TRIALS = 256
DEPTH = 2

Outcome = tuple[str, str, tuple[str, ...]]


def outcome(result: Assessment) -> Outcome:
    """What a check tells the person: the triage, the top explanation and the advice."""
    return (result.triage, result.conditions[0].id, tuple(a.id for a in result.advice))


def _every_expr(kb: Knowledge) -> Iterator[ex.Expr]:
    yield from (r.when for r in kb.rules)
    yield from (f.when for f in kb.findings.values())
    for c in kb.conditions.values():
        yield from (f.when for f in (*c.features, *c.against))
    for a in kb.advice.values():
        yield from (o.when for o in a.offers if o.when is not None)
    yield from (q.ask_when for q in kb.questions if q.ask_when is not None)


def _leaves(node: ex.Expr) -> Iterator[ex.Leaf]:
    if isinstance(node, ex.Leaf):
        yield node
    elif isinstance(node, ex.Branch):
        for item in node.items:
            yield from _leaves(item)


def _trials(question: Question, leaves: list[ex.Leaf]) -> tuple[Any, ...] | None:
    """Answers that between them meet every outcome of every test of the field; None when
    there would be more than MAX_TRIALS (the question is then always asked)."""
    if question.kind in ("boolean", "choice"):
        return tuple(o.value for o in question.options)
    if question.kind == "integer":
        low = question.minimum or 0
        edges = {low}
        for leaf in leaves:
            for bound, step in ((leaf.low, -1), (leaf.high, 1)):
                if bound is not None:
                    edges |= {bound, bound + step}
        high = question.maximum
        if high is not None:
            edges.add(high)
        return tuple(sorted(v for v in edges if v >= low and (high is None or v <= high)))
    # a list of options: options that every test treats alike are tried as one
    if any(leaf.op != "has_any" for leaf in leaves if leaf.op != "unknown"):
        return None
    groups: dict[tuple[int, ...], str] = {}
    for option in question.options:
        signature = tuple(i for i, leaf in enumerate(leaves) if option.value in leaf.values)
        groups.setdefault(signature, option.value)
    picks = list(groups.values())
    if 2 ** len(picks) > MAX_TRIALS:
        return None
    return tuple(
        list(chosen) for size in range(len(picks) + 1) for chosen in combinations(picks, size)
    )


class Relevance:
    """Per knowledge base: the trial answers, and the rules and questions reading each field."""

    def __init__(self, eng: Engine) -> None:
        kb = eng.kb
        self.eng = eng
        by_field: dict[str, list[ex.Leaf]] = {}
        for node in _every_expr(kb):
            for name in ex.fields_of(node, kb.finding_expr):
                by_field.setdefault(name, [])
            for leaf in _leaves(_inline(node, kb)):
                by_field.setdefault(leaf.field, []).append(leaf)
        self.trials = {q.field: _trials(q, by_field.get(q.field, [])) for q in kb.questions}
        rank = {level: i for i, level in enumerate(LEVELS)}
        self.rules: dict[str, list[tuple[int, ex.Expr]]] = {}
        for rule in kb.rules:
            for name in ex.fields_of(rule.when, kb.finding_expr):
                self.rules.setdefault(name, []).append((rank[rule.level], rule.when))
        self.opens: dict[str, list[Question]] = {}
        for q in kb.questions:
            if q.ask_when is not None:
                for name in ex.fields_of(q.ask_when, kb.finding_expr):
                    self.opens.setdefault(name, []).append(q)

    def matters(
        self,
        question: Question,
        answers: Mapping[str, Any],
        closed: frozenset[str],
        base: Assessment | None = None,
        depth: int = DEPTH,
    ) -> bool:
        """Whether asking ``question`` could change what the check says (``closed``: fields
        answered or skipped, which are never asked again)."""
        if question.red_flag or question.required:
            return True
        trials = self.trials[question.field]
        if trials is None:
            return True
        eng = self.eng
        base = base or eng.assess(answers)
        here = LEVELS.index(base.triage)
        lookup = ex.resolver(eng.finding_expr, answers)
        for level, when in self.rules.get(question.field, ()):
            if level > here and ex.truth(when, answers, lookup) is not False:
                return True
        now = outcome(base)
        for value in trials:
            if outcome(eng.assess({**answers, question.field: value})) != now:
                return True
        for opened in self.opens.get(question.field, ()):
            if opened.field in answers or opened.field in closed:
                continue
            if opened.red_flag:
                return True
            if depth == 0:
                continue
            for value in trials:
                then = {**answers, question.field: value}
                if eng.is_asked(opened.field, then) and self.matters(
                    opened, then, closed, None, depth - 1
                ):
                    return True
        return False


def _inline(node: ex.Expr, kb: Knowledge) -> ex.Expr:
    """The condition with its findings written out, so their field tests count too."""
    if isinstance(node, ex.FindingRef):
        return _inline(kb.finding_expr(node.finding), kb)
    if isinstance(node, ex.Branch):
        return ex.Branch(node.kind, node.need, tuple(_inline(i, kb) for i in node.items))
    return node


_built: WeakKeyDictionary[Engine, Relevance] = WeakKeyDictionary()


def relevance(eng: Engine) -> Relevance:
    """The relevance tables for an engine, built once."""
    found = _built.get(eng)
    if found is None:
        found = _built[eng] = Relevance(eng)
    return found
