"""Turn the knowledge base's conditions into one fast Python function.

Interpreting the condition trees case by case is clear but slow; the engine must score tens of
thousands of cases a second. So every condition the engine needs (rules, condition features, advice
offers) is translated once, at load, into a single generated function that reads each case field
once, computes each finding once, and returns a tuple of booleans, one per condition.

The translation is two-valued: an unknown field makes its leaf False (or True with or_unknown).
Because the condition language has no negation, that equals "the three-valued result is True",
which tests/engine/test_compile.py checks against the interpreter in ``knowledge.expr``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from crepitus.knowledge import expr as ex
from crepitus.knowledge.model import Finding

Truths = Callable[[Mapping[str, Any]], tuple[bool, ...]]
Support = Callable[[Mapping[str, Any]], tuple[str, ...]]


class _Writer:
    def __init__(self) -> None:
        self.constants: dict[str, object] = {}
        self.fields: dict[str, str] = {}

    def field(self, name: str) -> str:
        return self.fields.setdefault(name, f"f{len(self.fields)}")

    def constant(self, value: object) -> str:
        name = f"k{len(self.constants)}"
        self.constants[name] = value
        return name

    def leaf(self, leaf: ex.Leaf) -> str:
        var = self.field(leaf.field)
        if leaf.op == "unknown":
            return f"({var} is None)"
        if leaf.op == "is":
            value = leaf.values[0]
            # booleans are singletons, and validated cases hold real bools: identity is exact
            test = f"{var} is {value!r}" if isinstance(value, bool) else f"{var} == {value!r}"
        elif leaf.op == "in":
            test = f"{var} in {self.constant(frozenset(leaf.values))}"
        elif leaf.op == "has_any":
            test = f"not {self.constant(frozenset(leaf.values))}.isdisjoint({var})"
        else:
            bounds = []
            if leaf.low is not None:
                bounds.append(f"{var} >= {leaf.low!r}")
            if leaf.high is not None:
                bounds.append(f"{var} <= {leaf.high!r}")
            test = " and ".join(bounds)
        if leaf.op not in {"is", "in"}:
            test = f"{var} is not None and {test}"
        if leaf.or_unknown:
            return f"({var} is None or ({test}))"
        return f"({test})"

    def expr(self, node: ex.Expr, findings: Mapping[str, str]) -> str:
        if isinstance(node, ex.Leaf):
            return self.leaf(node)
        if isinstance(node, ex.FindingRef):
            return findings[node.finding]
        parts = [self.expr(item, findings) for item in node.items]
        if node.kind == "all":
            return "(" + " and ".join(parts) + ")"
        if node.kind == "any":
            return "(" + " or ".join(parts) + ")"
        return f"(({' + '.join(f'bool{p}' for p in parts)}) >= {node.need})"


ScoreSpec = tuple[float, Sequence[tuple[int, float]], Sequence[tuple[int, float]]]
Evaluated = tuple[tuple[bool, ...], list[float], list[int], list[str]]
Evaluate = Callable[[Mapping[str, Any]], Evaluated]


def compile_truths(findings: Sequence[Finding], conditions: Sequence[ex.Expr]) -> Truths:
    """A function mapping a case to the truth of each condition, in order."""
    evaluate = compile_evaluate(findings, conditions, (), (), ())

    def truths(case: Mapping[str, Any]) -> tuple[bool, ...]:
        return evaluate(case)[0]

    return truths


def compile_evaluate(
    findings: Sequence[Finding],
    conditions: Sequence[ex.Expr],
    scores: Sequence[ScoreSpec],
    rules: Sequence[int],
    screen: Sequence[tuple[str, int | None]],
) -> Evaluate:
    """One function for the engine's hot path. It maps a case to a tuple of:

    - the truth of each of ``conditions``, in order;
    - each explanation's noisy-OR score: ``scores`` holds, per explanation, its prior and its
      (slot, weight) features and against-features, slots indexing ``conditions``;
    - the indices of the ``rules`` (given as slots) that hold;
    - the ``screen`` fields (given with the slot that says the question applies, or None when
      it always does) that the case leaves unanswered although they apply.
    """
    writer = _Writer()
    computed: dict[str, str] = {}  # expression source -> the variable holding it
    lines = []

    def variable(source: str, name: str) -> str:
        if source not in computed:
            computed[source] = name
            lines.append(f"    {name} = {source}")
        return computed[source]

    finding_vars: dict[str, str] = {}
    for i, finding in enumerate(findings):
        finding_vars[finding.id] = variable(writer.expr(finding.when, finding_vars), f"g{i}")
    results = [
        variable(writer.expr(node, finding_vars), f"r{i}") for i, node in enumerate(conditions)
    ]
    for i, (prior, features, against) in enumerate(scores):
        lines.append(f"    k = {1.0 - prior!r}")
        lines += [f"    if {results[slot]}: k *= {1.0 - weight!r}" for slot, weight in features]
        lines.append(f"    s{i} = 1.0 - k")
        lines += [f"    if {results[slot]}: s{i} *= {1.0 - weight!r}" for slot, weight in against]
    score_list = ", ".join(f"s{i}" for i in range(len(scores)))
    lines.append("    fired = []")
    lines += [f"    if {results[slot]}: fired.append({i})" for i, slot in enumerate(rules)]
    lines.append("    unanswered = []")
    for name, slot in screen:
        applies = "" if slot is None else f" and {results[slot]}"
        lines.append(f"    if {writer.field(name)} is None{applies}: unanswered.append({name!r})")
    loads = [f"    {var} = get({name!r})" for name, var in writer.fields.items()]
    body = "\n".join(
        [
            "def evaluate(case):",
            "    get = case.get",
            *loads,
            *lines,
            f"    return ({', '.join(results)},), [{score_list}], fired, unanswered",
        ]
    )
    namespace: dict[str, Any] = dict(writer.constants)
    exec(compile(body, "<crepitus-knowledge>", "exec"), namespace)
    evaluate: Evaluate = namespace["evaluate"]
    return evaluate


def _expand(node: ex.Expr, findings: Mapping[str, ex.Expr]) -> ex.Expr:
    """The condition with every finding reference replaced by the finding's own condition."""
    if isinstance(node, ex.FindingRef):
        return _expand(findings[node.finding], findings)
    if isinstance(node, ex.Branch):
        return ex.Branch(node.kind, node.need, tuple(_expand(i, findings) for i in node.items))
    return node


