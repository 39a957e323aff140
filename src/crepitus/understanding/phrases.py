"""The phrase notation of ``language.toml``, compiled to spaCy token patterns.

A phrase is words separated by spaces, each matching one word of the text by its normal form
(lower case, with spelling variants and typos mapped to the form the phrases use):

- ``numb|numbness``  any one of these words
- ``crack*``         any word that starts with "crack"
- ``really?``        an optional word (``?`` after any slot)
- ``...``            up to ``gap`` other words, not across a sentence end
- ``#``              a number, in digits or words
- ``^word``          the word (or ``^#`` the number) opens a sentence
- ``#year``          a calendar year that ended a while ago ("in 2019", not this year's)
- ``(a b|c d)``      either run of words: the phrase is read once per choice
- ``/\\d+f/``        a word matching a regular expression (whole word, no spaces)
- ``=my``           the word exactly as written (in lower case), before spelling variants are
  mapped: ``=my`` is "my" and never "his", which the proxy reading maps to "my"

A word that the tokenizer splits ("can't" is "can" + "not") stands for its parts in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from crepitus.errors import KnowledgeError
from crepitus.understanding.numbers import TENS

Pattern = list[dict[str, Any]]
SENTENCE_ENDS = [".", "!", "?", ";"]


MAX_CHOICES = 256
PASSABLE_FLAG = "crepitus_passable"
# A doubled space, a quotation mark the reader blanked out ('then "popped" it'), or an
# intensifier ([reader].passable: "walking like I was totally drunk") is passed over between
# two words of a phrase.
SKIP_PASSABLE: dict[str, Any] = {"_": {PASSABLE_FLAG: True}, "OP": "*"}
SIMPLE_WORD = re.compile(r"[^\s'\-]+")  # no space, and nothing the tokenizer splits on
GROUP = re.compile(r"\(([^()]*)\)")


def expand(phrase: str, where: str) -> list[str]:
    """The plain phrases a phrase with ``(a b|c d)`` groups stands for (brackets inside a
    ``/regular expression/`` word are the expression's own)."""
    words = phrase.split()
    kept = [w for w in words if len(w) > 2 and w.startswith("/") and w.endswith("/")]
    masked = " ".join(f"\x00{kept.index(w)}\x00" if w in kept else w for w in words)
    depth = 0
    for char in masked:  # "(a (b|c)|d)" would split into "a b", "c", "d": refuse it
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth > 1:
            raise KnowledgeError(f"{where}: {phrase!r}: nested brackets; write each choice out")
    restored = []
    for plain in _expand(masked, phrase, where):
        text = plain
        for index, word in enumerate(kept):
            text = text.replace(f"\x00{index}\x00", word)
        restored.append(text)
    return restored


def _expand(phrase: str, original: str, where: str) -> list[str]:
    match = GROUP.search(phrase)
    if match is None:
        if "(" in phrase or ")" in phrase:
            raise KnowledgeError(f"{where}: {original!r}: unbalanced or nested brackets")
        return [" ".join(phrase.split())]
    head, tail = phrase[: match.start()], phrase[match.end() :]
    choices = [choice.strip() for choice in match.group(1).split("|")]
    if any(not choice for choice in choices):
        raise KnowledgeError(f"{where}: {original!r}: an empty choice in brackets")
    if any(choice.startswith("/") or choice.endswith("/") for choice in choices):
        # the brackets would split the expression at its own "|" into words that match nothing
        raise KnowledgeError(
            f"{where}: {original!r}: a /regular expression/ cannot be a choice in brackets;"
            " give it a phrase of its own"
        )
    if all(SIMPLE_WORD.fullmatch(choice) for choice in choices):  # one word each: one slot
        return _expand(f"{head}{'|'.join(choices)}{tail}", original, where)
    if tail.startswith("?"):  # an optional run of words: also read the phrase without it
        tail = tail[1:]
        choices.append("")
    found: list[str] = []
    for choice in choices:
        found.extend(_expand(f"{head} {choice} {tail}", original, where))
        if len(found) > MAX_CHOICES:
            raise KnowledgeError(f"{where}: {original!r}: more than {MAX_CHOICES} choices")
    return found


def compile_phrases(
    phrase: str, norms: Callable[[str], list[str]], gap: int, where: str
) -> list[Pattern]:
    """Every token pattern one phrase (with its bracket groups) stands for."""
    return [compile_phrase(plain, norms, gap, where) for plain in expand(phrase, where)]


def compile_phrase(phrase: str, norms: Callable[[str], list[str]], gap: int, where: str) -> Pattern:
    """Turn one plain phrase into a token pattern; ``norms`` gives the normal forms of a word."""
    slots = phrase.split()
    if slots[0] == "..." or slots[-1] == "...":
        raise KnowledgeError(f"{where}: {phrase!r}: a phrase cannot start or end with '...'")
    pattern: Pattern = []
    for slot in slots:
        optional = len(slot) > 1 and slot.endswith("?") and not slot.endswith("/")
        body = slot[:-1] if optional else slot
        tokens = _slot(body, norms, gap, f"{where}: {phrase!r}")
        if optional:
            if len(tokens) != 1:
                raise KnowledgeError(
                    f"{where}: {phrase!r}: {slot!r} is several words and cannot be optional"
                )
            tokens[0]["OP"] = "?"
        if pattern:
            pattern.append(dict(SKIP_PASSABLE))
        pattern.extend(tokens)
    return pattern


def _slot(body: str, norms: Callable[[str], list[str]], gap: int, where: str) -> Pattern:
    if body == "^#":  # a number opening a sentence: its first word is the one that opens it
        return [{"_": {"crepitus_number": True}, "IS_SENT_START": True}]
    if len(body) > 1 and body.startswith("^"):
        tokens = _slot(body[1:], norms, gap, where)
        tokens[0]["IS_SENT_START"] = True
        return tokens
    if body.startswith("="):  # "=my", or "=his|=her": each word exactly as written
        literal = [alt[1:].lower() for alt in body.split("|")]
        if not all(literal) or any(not alt.startswith("=") for alt in body.split("|")):
            raise KnowledgeError(f"{where}: {body!r}: write every choice as =word")
        return [{"LOWER": {"IN": literal}}]
    if body == "...":
        return [{"NORM": {"NOT_IN": SENTENCE_ENDS}, "OP": f"{{0,{gap}}}"}]
    if body == "#year":
        return [{"_": {"crepitus_past_year": True}}]
    if body == "#":
        # "twenty-five" is three words: a tens word and a hyphen may come first, so that the
        # match holds the whole number (left alone, "five years old" would read as five)
        return [
            {"NORM": {"IN": sorted(TENS)}, "OP": "?"},
            {"NORM": "-", "OP": "?"},
            {"_": {"crepitus_number": True}},
        ]
    if len(body) > 2 and body.startswith("/") and body.endswith("/"):
        expression = body[1:-1]
        try:
            re.compile(expression)
        except re.error as exc:
            raise KnowledgeError(f"{where}: bad expression {body!r}: {exc}") from None
        return [{"NORM": {"REGEX": f"^(?:{expression})$"}}]
    alternatives = body.split("|")
    if any(not alt for alt in alternatives):
        raise KnowledgeError(f"{where}: empty word in {body!r}")
    if len(alternatives) == 1 and not body.endswith("*"):
        return [{"NORM": norm} for norm in norms(body)]
    exact: list[str] = []
    stems: list[str] = []
    for alt in alternatives:
        if alt.endswith("*"):
            stems.append(alt[:-1].lower())
            continue
        parts = norms(alt)
        if len(parts) != 1:
            raise KnowledgeError(f"{where}: {alt!r} is several words; write it as its own phrase")
        exact.extend(parts)
    if not stems:
        return [{"NORM": {"IN": exact}}]
    choices = [re.escape(word) for word in exact] + [re.escape(stem) + r"\w*" for stem in stems]
    return [{"NORM": {"REGEX": "^(?:" + "|".join(choices) + ")$"}}]


def words_of(pattern: Pattern) -> set[str]:
    """The plain words a pattern names (the vocabulary that typos are corrected towards)."""
    found: set[str] = set()
    for token in pattern:
        norm = token.get("NORM")
        if isinstance(norm, str):
            found.add(norm)
        elif isinstance(norm, dict) and "IN" in norm:
            found.update(norm["IN"])
    return found
