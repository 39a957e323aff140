"""crepitus: is my back popping normal, or should I see someone?

The public surface is small: ``assess`` (a case in, an ``Assessment`` out), ``understand`` (a
description in the person's own words in, case fields out), the result types, and the errors.
Everything else may change between releases. Names are imported on first use, so that the
command line starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crepitus.engine.assess import assess
    from crepitus.engine.result import AdviceResult, Assessment, ConditionResult, FiredRule
    from crepitus.errors import (
        CaseError,
        CrepitusError,
        FieldProblem,
        InterviewError,
        KnowledgeError,
    )
    from crepitus.understanding import Mention, Understanding, understand

_HOMES = {
    "assess": "crepitus.engine.assess",
    "AdviceResult": "crepitus.engine.result",
    "Assessment": "crepitus.engine.result",
    "ConditionResult": "crepitus.engine.result",
    "FiredRule": "crepitus.engine.result",
    "CaseError": "crepitus.errors",
    "CrepitusError": "crepitus.errors",
    "FieldProblem": "crepitus.errors",
    "InterviewError": "crepitus.errors",
    "KnowledgeError": "crepitus.errors",
    "Mention": "crepitus.understanding",
    "Understanding": "crepitus.understanding",
    "understand": "crepitus.understanding",
}

__all__ = [
    "AdviceResult",
    "Assessment",
    "CaseError",
    "ConditionResult",
    "CrepitusError",
    "FieldProblem",
    "FiredRule",
    "InterviewError",
    "KnowledgeError",
    "Mention",
    "Understanding",
    "assess",
    "understand",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'crepitus' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
