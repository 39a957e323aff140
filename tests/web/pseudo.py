"""Finding text nobody marked for translation, on a page made in the pseudo-language ``qps``.

Under ``qps`` every translated message comes out wrapped in ⟦…⟧ (see crepitus.i18n). Whatever a
person can read that is not inside a pair of those brackets was never marked: a string the
Spanish catalog (or any other) could not reach.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from html.parser import HTMLParser

OPEN, CLOSE = "⟦", "⟧"
# attributes whose words a person sees or hears (data-label: the table's cell names on a phone)
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "data-label"}
SHOWN_VALUES = {"submit", "button", "reset"}  # input types whose value is the button's words
HIDDEN_TEXT = {"script", "style"}


def _tidy(text: str) -> str:
    """``text`` with runs of whitespace made one space and the punctuation around it trimmed."""
    text = " ".join(text.split())
    while text and (text[0].isspace() or unicodedata.category(text[0]).startswith("P")):
        text = text[1:]
    while text and (text[-1].isspace() or unicodedata.category(text[-1]).startswith("P")):
        text = text[:-1]
    return text


def _worded(text: str) -> bool:
    """Whether ``text`` has words in it (not only whitespace, punctuation, numbers or signs)."""
    return any(character.isalpha() for character in text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # how many ⟦ are open at this point of the page, across its elements
        self.hidden = 0  # inside <script> or <style>
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            shown = name in SHOWN_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in SHOWN_VALUES
            )
            if shown and value:
                self._outside(value, depth=0)
        if tag in HIDDEN_TEXT:
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN_TEXT:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TEXT and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.depth = self._outside(data, self.depth)

    def _outside(self, text: str, depth: int) -> int:
        """Note the words of ``text`` outside every ⟦…⟧; the depth of brackets after it."""
        outside = []
        for character in text:
            if character == OPEN:
                depth += 1
            elif character == CLOSE:
                depth = max(0, depth - 1)
            elif depth == 0:
                outside.append(character)
        words = _tidy("".join(outside))
        if _worded(words):
            self.found.append(words)
        return depth


def unmarked(html: str) -> list[str]:
    """The visible text of ``html`` not inside ⟦…⟧, one item per text node or attribute (with
    whitespace tidied and the punctuation around it trimmed); nodes without words are left out."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.found


def main_of(html: str) -> str:
    """The ``<main>`` element of a page: what the page says, without the shared layout."""
    found = re.search(r"<main\b.*?</main>", html, re.DOTALL)
    assert found, "the page has no <main>"
    return found.group(0)


# the dates and times the pages show, as British English writes them (Babel's medium and long
# formats): dates are data, formatted per language, and the pseudo-language formats them as
# English does
DATE_FORMATS = ("%d %b %Y, %H:%M", "%d %b %Y, %H:%M:%S", "%d %b, %H:%M", "%d %b %Y", "%d %B %Y")


def is_date(text: str) -> bool:
    text = text.replace("Sept ", "Sep ")  # British English's September, which strptime lacks
    for pattern in DATE_FORMATS:
        try:
            datetime.strptime(text, pattern)
        except ValueError:
            continue
        return True
    return False
