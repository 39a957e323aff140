"""The language the terminal speaks: the knowledge in it, its engine, and its catalog.

Everything the terminal says around the knowledge's texts goes through the catalog, with named
values (``%(count)s``) so that translators move them freely; the words a person types (yes, no,
skip, back, quit) are translated too, so "sí" and "atrás" work in Spanish.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from babel.support import NullTranslations

from crepitus.engine.assess import Engine, engine
from crepitus.engine.interview import parse_answer
from crepitus.errors import InterviewError
from crepitus.i18n import reads_own_words, translator
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import Knowledge, Question


@dataclass(frozen=True, slots=True)
class TerminalLanguage:
    code: str
    kb: Knowledge
    engine: Engine
    catalog: NullTranslations

    @staticmethod
    @cache
    def of(code: str) -> TerminalLanguage:
        """The terminal in ``code``; KnowledgeError when there is no complete pack for it."""
        return TerminalLanguage(code, knowledge(code), engine(code), translator(code))

    @property
    def reads_own_words(self) -> bool:
        return reads_own_words(self.code)

    def _(self, message: str, /, **values: Any) -> str:
        text = self.catalog.gettext(message)
        return text % values if values else text

    def n_(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        return self.catalog.ngettext(singular, plural, count) % {"count": count, **values}

    def typed(self, context: str, english: str) -> tuple[str, ...]:
        """The words a person may type to mean one thing, first the usual one: the catalog
        gives a comma-separated list (the pseudo-language wraps it; people type words bare)."""
        listed = str(self.catalog.pgettext(context, english))
        bare = listed.removeprefix("⟦").removesuffix("⟧")
        return tuple(dict.fromkeys(w.strip().lower() for w in bare.split(",") if w.strip()))

    @property
    def back(self) -> tuple[str, ...]:
        return self.typed("typed to go back", "back, b")

    @property
    def quit(self) -> tuple[str, ...]:
        return self.typed("typed to stop", "quit, q, exit")

    def read_answer(self, question: Question, reply: str) -> Any:
        """A typed answer (None: skipped), as ``parse_answer`` reads it once the person's words
        for yes, no, none and skip are put in the engine's; InterviewError says what fits."""
        raw = reply.strip().lower()
        typed = {
            "skip": self.typed("typed to skip", "skip, s, ?, don't know, not sure"),
            "yes": self.typed("typed for yes", "yes, y"),
            "no": self.typed("typed for no", "no, n"),
            "none": self.typed("typed for none of the options", "none"),
        }
        for engine_word, words in typed.items():
            if raw in words:
                raw = engine_word
                break
        if raw == "skip" and question.required:
            raise InterviewError(
                self._("%(label)s: needed for every check; please answer it", label=question.label)
            )
        try:
            return parse_answer(question, raw)
        except InterviewError:
            raise InterviewError(
                self._(
                    "%(reply)s is not an answer here; expected %(expected)s",
                    reply=repr(reply.strip()),
                    expected=self.expected(question),
                )
            ) from None

    def expected(self, question: Question) -> str:
        """What an answer looks like, in words."""
        count = len(question.options)
        if question.kind == "boolean":
            return self._("yes or no (1 or 2)")
        if question.kind == "integer":
            low = 0 if question.minimum is None else question.minimum
            if question.maximum is None:
                return self._("a whole number from %(low)s", low=low)
            return self._("a whole number from %(low)s to %(high)s", low=low, high=question.maximum)
        if question.kind == "choice":
            return self._("one option, by its number (1 to %(count)s)", count=count)
        return self._("option numbers (1 to %(count)s) separated by commas, or 'none'", count=count)

    def typed_answer(self, question: Question, value: Any) -> str:
        """What a person would type to give ``value``: the inverse of ``read_answer``."""
        from crepitus.engine.interview import typed_answer

        if question.kind == "boolean":  # the first of the words for yes (or for no)
            if value:
                return self.typed("typed for yes", "yes, y")[0]
            return self.typed("typed for no", "no, n")[0]
        return typed_answer(question, value)
