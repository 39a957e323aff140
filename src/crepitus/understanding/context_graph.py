"""medspaCy's ConText graph with the same results in near-linear time.

medspaCy compares every modifier with every other modifier, and every target with every
modifier, so a long description full of symptom words costs the square of its length (a 5,000
character one took most of a second). A modifier can only touch what its scope overlaps, and
scopes only ever shrink, so pairs whose spans share no block of tokens can be skipped without
changing a single edge: the pairs left are visited in medspaCy's own order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from medspacy.context.context_graph import ConTextGraph

BLOCK = 16  # tokens; any size gives the same result, this one keeps the candidate lists short


def _blocks(start: int, end: int) -> range:
    """The blocks a span touches; an empty span touches the block of its position."""
    return range(start // BLOCK, (max(end, start + 1) - 1) // BLOCK + 1)


def _index(spans: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    index: dict[int, list[int]] = defaultdict(list)
    for number, (start, end) in enumerate(spans):
        for block in _blocks(start, end):
            index[block].append(number)
    return index


def _near(index: dict[int, list[int]], start: int, end: int) -> list[int]:
    """The indexed spans that share a block with (start, end), in their original order."""
    return sorted({n for block in _blocks(start, end) for n in index.get(block, ())})


HISTORICAL = "HISTORICAL"


class LocalContextGraph(ConTextGraph):  # type: ignore[misc]
    """A ConTextGraph that only pairs what lies near each other.

    One change of meaning: medspaCy drops a modifier whose words a target also holds. A history
    word ("3 years ago") that overlaps only bare lengths of time (the concepts named in
    ``history_through``) is kept instead, reaching back only: "I had a fever 3 years ago" is a
    past fever, while the length of time itself, and what follows it ("3 years ago I started
    getting back pain"), are read as before.
    """

    history_through: frozenset[str] = frozenset()

    def update_scopes(self) -> None:
        modifiers: Sequence[Any] = self.modifiers
        reaches = [_reach(m) for m in modifiers]
        index = _index(reaches)
        for i, first in enumerate(modifiers[:-1]):
            for j in _near(index, *reaches[i]):
                if j > i:
                    second = modifiers[j]
                    first.limit_scope(second)
                    second.limit_scope(first)

    def apply_modifiers(self) -> None:
        targets: Sequence[Any] = list(self.targets)
        if self.prune_on_modifier_overlap:
            near_targets = _index((t.start, t.end) for t in targets)
            for i in range(len(self.modifiers) - 1, -1, -1):
                start, end = self.modifiers[i].modifier_span
                overlapping = [
                    targets[n]
                    for n in _near(near_targets, start, end)
                    if _overlaps((targets[n].start, targets[n].end), (start, end))
                ]
                if not overlapping:
                    continue
                modifier = self.modifiers[i]
                if modifier.category == HISTORICAL and all(
                    t.label_ in self.history_through for t in overlapping
                ):
                    first, last = modifier.scope_span
                    modifier.update_scope(overlapping[0].doc[first : min(last, start)])  # before
                    continue
                self.modifiers.pop(i)
        modifiers: Sequence[Any] = self.modifiers
        index = _index(_reach(m) for m in modifiers)
        for target in targets:
            for n in _near(index, target.start, target.end):
                if modifiers[n].modifies(target):
                    modifiers[n].modify(target)
        edges = []
        for modifier in modifiers:
            modifier.reduce_targets()
            for target in modifier._targets:
                edges.append((target, modifier))
        self.edges = edges


def _reach(modifier: Any) -> tuple[int, int]:
    """Every token a modifier's span or scope covers, now or after any narrowing, and one more
    on each side: a narrowed scope may end up empty or reversed next to where it began."""
    (span_start, span_end), (scope_start, scope_end) = modifier.modifier_span, modifier.scope_span
    return max(0, min(span_start, scope_start) - 1), max(span_end, scope_end) + 1


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """medspaCy's own test of overlap (``tuple_overlaps``), kept exactly."""
    return a[0] <= b[0] < a[1] or a[0] < b[1] <= a[1]


def install(history_through: Iterable[str] = ()) -> None:
    """Make medspaCy's ConText build this graph (it looks the class up by name when it runs);
    ``history_through`` names the concepts a history word may overlap and still be read."""
    from medspacy.context import context

    LocalContextGraph.history_through = frozenset(history_through)
    context.ConTextGraph = LocalContextGraph
