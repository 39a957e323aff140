"""The reading pipeline: spaCy's English tokenizer, our word normalizer, a sentencizer, and
medspaCy's target matcher (concepts) and ConText (negation, hypothesis, history, someone else).

Built once, on first use, from ``language.toml``. Nothing is downloaded: spaCy's blank English
model and the rules are all there is; the spelling guard uses the word list that ships inside
pyspellchecker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from crepitus.errors import CrepitusError, KnowledgeError
from crepitus.understanding.dates import past_year
from crepitus.understanding.lexicon import Concept, Lexicon, lexicon
from crepitus.understanding.numbers import word_number
from crepitus.understanding.phrases import PASSABLE_FLAG, compile_phrases, words_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

NUMBER_FLAG = "crepitus_number"
PAST_YEAR_FLAG = "crepitus_past_year"  # a calendar year before this one (phrase slot "#year")
DIRECTION = {"forward": "FORWARD", "backward": "BACKWARD", "both": "BIDIRECTIONAL"}
MIN_TYPO_LENGTH = 5
MAX_CORRECTIONS = 40  # vocabulary searches for typos in one description
# tokens read from one description: 5,000 characters of words are about 1,100 tokens; only a
# page of punctuation or one-letter words comes near this, and the rest of it is not read
MAX_TOKENS = 1600


class UnderstandingUnavailableError(CrepitusError):
    """The NLP libraries are not installed."""

    def __init__(self, missing: str) -> None:
        super().__init__(
            f"Reading a description in your own words needs the NLP extra ({missing} is missing): "
            "pip install 'crepitus[nlp]'"
        )


@dataclass(frozen=True)
class Reader:
    """A built pipeline and what it needs to turn matches back into case values."""

    nlp: Language
    normalize: Callable[[Doc], None]
    concepts: dict[str, Concept]
    lexicon: Lexicon
    patterns: tuple[list[dict[str, Any]], ...] = ()  # every compiled token pattern, for checking

    def doc(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text)
        if len(doc) > MAX_TOKENS:  # matching costs about 0.1 ms a token: bound it
            doc = doc[:MAX_TOKENS].as_doc()
        self.normalize(doc)
        for _, component in self.nlp.pipeline:
            doc = component(doc)
        return doc


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swaps (Damerau-Levenshtein, restricted), giving up past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _normalizer(
    lex: Lexicon, vocabulary: frozenset[str], known: Callable[[str], bool]
) -> Callable[[Doc], None]:
    by_length: dict[int, list[str]] = {}
    for word in vocabulary:
        if len(word) >= MIN_TYPO_LENGTH - 1:
            by_length.setdefault(len(word), []).append(word)

    def searched(word: str) -> bool:
        """Whether correcting ``word`` means searching the vocabulary (the costly case)."""
        return not (
            word in vocabulary or len(word) < MIN_TYPO_LENGTH or not word.isalpha() or known(word)
        )

    @lru_cache(maxsize=65536)
    def correct(word: str) -> str:
        """The vocabulary word a typo most likely meant, or the word itself."""
        if not searched(word):
            return word
        limit = 1 if len(word) <= 7 else 2
        best: list[tuple[int, str]] = []
        for length in range(len(word) - limit, len(word) + limit + 1):
            for candidate in by_length.get(length, ()):
                gap = distance(word, candidate, limit)
                if gap <= limit:
                    best.append((gap, candidate))
        if not best:
            return word
        best.sort(key=lambda pair: (pair[0], len(pair[1])))
        tied = [candidate for gap, candidate in best if gap == best[0][0]]
        # "feverr" is as near "fevers" as "fever": a word and its longer forms are one meaning
        if all(candidate.startswith(tied[0]) for candidate in tied):
            return tied[0]
        return word  # two equally likely meanings: leave it alone

    words, numbers, passable = lex.words, lex.numbers, lex.passable

    def singular(word: str) -> str:
        """A plural the phrases never list read as its singular: "backaches" as "backache"."""
        if word in vocabulary or word in words or len(word) < MIN_TYPO_LENGTH:
            return word
        if not word.isalpha() or not word.endswith("s") or word.endswith("ss"):
            return word
        for stem in (word[:-1], word[:-2] if word.endswith("es") else ""):
            if stem in vocabulary:
                return stem
        return word

    def normalize(doc: Doc) -> None:
        # each unknown word costs a search of the vocabulary: a description has a handful of
        # typos, so a page of made-up words is read without correcting past the first few dozen
        budget = MAX_CORRECTIONS
        for token in doc:
            lower = token.lower_
            if len(lower) > 1 and lower.strip("/") and (lower[0] == "/" or lower[-1] == "/"):
                lower = lower.strip("/")  # "butt/ lower back": a slash typed against a word
                token.norm_ = lower
            norm = words.get(lower) or words.get(token.norm_) or token.norm_
            norm = singular(norm)
            if norm == lower and norm not in words and (budget > 0 or not searched(norm)):
                budget -= searched(norm)
                fixed = correct(norm)
                norm = words.get(fixed, fixed)
            token.norm_ = norm
            token._.set(
                NUMBER_FLAG, word_number(norm, numbers) is not None and norm not in ("a", "an")
            )
            token._.set(PASSABLE_FLAG, token.is_space or norm in passable)
            token._.set(PAST_YEAR_FLAG, past_year(norm))

    return normalize


def _group_now(nlp: Language) -> None:
    """The gated matchers group their patterns on first use: use them once, so that a pattern
    spaCy refuses is an error while the reader is built, naming the rules file, not later in
    someone's reading."""
    doc = nlp.make_doc("")
    for _, component in nlp.pipeline:
        doc = component(doc)


