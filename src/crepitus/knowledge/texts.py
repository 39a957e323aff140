"""The person-facing texts of a knowledge base, read out by id and written back by id.

A language pack translates exactly these: ``english_texts`` lists them (file, table, id, key),
and ``with_texts`` returns the same knowledge with some of them replaced. Ids, expressions,
weights, sources and levels are never touched, so every language assesses alike.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeAlias

from crepitus.knowledge.model import (
    Advice,
    Condition,
    Knowledge,
    Level,
    Option,
    Question,
    Rule,
    Screen,
    Section,
    WhileWaiting,
)

Text: TypeAlias = str | tuple[str, ...] | dict[str, str]
"""A translatable value: one text, a list of texts (a watch list), or option labels by value."""

Key: TypeAlias = tuple[str, str, str]
"""(file, table, id): ``("rules", "rule", "EM-CES-SADDLE")`` is ``[rule.EM-CES-SADDLE]`` in
the pack's ``rules.toml``."""

Texts: TypeAlias = dict[Key, dict[str, Text]]


def option_key(value: Any) -> str:
    """An option's value as a pack key: booleans as true/false, other values as they are."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def english_texts(kb: Knowledge) -> Texts:
    """Every text a person may read, by key; empty texts (an absent ``*_other``) are left out."""
    out: Texts = {}

    def put(key: Key, **texts: Text) -> None:
        out[key] = {name: text for name, text in texts.items() if text}

    for level in kb.levels.values():
        put(
            ("meta", "level", level.id),
            label=level.label,
            action=level.action,
            action_other=level.action_other,
        )
    for finding in kb.findings.values():
        put(("findings", "finding", finding.id), description=finding.description)
    for c in kb.conditions.values():
        put(
            ("conditions", "condition", c.id),
            name=c.name,
            summary=c.summary,
            summary_other=c.summary_other,
            clinician=c.clinician,
            clinician_other=c.clinician_other,
            watch_for=c.watch_for,
            watch_for_other=c.watch_for_other,
        )
    for rule in kb.rules:
        put(("rules", "rule", rule.id), message=rule.message, message_other=rule.message_other)
    for a in kb.advice.values():
        put(
            ("advice", "advice", a.id),
            title=a.title,
            title_other=a.title_other,
            text=a.text,
            text_other=a.text_other,
            evidence_note=a.evidence.note if a.evidence else "",
        )
    for step in kb.while_waiting:
        put(("advice", "while_waiting", step.id), text=step.text, text_other=step.text_other)
    for section in kb.sections.values():
        put(("interview", "section", section.id), title=section.title)
    for screen in kb.screens.values():
        put(("interview", "screen", screen.id), title=screen.title, title_other=screen.title_other)
    put(("interview", "answer", "yes"), label=kb.yes_no[0])
    put(("interview", "answer", "no"), label=kb.yes_no[1])
    for q in kb.questions:
        own = () if _yes_no(q, kb.yes_no) else q.options
        put(
            ("interview", "question", q.field),
            label=q.label,
            text=q.text,
            text_other=q.text_other,
            help=q.help,
            help_other=q.help_other,
            options={option_key(o.value): o.label for o in own},
            options_other={option_key(o.value): o.label_other for o in own if o.label_other},
        )
    return out


def _yes_no(question: Question, yes_no: tuple[str, str]) -> bool:
    """Whether the question offers the usual Yes and No (translated once, as ``answer``)."""
    return question.kind == "boolean" and [(o.value, o.label) for o in question.options] == [
        (True, yes_no[0]),
        (False, yes_no[1]),
    ]


def with_texts(kb: Knowledge, texts: Texts, language: str) -> Knowledge:
    """The same knowledge with these texts in place of the English (missing ones stay English)."""

    def get(file: str, table: str, item_id: str) -> dict[str, Any]:
        return dict(texts.get((file, table, item_id), {}))

    def level(item: Level) -> Level:
        return replace(item, **get("meta", "level", item.id))

    def condition(item: Condition) -> Condition:
        return replace(item, **get("conditions", "condition", item.id))

    def rule(item: Rule) -> Rule:
        return replace(item, **get("rules", "rule", item.id))

    def advice(item: Advice) -> Advice:
        given = get("advice", "advice", item.id)
        note = given.pop("evidence_note", None)
        evidence = item.evidence
        if evidence is not None and note is not None:
            evidence = replace(evidence, note=note)
        return replace(item, evidence=evidence, **given)

    def step(item: WhileWaiting) -> WhileWaiting:
        return replace(item, **get("advice", "while_waiting", item.id))

    def section(item: Section) -> Section:
        return replace(item, **get("interview", "section", item.id))

    def screen(item: Screen) -> Screen:
        return replace(item, **get("interview", "screen", item.id))

    yes, no = kb.yes_no
    yes_no = (
        get("interview", "answer", "yes").get("label", yes),
        get("interview", "answer", "no").get("label", no),
    )

    def question(item: Question) -> Question:
        given = get("interview", "question", item.field)
        labels: dict[str, str] = given.pop("options", {})
        if _yes_no(item, kb.yes_no):
            labels = {"true": yes_no[0], "false": yes_no[1]}
        others: dict[str, str] = given.pop("options_other", {})
        options = tuple(
            Option(
                o.value,
                labels.get(option_key(o.value), o.label),
                others.get(option_key(o.value), o.label_other),
            )
            for o in item.options
        )
        return replace(item, options=options, **given)

    questions = tuple(question(q) for q in kb.questions)
    return replace(
        kb,
        language=language,
        yes_no=yes_no,
        levels={key: level(item) for key, item in kb.levels.items()},
        findings={
            key: replace(item, **get("findings", "finding", key))
            for key, item in kb.findings.items()
        },
        conditions={key: condition(item) for key, item in kb.conditions.items()},
        rules=tuple(rule(item) for item in kb.rules),
        advice={key: advice(item) for key, item in kb.advice.items()},
        while_waiting=tuple(step(item) for item in kb.while_waiting),
        sections={key: section(item) for key, item in kb.sections.items()},
        screens={key: screen(item) for key, item in kb.screens.items()},
        questions=questions,
        by_field={q.field: q for q in questions},
    )
