"""Reading the number in a matched stretch of words: "29", "twenty-nine", "6/10", "half a year"."""

from __future__ import annotations

import re
from collections.abc import Sequence

# at most six digits: a longer run is not a number a description gives (and some overflow)
LEADING_DIGITS = re.compile(r"^(\d{1,6}(?:\.\d{1,3})?)(?!\d)")
TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
ARTICLES = {"a", "an"}
HALF = "half"
AND = "and"


def word_number(norm: str, numbers: dict[str, float]) -> float | None:
    """The number one word stands for, if any ("6", "6/10", "29f", "six")."""
    match = LEADING_DIGITS.match(norm)
    if match:
        return float(match.group(1))
    return numbers.get(norm)


def read_number(
    norms: Sequence[str], numbers: dict[str, float], units: dict[str, float] | None
) -> float | None:
    """The number the words state, scaled by the first unit word when a unit table is given.

    "a"/"an" count as one only when no other number is there ("a week" but "a 66-year-old").
    "half" halves ("half a year"), and "and a half" adds one ("two and a half weeks", "a month
    and a half"). A tens word joins the next units word ("forty two").
    """
    value: float | None = None
    half = False
    and_a_half = False
    index = 0
    while index < len(norms):
        norm = norms[index]
        if norm == HALF:
            before = [n for n in norms[max(index - 2, 0) : index] if n not in ARTICLES]
            if before[-1:] == [AND]:
                and_a_half = True
            else:
                half = True
        elif value is None and norm not in ARTICLES:
            found = word_number(norm, numbers)
            if found is not None:
                value = found
                following = _next_word(norms, index)
                if norm in TENS and following is not None:
                    extra = numbers.get(norms[following])
                    if extra is not None and extra < 10:
                        value += extra
                        index = following
        index += 1
    if value is None and (half or any(norm in ARTICLES for norm in norms)):
        value = 1.0
    if value is None:
        return None
    if half:
        value /= 2
    if and_a_half:
        value += 0.5
    if units is not None:
        factor = next((units[norm] for norm in norms if norm in units), None)
        if factor is None:
            return None
        value *= factor
    return value


def _next_word(norms: Sequence[str], index: int) -> int | None:
    following = index + 1
    if following < len(norms) and norms[following] == "-":
        following += 1
    return following if following < len(norms) else None