@cache
def reader() -> Reader:
    """The pipeline, built on first use (importing spaCy takes most of a second)."""
    try:
        import spacy
        from spacy.tokens import Token
    except ImportError:
        raise UnderstandingUnavailableError("spaCy") from None
    try:
        from medspacy.context import ConText, ConTextRule
        from medspacy.target_matcher import TargetMatcher, TargetRule
        from spellchecker import SpellChecker
    except ImportError as exc:
        raise UnderstandingUnavailableError(exc.name or "medspaCy") from None

    from spacy.symbols import NORM, ORTH
    from spacy.tokenizer import Tokenizer

    lex = lexicon()
    nlp = spacy.blank("en")
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for word, parts in lex.split.items():
        for variant in {word, word.capitalize()}:
            pieces = [{ORTH: text, NORM: norm} for text, norm in parts]
            pieces[0][ORTH] = variant[: len(parts[0][0])]
            tokenizer.add_special_case(variant, pieces)
    for flag in (NUMBER_FLAG, PAST_YEAR_FLAG, PASSABLE_FLAG):
        if not Token.has_extension(flag):
            Token.set_extension(flag, default=False)

    def plain_norms(word: str) -> list[str]:
        doc = nlp.make_doc(word)
        return [lex.words.get(t.lower_) or lex.words.get(t.norm_) or t.norm_ for t in doc]

    compiled: list[tuple[Concept, list[list[dict[str, Any]]]]] = []
    vocabulary: set[str] = set()
    for concept in lex.concepts:
        where = f"language.toml [[concept]] {concept.id}"
        patterns = [
            pattern
            for phrase in concept.phrases
            for pattern in compile_phrases(phrase, plain_norms, lex.gap, where)
        ]
        for pattern in patterns:
            vocabulary |= words_of(pattern)
        compiled.append((concept, patterns))
    context_rules: list[Any] = []
    enders = {rule.id: rule.medspacy_category for rule in lex.context}
    for rule in lex.context:
        where = f"language.toml [[context]] {rule.id}"
        # An end-of-reach rule is a modifier that modifies nothing ("pseudo"); each rule names
        # the ends that stop it. (medspaCy's own "terminate" would stop every rule alike.)
        direction = DIRECTION.get(rule.direction, "PSEUDO")
        for phrase in rule.phrases:
            for pattern in compile_phrases(phrase, plain_norms, lex.gap, where):
                context_rules.append(
                    ConTextRule(
                        literal=f"{rule.id}: {phrase}",
                        category=rule.medspacy_category,
                        pattern=pattern,
                        direction=direction,
                        # an end's scope must lie inside the scopes it ends: medspaCy only limits a
                        # scope by a modifier whose own scope starts or ends within it
                        max_scope=1 if rule.category == "terminate" else rule.max_scope,
                        terminated_by={enders[end] for end in rule.ended_by} or None,
                    )
                )
    spell = SpellChecker(distance=1)
    normalize = _normalizer(lex, frozenset(vocabulary), lambda w: bool(spell.known([w])))

    from crepitus.understanding import context_graph, gated_matcher

    # the same matches, trying only the patterns whose words the description holds
    gated_matcher.install()
    # the same ConText results, without comparing every pair in a long description
    context_graph.install(concept.id for concept in lex.concepts if concept.history_through)
    nlp.add_pipe("sentencizer")
    # Overlapping matches are all kept (a span group, not entities): "my foot tingles and feels
    # numb" is tingling and numbness both; read.py settles overlaps field by field.
    matcher: TargetMatcher = nlp.add_pipe(
        "medspacy_target_matcher", config={"result_type": "group", "prune": False}
    )
    try:
        matcher.add(
            [
                TargetRule(literal=concept.id, category=concept.id, pattern=pattern)
                for concept, patterns in compiled
                for pattern in patterns
            ]
        )
        context: ConText = nlp.add_pipe(
            "medspacy_context",
            config={"rules": None, "prune_on_target_overlap": True, "input_span_type": "group"},
        )
        context.add(context_rules)
        _group_now(nlp)
    except ValueError as exc:  # spaCy refuses a malformed pattern
        raise KnowledgeError(f"language.toml: a phrase does not compile: {exc}") from None
    return Reader(
        nlp,
        normalize,
        {c.id: c for c in lex.concepts},
        lex,
        tuple(p for _, patterns in compiled for p in patterns)
        + tuple(rule.pattern for rule in context_rules),
    )
