"""Whom a description is about: the writer, or someone they are checking for.

A proxy report ("my dad is 78, he slipped in the bathroom") names the person described by a
relation; the reader then shows what that word stands for as a mention of the ``relation``
concept (see ``read._who``). The checks use this to ask about "the person" when the writer said
the check was for them but wrote about someone else.
"""

from __future__ import annotations

from crepitus.understanding.result import Understanding

RELATION = "relation"  # read.RELATION, named here so this module needs no NLP to import


def about_someone_else(understood: Understanding) -> bool:
    """Whether the description is a proxy report about another person."""
    return any(m.concept == RELATION and m.used for m in understood.mentions)
