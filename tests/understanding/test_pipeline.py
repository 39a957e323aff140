"""The built reader: its token patterns pass spaCy's own schema, which the reader skips at start."""

from __future__ import annotations

import json
from typing import Any

import pytest
from spacy.schemas import validate_token_pattern

from crepitus.understanding.pipeline import reader


def schema_errors(patterns: tuple[list[dict[str, Any]], ...]) -> list[str]:
    """spaCy's complaints about the patterns, checking each distinct token once (9,000 patterns
    share about 3,000 token dicts; checking them whole takes seconds)."""
    errors = [f"pattern {number} is empty" for number, p in enumerate(patterns) if not p]
    tokens = {json.dumps(token, sort_keys=True) for pattern in patterns for token in pattern}
    for token in sorted(tokens):
        errors += [f"{token}: {problem}" for problem in validate_token_pattern([json.loads(token)])]
    return errors


def test_every_pattern_the_reader_built_passes_spacys_schema() -> None:
    patterns = reader().patterns
    assert len(patterns) > 1000  # the concepts' and the context rules' patterns are all here
    assert schema_errors(patterns) == []


@pytest.mark.parametrize(
    "pattern",
    [
        [{"NORMM": "back"}],  # a key spaCy does not know
        [{"NORM": {"IN": "back"}}],  # a choice that is not a list
        [{"NORM": "back", "OP": "*+"}],  # an operator spaCy does not know
        [],
    ],
)
def test_the_schema_check_finds_a_malformed_pattern(pattern: list[dict[str, Any]]) -> None:
    assert schema_errors((pattern,)) != []
