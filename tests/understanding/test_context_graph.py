"""The near-linear ConText graph gives exactly medspaCy's own results."""

from __future__ import annotations

import json
from typing import Any

import pytest
from medspacy.context.context_graph import ConTextGraph

from crepitus.understanding.context_graph import BLOCK, LocalContextGraph, _blocks
from crepitus.understanding.pipeline import reader
from crepitus.understanding.read import SPANS
from tests.conftest import REPO


def texts() -> list[str]:
    found = []
    for path in (
        REPO / "eval" / "understanding" / "descriptions.jsonl",
        REPO / "eval" / "understanding" / "held_out.jsonl",
        REPO / "eval" / "realworld" / "descriptions.jsonl",
    ):
        for line in path.read_text("utf-8").splitlines():
            row = json.loads(line)
            found.append(row.get("text") or row["narrative"])
    # long ones, where scopes meet across many sentences
    found.append(" ".join(found[:12]))
    found.append("no pain, numbness, tingling or weakness, but my legs feel weak. " * 30)
    return found


def edges(text: str) -> list[tuple[Any, ...]]:
    doc = reader().doc(text)
    return [
        (
            span.start,
            span.end,
            span.label_,
            [(m.category, m.modifier_span) for m in span._.modifiers],
        )
        for span in doc.spans.get(SPANS, [])
    ]


def test_the_local_graph_is_installed() -> None:
    from medspacy.context import context

    reader()
    assert context.ConTextGraph is LocalContextGraph


def test_every_edge_is_the_same_as_with_medspacys_own_graph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from medspacy.context import context

    corpus = texts()
    assert len(corpus) > 400
    # the one change of meaning (history words beside a bare length of time) is set aside here
    monkeypatch.setattr(LocalContextGraph, "history_through", frozenset())
    local = [edges(text) for text in corpus]
    monkeypatch.setattr(context, "ConTextGraph", ConTextGraph)
    plain = [edges(text) for text in corpus]
    assert local == plain
    assert sum(len(found) for found in local) > 1000  # the comparison saw real modifiers


def test_a_history_word_that_overlaps_a_length_of_time_reaches_back() -> None:
    assert "duration" in LocalContextGraph.history_through
    (fever,) = [e for e in edges("I had a fever 3 years ago.") if e[2] == "fever"]
    assert [category for category, _ in fever[3]] == ["HISTORICAL"]
    # the length of time, and what follows it, are read as before
    later = edges("3 years ago I had a fever.")
    assert all(not e[3] for e in later if e[2] in ("fever", "duration"))
    (duration,) = [e for e in edges("I had a fever 3 years ago.") if e[2] == "duration"]
    assert duration[3] == []


def test_only_history_words_reach_back_past_a_length_of_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = edges("I had a fever 3 years ago.")
    monkeypatch.setattr(LocalContextGraph, "history_through", frozenset())
    assert edges("I had a fever 3 years ago.") != found  # without it the history word is dropped


def test_an_empty_span_touches_the_block_it_stands_in() -> None:
    assert list(_blocks(BLOCK, BLOCK)) == [1]
    assert list(_blocks(0, BLOCK + 1)) == [0, 1]
