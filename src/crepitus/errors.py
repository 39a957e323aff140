"""The errors crepitus raises.

CrepitusError            anything crepitus refuses, with a message meant for a person
 +-- CaseError           a case does not fit the contract; names each bad field
 +-- KnowledgeError      a knowledge file is malformed; names the file and the key
 +-- InterviewError      an answer does not fit its question
 +-- EntryError          a diary entry (or an imported row) does not fit; names each field
 +-- AccountError        a sign-up, sign-in, password or share request is refused; names fields
      +-- LockedOutError too many failed sign-ins: wait until the lock ends
 +-- UnderstandingUnavailableError
                         reading free text needs the NLP extra; says what to install
                         (defined in crepitus.understanding, so the NLP stays optional)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AccountError",
    "CaseError",
    "CrepitusError",
    "EntryError",
    "FieldProblem",
    "InterviewError",
    "KnowledgeError",
    "LockedOutError",
]


class CrepitusError(Exception):
    """Base class of every error crepitus raises on purpose."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One bad field: where it is, what was wrong, and what was expected."""

    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}" if self.field else self.problem


class CaseError(CrepitusError, ValueError):
    """A case that does not fit ``case.schema.json``."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class KnowledgeError(CrepitusError):
    """A knowledge file that cannot be loaded as it stands."""


class InterviewError(CrepitusError, ValueError):
    """An answer that does not fit the question it was given for."""


class EntryError(CrepitusError, ValueError):
    """A diary entry (or an imported row) that does not fit; names each bad field."""

    def __init__(self, problems: list[FieldProblem], line: int | None = None) -> None:
        self.problems = problems
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(where + "; ".join(str(p) for p in problems))


class AccountError(CrepitusError, ValueError):
    """A request about an account or a share link that is refused; names each bad field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class LockedOutError(AccountError):
    """Too many failed sign-ins for a name or from an address; none is tried until ``minutes``."""

    def __init__(self, minutes: int) -> None:
        self.minutes = minutes
        wait = "a minute" if minutes <= 1 else f"{minutes} minutes"
        super().__init__(
            [FieldProblem("", f"Too many failed sign-ins. Please wait {wait} and try again.")]
        )
