"""The knowledge base: conditions, rules, advice, sources and the interview, as packaged data."""

from __future__ import annotations

from functools import cache

from crepitus.knowledge.model import LEVELS, Knowledge

__all__ = ["LEVELS", "Knowledge", "knowledge"]


@cache
def knowledge() -> Knowledge:
    """The packaged knowledge base, loaded and checked once per process."""
    from crepitus.knowledge.loader import load

    return load()
