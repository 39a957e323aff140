"""The knowledge base: conditions, rules, advice, sources and the interview, as packaged data."""

from __future__ import annotations

from functools import cache

from crepitus.knowledge.model import LEVELS, Knowledge

__all__ = ["LEVELS", "Knowledge", "knowledge"]


@cache
def knowledge(language: str = "en") -> Knowledge:
    """The packaged knowledge base, loaded and checked once per process and language.

    Every language has the same ids, rules, weights and sources; only the texts differ
    (``language`` is "en", a complete pack's code such as "es", or the pseudo-language "qps").
    Raises KnowledgeError for a language without a pack, or with an incomplete one.
    """
    if language == "en":
        from crepitus.knowledge.loader import load

        return load()
    from crepitus.knowledge.locales import localized

    return localized(knowledge(), language)
