"""The engine: pure functions from a case to an assessment, and from answers to a question."""

from crepitus.engine.assess import Engine, assess, engine
from crepitus.engine.result import AdviceResult, Assessment, ConditionResult, FiredRule

__all__ = [
    "AdviceResult",
    "Assessment",
    "ConditionResult",
    "Engine",
    "FiredRule",
    "assess",
    "engine",
]
