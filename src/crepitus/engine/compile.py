"""Turn the knowledge base's conditions into fast generated Python.

Interpreting the condition trees case by case is clear but slow; the engine must score tens of
thousands of cases a second. So every condition the engine needs (rules, explanation features,
advice offers, the interview's skip logic) is translated once, at load, into a single generated
function. It reads each case field once, gives every distinct node of every condition tree one
local variable (shared subtrees are computed once), and returns all of those values. Scores, the
rules that fire and the unanswered warning signs are computed in the same function; the fields
behind a conclusion ("because") are then read off the node values without evaluating anything
again.

The translation is two-valued: an unknown field makes its test False (or True with or_unknown).
Because the condition language has no negation, that equals "the three-valued result is True",
which tests/engine/test_compile.py checks against the interpreter in ``knowledge.expr``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from crepitus.contract.fields import Value
from crepitus.knowledge import expr as ex
from crepitus.knowledge.model import Finding

Values = tuple[bool, ...]
Evaluated = tuple[
    Values,  # values
    list[float],  # scores
    list[tuple[float, int, Any]],  # shown
    list[tuple[int, tuple[str, ...]]],  # fired
    int,  # rank
    list[str],  # likely
    list[str],  # unanswered
]
Evaluate = Callable[[Mapping[str, Any]], Evaluated]
Because = Callable[[Values, Mapping[str, Any]], tuple[str, ...]]
Weighted = Sequence[tuple[ex.Expr, float]]
ExplanationSpec = tuple[str, float, Weighted, Weighted]  # id, prior, features, against


class Program:
    """Conditions registered one by one, then built into one evaluation function."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.constants: dict[str, object] = {}
        self.fields: dict[str, str] = {}
        self.lines: list[str] = []
        self.index: dict[str, int] = {}  # node source -> position in the values tuple
        self.findings: dict[str, ex.Expr] = {}
        for finding in findings:
            self.findings[finding.id] = finding.when
            self.slot(finding.when)

    # -- registering nodes ----------------------------------------------------------------------

    def slot(self, node: ex.Expr) -> int:
        """The position of ``node``'s value in the values tuple (computing it once)."""
        if isinstance(node, ex.FindingRef):
            return self.slot(self.findings[node.finding])
        if isinstance(node, ex.Leaf):
            source = self._leaf(node)
        else:
            parts = [f"v{self.slot(item)}" for item in node.items]
            if node.kind == "all":
                source = " and ".join(parts)
            elif node.kind == "any":
                source = " or ".join(parts)
            else:
                source = f"({' + '.join(parts)}) >= {node.need}"
        if source not in self.index:
            self.index[source] = len(self.index)
            self.lines.append(f"    v{self.index[source]} = {source}")
        return self.index[source]

    def _field(self, name: str) -> str:
        return self.fields.setdefault(name, f"f{len(self.fields)}")

    def _constant(self, value: frozenset[Value]) -> str:
        for name, known in self.constants.items():
            if known == value:
                return name
        name = f"k{len(self.constants)}"
        self.constants[name] = value
        return name

    def _leaf(self, leaf: ex.Leaf) -> str:
        var = self._field(leaf.field)
        if leaf.op == "unknown":
            return f"{var} is None"
        if leaf.op == "is":
            value = leaf.values[0]
            # booleans are singletons, and validated cases hold real bools: identity is exact
            test = f"{var} is {value!r}" if isinstance(value, bool) else f"{var} == {value!r}"
        elif leaf.op == "in":
            test = f"{var} in {self._constant(frozenset(leaf.values))}"
        elif leaf.op == "has_any":
            test = f"not {self._constant(frozenset(leaf.values))}.isdisjoint({var})"
        else:
            bounds = []
            if leaf.low is not None:
                bounds.append(f"{var} >= {leaf.low!r}")
            if leaf.high is not None:
                bounds.append(f"{var} <= {leaf.high!r}")
            test = " and ".join(bounds)
        if leaf.op not in {"is", "in"}:
            test = f"{var} is not None and {test}"
        return f"{var} is None or ({test})" if leaf.or_unknown else test

    # -- building -------------------------------------------------------------------------------

    def build(
        self,
        explanations: Sequence[ExplanationSpec],
        *,
        likely: float,
        explain_from: float,
        make: Callable[[int, float, tuple[str, ...]], Any],
        rules: Sequence[tuple[ex.Expr, int]],
        screen: Sequence[tuple[str, ex.Expr | None]],
    ) -> Evaluate:
        """One function for the engine's hot path. It maps a case to an ``Evaluated`` tuple:

        - ``values``: the value of every registered node (index it with ``slot``);
        - ``scores``: each explanation's noisy-OR score, from its prior and its (condition,
          weight) features and against-features;
        - ``shown``: for each explanation scoring at least ``explain_from``, a (score, minus its
          position, ``make(position, score, fields)``) tuple, where fields are the case fields
          behind its matching features; sorted in reverse, best score first, ties in order;
        - ``fired``: for each of the ``rules`` (condition, level rank) that holds, its position
          and the case fields that made it hold;
        - ``rank``: the highest level rank among them (0 when none holds);
        - ``likely``: the ids of the explanations scoring at least ``likely``;
        - ``unanswered``: the ``screen`` fields (each with the condition under which its
          question is asked, or None when always) that apply but were left unanswered.
        """
        for _, _, features, against in explanations:
            for node, _ in (*features, *against):
                self.slot(node)
        for node, _ in rules:
            self.slot(node)
        for _, asked in screen:
            if asked is not None:
                self.slot(asked)
        registered = len(self.index)
        lines = list(self.lines)  # every node, before anything reads them
        lines += ["    likely = []", "    shown = []"]
        for i, (name, prior, features, against) in enumerate(explanations):
            lines.append(f"    k = {1.0 - prior!r}")
            lines += [f"    if v{self.slot(n)}: k *= {1.0 - w!r}" for n, w in features]
            lines.append(f"    s{i} = 1.0 - k")
            lines += [f"    if v{self.slot(n)}: s{i} *= {1.0 - w!r}" for n, w in against]
            lines.append(f"    if s{i} >= {likely!r}: likely.append({name!r})")
            # only explanations scoring enough to be shown are explained, with their fields
            lines += [f"    if s{i} >= {explain_from!r}:", "        out = {}"]
            for node, _ in features:
                lines.append(f"        if v{self.slot(node)}:")
                self._support(node, "            ", lines, "v{}")
            lines.append(f"        shown.append((s{i}, {-i}, make({i}, s{i}, tuple(out))))")
        lines += ["    fired = []", "    levels = 1"]  # a bit per level rank; rank 0 always
        for i, (node, rank) in enumerate(rules):
            lines += [f"    if v{self.slot(node)}:", "        out = {}"]
            self._support(node, "        ", lines, "v{}")
            lines.append(f"        fired.append(({i}, tuple(out)))")
            lines.append(f"        levels |= {1 << rank}")
        lines.append("    unanswered = []")
        for name, asked in screen:
            applies = "" if asked is None else f" and v{self.slot(asked)}"
            lines.append(
                f"    if {self._field(name)} is None{applies}: unanswered.append({name!r})"
            )
        values = "".join(f"v{i}," for i in range(len(self.index)))
        listed = ", ".join(f"s{i}" for i in range(len(explanations)))
        loads = [f"    {var} = get({name!r})" for name, var in self.fields.items()]
        assert len(self.index) == registered, "a node was registered after the node lines"
        body = "\n".join(
            [
                "def evaluate(case):",
                "    get = case.get",
                *loads,
                *lines,
                f"    return ({values}), [{listed}], shown, fired,"
                " levels.bit_length() - 1, likely, unanswered",
            ]
        )
        evaluate: Evaluate = _define("evaluate", body, {**self.constants, "make": make})
        return evaluate

    def because(self, nodes: Sequence[ex.Expr]) -> Because:
        """A function naming the case fields that make the true ones among ``nodes`` true.

        For each node that holds it walks down the true branches to the field tests that hold
        (as ``expr.supporting_fields`` does), reading the values ``evaluate`` returned.
        """
        known = len(self.index)
        lines = ["    out = {}"]
        for node in nodes:
            lines.append(f"    if v[{self.slot(node)}]:")
            self._support(node, "        ", lines, "v[{}]")
        lines.append("    return tuple(out)")
        if len(self.index) != known:
            raise ValueError("because() reads nodes that were not registered before build()")
        because: Because = _define("because", "\n".join(["def because(v, case):", *lines]), {})
        return because

    def _support(self, node: ex.Expr, indent: str, lines: list[str], ref: str) -> None:
        """Code for a node known to be true: record the fields behind it in ``out``."""
        if isinstance(node, ex.FindingRef):
            self._support(self.findings[node.finding], indent, lines, ref)
        elif isinstance(node, ex.Leaf):
            known = f"{node.field!r} in case" if node.or_unknown else "True"
            lines.append(f"{indent}if {known}: out[{node.field!r}] = None")
        else:
            for item in node.items:
                lines.append(f"{indent}if {ref.format(self.slot(item))}:")
                self._support(item, indent + "    ", lines, ref)