def _support_lines(writer: _Writer, node: ex.Expr, indent: str, lines: list[str]) -> None:
    """Code that records in ``out`` each known field whose test makes a true ``node`` true."""
    if isinstance(node, ex.Leaf):
        var = writer.field(node.field)
        lines.append(f"{indent}if {var} is not None and {writer.leaf(node)}:")
        lines.append(f"{indent}    out[{node.field!r}] = None")
        return
    assert isinstance(node, ex.Branch)
    for child in node.items:
        if isinstance(child, ex.Leaf):
            _support_lines(writer, child, indent, lines)
        else:
            lines.append(f"{indent}if {writer.expr(child, {})}:")
            _support_lines(writer, child, indent + "    ", lines)


def _function(name: str, writer: _Writer, args: str, lines: list[str]) -> Any:
    loads = [f"    {var} = get({field!r})" for field, var in writer.fields.items()]
    body = "\n".join(
        [
            f"def {name}({args}):",
            "    get = case.get",
            "    out = {}",
            *loads,
            *lines,
            "    return tuple(out)",
        ]
    )
    namespace: dict[str, Any] = dict(writer.constants)
    exec(compile(body, f"<crepitus-{name}>", "exec"), namespace)
    return namespace[name]


def compile_support(node: ex.Expr, findings: Mapping[str, ex.Expr]) -> Support:
    """A function naming the case fields that make ``node`` true (see expr.supporting_fields).

    Called only for the few rules that fired, so it walks the condition in generated code
    instead of the interpreter, with the same result.
    """
    writer = _Writer()
    lines: list[str] = []
    _support_lines(writer, _expand(node, findings), "    ", lines)
    support: Support = _function("support", writer, "case", lines)
    return support


Because = Callable[[tuple[bool, ...], Mapping[str, Any]], tuple[str, ...]]


def compile_because(
    features: Sequence[tuple[int, ex.Expr]], findings: Mapping[str, ex.Expr]
) -> Because:
    """A function naming the case fields behind an explanation's matching features, in order.

    ``features`` holds (slot, condition) pairs; a feature whose slot is true in the truths
    tuple contributes its supporting fields.
    """
    writer = _Writer()
    lines: list[str] = []
    for slot, node in features:
        # each feature reads its own fields, and only when it matched
        block = _Writer()
        block.constants = writer.constants
        body: list[str] = []
        _support_lines(block, _expand(node, findings), "        ", body)
        lines.append(f"    if t[{slot}]:")
        lines += [f"        {var} = get({field!r})" for field, var in block.fields.items()]
        lines += body
    because: Because = _function("because", writer, "t, case", lines)
    return because
