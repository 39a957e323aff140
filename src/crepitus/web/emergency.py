"""What the emergency page offers beside the advice: numbers to tap, and steps while waiting."""

from __future__ import annotations

from crepitus.engine.result import Assessment
from crepitus.knowledge import knowledge
from crepitus.knowledge.model import WhileWaiting
from crepitus.web.language import current


def steps_while_waiting(result: Assessment) -> tuple[WhileWaiting, ...]:
    """The knowledge base's steps for the emergencies that fired, general ones first."""
    kb = knowledge(current())  # the steps in the page's language
    fired = {rule.id for rule in result.red_flags if rule.level == "emergency"}
    conditions = {c for rule in kb.rules if rule.id in fired for c in rule.conditions}
    return kb.steps_while_waiting(conditions)


def sources_of(steps: tuple[WhileWaiting, ...]) -> list[str]:
    """Every source the steps cite, each once, in the order first cited."""
    return list(dict.fromkeys(source for step in steps for source in step.sources))