OfferSpec = tuple[frozenset[str], frozenset[str], int | None]  # top, likely, slot
Choose = Callable[[Values, str, set[str]], tuple[Any, ...]]


def compile_choice(items: Sequence[tuple[Any, Sequence[OfferSpec]]]) -> Choose:
    """A function choosing, among ``items``, those with an offer that holds.

    Each item comes with its offers as (top, likely, slot): every non-empty part must hold (the
    top explanation is in ``top``; one of ``likely`` is likely; the node at ``slot`` is true).
    The function takes the node values, the top explanation's id and the likely ids.
    """
    namespace: dict[str, Any] = {}
    lines = ["def choose(v, top, likely):", "    out = []"]
    for i, (item, offers) in enumerate(items):
        namespace[f"item{i}"] = item
        alternatives = []
        for j, (top, likely, slot) in enumerate(offers):
            parts = []
            if top:
                namespace[f"top{i}_{j}"] = top
                parts.append(f"top in top{i}_{j}")
            if likely:
                namespace[f"likely{i}_{j}"] = likely
                parts.append(f"not likely{i}_{j}.isdisjoint(likely)")
            if slot is not None:
                parts.append(f"v[{slot}]")
            alternatives.append(" and ".join(parts) or "True")
        lines.append(f"    if ({') or ('.join(alternatives)}): out.append(item{i})")
    lines.append("    return tuple(out)")
    choose: Choose = _define("choose", "\n".join(lines), namespace)
    return choose


def _define(name: str, body: str, namespace: dict[str, object]) -> Any:
    scope: dict[str, Any] = dict(namespace)
    exec(compile(body, f"<crepitus-{name}>", "exec"), scope)
    return scope[name]
