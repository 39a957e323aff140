"""Conditions over case fields, as written in the knowledge files.

A condition is a table. Leaves test one field::

    { field = "fever", is = true }
    { field = "pop_sound", in = ["crack", "snapping"] }
    { field = "age", at_least = 50 }            # also at_most; both may be given
    { field = "pain_radiation", has_any = ["below_knee", "foot"] }
    { finding = "back_pain" }                   # a named finding from findings.toml

and any leaf may add ``or_unknown = true`` to hold when the field was not asked. Branches combine::

    { all = [ ... ] }    { any = [ ... ] }    { count = 2, of = [ ... ] }

A missing field is unknown, so conditions are three-valued (True, False, None): a rule fires only
on True. There is deliberately no negation: with none, answering another question "yes" can only
make more rules fire, never fewer, which keeps triage monotone in the red flags.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from crepitus.contract.fields import FieldSpec, Value
from crepitus.errors import KnowledgeError

Truth = bool | None


@dataclass(frozen=True, slots=True)
class Leaf:
    """A test of one case field."""

    field: str
    op: str  # is | in | range | has_any; and "unknown", which the engine builds (never parsed)
    values: tuple[Value, ...] = ()
    low: int | None = None
    high: int | None = None
    or_unknown: bool = False


@dataclass(frozen=True, slots=True)
class FindingRef:
    """A reference to a named finding."""

    finding: str


@dataclass(frozen=True, slots=True)
class Branch:
    """``all`` (need = len), ``any`` (need = 1) or ``count`` (need = n) over the items."""

    kind: str
    need: int
    items: tuple[Expr, ...]


Expr = Leaf | FindingRef | Branch
Lookup = Callable[[str], Truth]


def parse(raw: object, fields: Mapping[str, FieldSpec], where: str) -> Expr:
    """Read a condition table, rejecting unknown keys and values the field cannot hold."""
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: a condition must be a table, got {raw!r}")
    keys = set(raw)
    if "finding" in keys:
        _only(keys, {"finding"}, where)
        return FindingRef(str(raw["finding"]))
    for kind in ("all", "any"):
        if kind in keys:
            _only(keys, {kind}, where)
            items = _items(raw[kind], fields, f"{where}.{kind}")
            return Branch(kind, len(items) if kind == "all" else 1, items)
    if "count" in keys:
        _only(keys, {"count", "of"}, where)
        items = _items(raw.get("of"), fields, f"{where}.of")
        need = raw["count"]
        if type(need) is not int or not 1 <= need <= len(items):
            raise KnowledgeError(f"{where}.count: expected 1 to {len(items)}, got {need!r}")
        return Branch("count", need, items)
    if "field" in keys:
        return _leaf(raw, fields, where)
    raise KnowledgeError(
        f"{where}: expected one of the keys field, finding, all, any, count; got {sorted(keys)}"
    )


def _only(keys: set[str], allowed: set[str], where: str) -> None:
    extra = keys - allowed
    if extra:
        raise KnowledgeError(f"{where}: unknown key(s) {sorted(extra)}; allowed: {sorted(allowed)}")


def _items(raw: object, fields: Mapping[str, FieldSpec], where: str) -> tuple[Expr, ...]:
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{where}: expected a non-empty list of conditions")
    return tuple(parse(item, fields, f"{where}[{i}]") for i, item in enumerate(raw))


def _leaf(raw: dict[str, Any], fields: Mapping[str, FieldSpec], where: str) -> Leaf:
    name = raw["field"]
    spec = fields.get(name)
    if spec is None:
        raise KnowledgeError(f"{where}.field: {name!r} is not a case field")
    ops = set(raw) - {"field", "or_unknown"}
    or_unknown = raw.get("or_unknown", False)
    if not isinstance(or_unknown, bool):
        raise KnowledgeError(f"{where}.or_unknown: expected true or false")
    if ops in ({"is"}, {"in"}, {"has_any"}):
        (op,) = ops
        raw_values = raw[op] if op != "is" else [raw[op]]
        if not isinstance(raw_values, list) or not raw_values:
            raise KnowledgeError(f"{where}.{op}: expected a non-empty list")
        if (op == "has_any") != (spec.kind == "set"):
            raise KnowledgeError(f"{where}.{op}: does not apply to {name} ({spec.kind})")
        for value in raw_values:
            if not spec.accepts(value):
                raise KnowledgeError(f"{where}.{op}: {value!r} is not {spec.expected()} ({name})")
        return Leaf(name, op, tuple(raw_values), or_unknown=or_unknown)
    if ops and ops <= {"at_least", "at_most"}:
        if spec.kind != "integer":
            raise KnowledgeError(f"{where}: at_least/at_most apply to whole numbers, not {name}")
        low, high = raw.get("at_least"), raw.get("at_most")
        for bound in (low, high):
            if bound is not None and type(bound) is not int:
                raise KnowledgeError(f"{where}: bounds must be whole numbers, got {bound!r}")
        return Leaf(name, "range", low=low, high=high, or_unknown=or_unknown)
    raise KnowledgeError(
        f"{where}: a field test needs exactly one of is, in, has_any, or at_least/at_most;"
        f" got {sorted(ops)}"
    )


def leaf_truth(leaf: Leaf, case: Mapping[str, Any]) -> Truth:
    """The three-valued truth of a leaf on a case."""
    value = case.get(leaf.field)
    if leaf.op == "unknown":
        return value is None
    if value is None:
        return True if leaf.or_unknown else None
    if leaf.op in ("is", "in"):
        return value in leaf.values
    if leaf.op == "has_any":
        return not set(leaf.values).isdisjoint(value)
    return (leaf.low is None or value >= leaf.low) and (leaf.high is None or value <= leaf.high)


def truth(expr: Expr, case: Mapping[str, Any], finding: Lookup) -> Truth:
    """Kleene three-valued evaluation; ``finding`` resolves finding references."""
    if isinstance(expr, Leaf):
        return leaf_truth(expr, case)
    if isinstance(expr, FindingRef):
        return finding(expr.finding)
    true = unknown = 0
    for item in expr.items:
        result = truth(item, case, finding)
        if result is True:
            true += 1
        elif result is None:
            unknown += 1
    if true >= expr.need:
        return True
    return None if true + unknown >= expr.need else False


def fields_of(expr: Expr, finding: Callable[[str], Expr]) -> tuple[str, ...]:
    """Every case field the condition reads, through findings too, in first-seen order."""
    seen: dict[str, None] = {}

    def walk(node: Expr) -> None:
        if isinstance(node, Leaf):
            seen[node.field] = None
        elif isinstance(node, FindingRef):
            walk(finding(node.finding))
        else:
            for item in node.items:
                walk(item)

    walk(expr)
    return tuple(seen)


def findings_of(expr: Expr) -> tuple[str, ...]:
    """The finding ids referenced directly by a condition."""
    if isinstance(expr, FindingRef):
        return (expr.finding,)
    if isinstance(expr, Branch):
        return tuple(ref for item in expr.items for ref in findings_of(item))
    return ()


def resolver(finding: Callable[[str], Expr], case: Mapping[str, Any]) -> Lookup:
    """A lookup that evaluates findings by id on one case."""

    def lookup(ref: str) -> Truth:
        return truth(finding(ref), case, lookup)

    return lookup


def supporting_fields(
    expr: Expr, case: Mapping[str, Any], finding: Callable[[str], Expr]
) -> list[str]:
    """The fields whose known values make a true condition true: the 'because' of a rule."""
    lookup = resolver(finding, case)
    out: dict[str, None] = {}

    def walk(node: Expr) -> None:
        if isinstance(node, Leaf):
            if node.field in case and leaf_truth(node, case) is True:
                out[node.field] = None
        elif isinstance(node, FindingRef):
            walk(finding(node.finding))
        else:
            for item in node.items:
                if truth(item, case, lookup) is True:
                    walk(item)

    walk(expr)
    return list(out)


def to_dict(node: Expr) -> dict[str, Any]:
    """The table form of a condition, as written in the knowledge files (``parse`` reads it)."""
    if isinstance(node, FindingRef):
        return {"finding": node.finding}
    if isinstance(node, Branch):
        items = [to_dict(item) for item in node.items]
        if node.kind == "count":
            return {"count": node.need, "of": items}
        return {node.kind: items}
    out: dict[str, Any] = {"field": node.field}
    if node.op == "is":
        out["is"] = node.values[0]
    elif node.op in ("in", "has_any"):
        out[node.op] = list(node.values)
    else:
        if node.low is not None:
            out["at_least"] = node.low
        if node.high is not None:
            out["at_most"] = node.high
    if node.or_unknown:
        out["or_unknown"] = True
    return out
