"""spaCy's token matcher, split by the words each pattern cannot match without.

spaCy's ``Matcher`` tries every pattern at every word, so reading one description cost about
9,000 tries a word. Nearly every phrase names a word it cannot match without ("sciatica", one
of "numb|tingly"); patterns are grouped by that word, and a description runs only the groups
whose word it holds (about 40 of 2,300). The matches are exactly the plain matcher's, returned
by position and then in the order the patterns were added, an order that does not depend on
which groups ran (tests/understanding/test_gated_matcher.py compares the two).

medspaCy builds its matchers from ``medspacy.common.medspacy_matcher.Matcher``; ``install``
puts this class there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]  # the key's string id, start token, end token


def needed_words(token: dict[str, Any]) -> frozenset[str] | None:
    """The words (lower-case forms or normal forms) one of which a token pattern must meet, or
    None where it says no such thing (an optional token, an expression, a flag)."""
    if token.get("OP") not in (None, "+"):
        return None
    for attribute in ("NORM", "LOWER"):
        value = token.get(attribute)
        if isinstance(value, str):
            return frozenset([value])
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return frozenset(value["IN"])
    return None


class GatedMatcher:
    """Takes ``add`` and answers calls as spaCy's ``Matcher`` does, for patterns without
    callbacks; spaCy's schema check of each pattern is left to the test suite (it took two
    thirds of the reader's start)."""

    def __init__(self, vocab: Vocab, validate: bool = False) -> None:
        self.vocab = vocab
        self._added: list[tuple[str, Pattern]] = []
        self._order: dict[int, int] = {}  # a key's string id: when it was first added
        # the patterns that need no one word, and the groups by each word they need; set in one
        # assignment, so a thread reading while another groups sees all of it or none
        self._grouped: tuple[Matcher, dict[str, list[Matcher]]] | None = None

    def __len__(self) -> int:
        return len(self._order)

    def add(
        self, key: str, patterns: Iterable[Pattern], on_match: Callable[..., Any] | None = None
    ) -> None:
        if on_match is not None:
            raise ValueError(f"{key}: a pattern with a callback cannot be matched in groups")
        self._order.setdefault(self.vocab.strings.add(key), len(self._order))
        self._added.extend((key, pattern) for pattern in patterns)
        self._grouped = None  # grouped again on the next call

    def _group(self) -> tuple[Matcher, dict[str, list[Matcher]]]:
        from spacy.matcher import Matcher

        needs = [[w for w in map(needed_words, pattern) if w] for _, pattern in self._added]
        # the rarest of a pattern's needed words keeps its group asleep most often: how many
        # patterns need a word is a fair guess at how common the word is in descriptions
        often = Counter(word for options in needs for words in options for word in words)
        always = Matcher(self.vocab, validate=False)
        groups: dict[frozenset[str], Matcher] = {}
        for (key, pattern), options in zip(self._added, needs, strict=True):
            if not options:
                always.add(key, [pattern])
                continue
            words = min(options, key=lambda ws: (sum(often[w] for w in ws), sorted(ws)))
            if words not in groups:
                groups[words] = Matcher(self.vocab, validate=False)
            groups[words].add(key, [pattern])
        by_word: dict[str, list[Matcher]] = {}
        for words, matcher in groups.items():
            for word in words:
                by_word.setdefault(word, []).append(matcher)
        self._grouped = (always, by_word)
        return self._grouped

    def __call__(self, doc: Doc) -> list[Match]:
        always, by_word = self._grouped or self._group()
        held = {token.norm_ for token in doc} | {token.lower_ for token in doc}
        awake = {id(m): m for word in held for m in by_word.get(word, ())}
        found: list[Match] = list(always(doc)) if len(always) else []
        for matcher in awake.values():
            found.extend(matcher(doc))
        order = self._order
        return sorted(set(found), key=lambda match: (match[1], match[2], order[match[0]]))


def install() -> None:
    """Make medspaCy build its target and ConText matchers as gated matchers."""
    from medspacy.common import medspacy_matcher

    medspacy_matcher.Matcher = GatedMatcher
