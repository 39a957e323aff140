"""An assessment worded for someone checking on another person's behalf.

The engine's assessment speaks to the person whose back it is ("your bladder", "refer you"). When
the check is for someone else, each text that speaks so has a second wording in the knowledge
data (``message_other``, ``text_other``, ...); this swaps them in, by id, and changes nothing else:
the triage, the explanations and the advice chosen are the same.
"""

from __future__ import annotations

from crepitus.engine.result import AdviceResult, Assessment, FiredRule
from crepitus.knowledge.model import Knowledge


def for_someone_else(result: Assessment, kb: Knowledge) -> Assessment:
    """The same assessment, its texts speaking of "them"."""
    rules = {rule.id: rule for rule in kb.rules}

    def fired(rule: FiredRule) -> FiredRule:
        other = rules[rule.id].message_other
        return rule._replace(message=other) if other else rule

    def advice(item: AdviceResult) -> AdviceResult:
        known = kb.advice[item.id]
        return item._replace(
            title=known.title_other or item.title, text=known.text_other or item.text
        )

    top = kb.conditions[result.conditions[0].id]
    watch = result.what_would_change
    if top.watch_for_other and watch[: len(top.watch_for)] == top.watch_for:
        # the safety net opens with the top explanation's watch list (see Engine._safety_net)
        watch = (*top.watch_for_other, *watch[len(top.watch_for) :])
    return result._replace(
        triage_action=kb.levels[result.triage].action_wording(other=True),
        red_flags=tuple(fired(rule) for rule in result.red_flags),
        care_rules=tuple(fired(rule) for rule in result.care_rules),
        advice=tuple(advice(item) for item in result.advice),
        what_would_change=watch,
    )
