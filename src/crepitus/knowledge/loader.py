"""Strict loading of the knowledge files in ``crepitus/knowledge/data``.

Every table is checked for unknown and missing keys, every id reference must resolve, every rule,
condition and advice item must cite a source, and the contract's condition and advice ids must be
covered exactly. A failure raises KnowledgeError naming the file and the key.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from crepitus.contract.fields import FieldSpec, case_fields, load_schema
from crepitus.errors import KnowledgeError
from crepitus.knowledge import expr as ex
from crepitus.knowledge.model import (
    EVIDENCE_STRENGTHS,
    LEVELS,
    YES_NO,
    Advice,
    Condition,
    Evidence,
    Feature,
    Finding,
    Knowledge,
    Level,
    Offer,
    Option,
    Question,
    Rule,
    Screen,
    Section,
    Source,
    WhileWaiting,
)

FILES = ("meta", "sources", "findings", "conditions", "rules", "advice", "interview")
RULE_KINDS = ("red_flag", "care")
# words that speak to the person checking; wording for someone else must not use them
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself|I|me|my)\b", re.IGNORECASE)
# a result text with these speaks of the reader's own body or care, so it needs a wording for
# someone else (which may still speak to the reader: "stay with them if you can")
ABOUT_YOU = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)
QUESTION_KINDS = {"boolean": "boolean", "choice": "enum", "multi": "set", "integer": "integer"}


def data_dir() -> Traversable:
    """The packaged knowledge folder."""
    return resources.files("crepitus.knowledge").joinpath("data")


def load(folder: Traversable | None = None) -> Knowledge:
    """Read and check every knowledge file in ``folder`` (the packaged one by default)."""
    folder = folder or data_dir()
    raw: dict[str, dict[str, Any]] = {}
    for name in FILES:
        path = folder.joinpath(f"{name}.toml")
        try:
            raw[name] = tomllib.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise KnowledgeError(f"{name}.toml: missing from {folder}") from None
        except tomllib.TOMLDecodeError as exc:
            raise KnowledgeError(f"{name}.toml: not valid TOML: {exc}") from None
    return _Builder(raw).build()


class _Builder:
    def __init__(self, raw: dict[str, dict[str, Any]]) -> None:
        self.raw = raw
        self.fields: dict[str, FieldSpec] = case_fields()
        self.sources: dict[str, Source] = {}
        self.findings: dict[str, Finding] = {}
        self.words_only: frozenset[str] = frozenset()  # meta.toml read_from_words

    # -- generic strict readers ---------------------------------------------------------------

    def table(
        self, raw: object, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise KnowledgeError(f"{where}: expected a table")
        unknown = set(raw) - set(required) - set(optional)
        if unknown:
            allowed = sorted((*required, *optional))
            raise KnowledgeError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {allowed}")
        missing = [key for key in required if key not in raw]
        if missing:
            raise KnowledgeError(f"{where}: missing key(s) {missing}")
        return raw

    def tables(self, file: str, key: str, required: bool = True) -> list[Any]:
        items = self.raw[file].get(key, [] if not required else None)
        if not isinstance(items, list) or (required and not items):
            raise KnowledgeError(f"{file}.toml: expected a non-empty list of [[{key}]] tables")
        return items

    @staticmethod
    def text(table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if not isinstance(value, str) or (default is None and not value.strip()):
            raise KnowledgeError(f"{where}.{key}: expected non-empty text, got {value!r}")
        return " ".join(value.split()) if "\n" in value else value

    @staticmethod
    def ids(
        table: dict[str, Any],
        key: str,
        where: str,
        known: Mapping[str, object] | tuple[str, ...],
        non_empty: bool = False,
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or (non_empty and not value):
            raise KnowledgeError(f"{where}.{key}: expected a {'non-empty ' * non_empty}list of ids")
        for item in value:
            if item not in known:
                raise KnowledgeError(f"{where}.{key}: {item!r} does not name a known id")
        return tuple(value)

    @staticmethod
    def number(table: dict[str, Any], key: str, where: str, low: float, high: float) -> float:
        value = table.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise KnowledgeError(
                f"{where}.{key}: expected a number from {low} to {high}, got {value!r}"
            )
        return float(value)

    @staticmethod
    def unique(kind: str, item_id: str, seen: Mapping[str, object] | set[str], where: str) -> str:
        if not isinstance(item_id, str) or not item_id:
            raise KnowledgeError(f"{where}.id: expected a non-empty id")
        if item_id in seen:
            raise KnowledgeError(f"{where}: {kind} id {item_id!r} appears twice")
        return item_id

    def cond(self, raw: object, where: str) -> ex.Expr:
        parsed = ex.parse(raw, self.fields, where)
        for ref in self._refs(parsed):
            if ref not in self.findings:
                raise KnowledgeError(f"{where}: finding {ref!r} is not defined (or defined later)")
        return parsed

    def _refs(self, node: ex.Expr) -> list[str]:
        if isinstance(node, ex.FindingRef):
            return [node.finding]
        if isinstance(node, ex.Branch):
            return [ref for item in node.items for ref in self._refs(item)]
        return []

    def finding_expr(self, finding_id: str) -> ex.Expr:
        return self.findings[finding_id].when

    # -- the files ----------------------------------------------------------------------------

    def build(self) -> Knowledge:
        meta = self.table(
            self.raw["meta"],
            "meta.toml",
            ("knowledge_version", "likely_threshold", "level"),
            ("read_from_words",),
        )
        self.words_only = self.words_only_fields(meta.get("read_from_words", []))
        version = self.text(meta, "knowledge_version", "meta.toml")
        likely = self.number(meta, "likely_threshold", "meta.toml", 0.0, 1.0)
        levels = self.levels()
        self.read_sources()
        self.read_findings()
        conditions = self.conditions()
        rules = self.rules(conditions)
        advice = self.advice(conditions)
        while_waiting = self.while_waiting(conditions)
        sections, questions = self.interview()
        screens = self.screens(questions)
        knowledge = Knowledge(
            version=version,
            levels=levels,
            sources=self.sources,
            findings=self.findings,
            conditions=conditions,
            rules=rules,
            advice=advice,
            sections=sections,
            questions=questions,
            likely_threshold=likely,
            screens=screens,
            by_field={q.field: q for q in questions},
            while_waiting=while_waiting,
        )
        self.check_coverage(knowledge)
        return knowledge

    def levels(self) -> dict[str, Level]:
        levels: dict[str, Level] = {}
        for i, raw in enumerate(self.tables("meta", "level")):
            where = f"meta.toml level[{i}]"
            t = self.table(
                raw, where, ("id", "label", "action", "colour", "icon"), ("action_other",)
            )
            level_id = self.unique("level", t["id"], levels, where)
            levels[level_id] = Level(
                level_id,
                len(levels),
                self.text(t, "label", where),
                self.text(t, "action", where),
                self.text(t, "colour", where),
                self.text(t, "icon", where),
                action_other=self.for_them(t, "action", where),
            )
        if tuple(levels) != LEVELS:
            raise KnowledgeError(f"meta.toml: levels must be {list(LEVELS)} in that order")
        return levels

    def read_sources(self) -> None:
        for i, raw in enumerate(self.tables("sources", "source")):
            where = f"sources.toml source[{i}]"
            t = self.table(raw, where, ("id", "citation"), ("url",))
            source_id = self.unique("source", t["id"], self.sources, where)
            self.sources[source_id] = Source(
                source_id, self.text(t, "citation", where), self.text(t, "url", where, "")
            )

    def read_findings(self) -> None:
        for i, raw in enumerate(self.tables("findings", "finding")):
            where = f"findings.toml finding[{i}]"
            t = self.table(raw, where, ("id", "description", "when"))
            finding_id = self.unique("finding", t["id"], self.findings, where)
            when = self.cond(t["when"], f"{where}.when")
            self.findings[finding_id] = Finding(
                finding_id, self.text(t, "description", where), when
            )

    def features(self, raw: object, where: str) -> tuple[Feature, ...]:
        if not isinstance(raw, list):
            raise KnowledgeError(f"{where}: expected a list of [[...]] tables")
        out = []
        for i, item in enumerate(raw):
            at = f"{where}[{i}]"
            t = self.table(item, at, ("when", "weight"))
            when = self.cond(t["when"], f"{at}.when")
            weight = self.number(t, "weight", at, 0.01, 0.99)
            out.append(Feature(when, weight, ex.fields_of(when, self.finding_expr)))
        return tuple(out)

    def conditions(self) -> dict[str, Condition]:
        conditions: dict[str, Condition] = {}
        for i, raw in enumerate(self.tables("conditions", "condition")):
            where = f"conditions.toml condition[{i}]"
            t = self.table(
                raw,
                where,
                ("id", "name", "summary", "clinician", "prior", "feature", "sources"),
                ("against", "watch_for", "summary_other", "clinician_other", "watch_for_other"),
            )
            condition_id = self.unique("condition", t["id"], conditions, where)
            watch = t.get("watch_for", [])
            if not isinstance(watch, list) or not all(isinstance(w, str) and w for w in watch):
                raise KnowledgeError(f"{where}.watch_for: expected a list of texts")
            conditions[condition_id] = Condition(
                id=condition_id,
                name=self.text(t, "name", where),
                summary=self.text(t, "summary", where),
                clinician=self.text(t, "clinician", where),
                prior=self.number(t, "prior", where, 0.0, 0.5),
                features=self.features(t["feature"], f"{where}.feature"),
                against=self.features(t.get("against", []), f"{where}.against"),
                watch_for=tuple(" ".join(w.split()) for w in watch),
                sources=self.ids(t, "sources", where, self.sources, non_empty=True),
                summary_other=self.for_them(t, "summary", where),
                clinician_other=self.for_them(t, "clinician", where),
                watch_for_other=self.watch_for_them(t, watch, where),
            )
        contract = _contract_enum(("properties", "conditions", "items", "properties", "id"))
        if set(conditions) != set(contract):
            raise KnowledgeError(
                "conditions.toml: the condition ids must be exactly the contract's;"
                f" missing {sorted(set(contract) - set(conditions))},"
                f" unknown {sorted(set(conditions) - set(contract))}"
            )
        return conditions

    def rules(self, conditions: dict[str, Condition]) -> tuple[Rule, ...]:
        rules: dict[str, Rule] = {}
        for i, raw in enumerate(self.tables("rules", "rule")):
            where = f"rules.toml rule[{i}]"
            t = self.table(
                raw,
                where,
                ("id", "kind", "level", "when", "message", "sources", "example"),
                ("conditions", "message_other"),
            )
            rule_id = self.unique("rule", t["id"], rules, where)
            if t["kind"] not in RULE_KINDS:
                raise KnowledgeError(f"{where}.kind: expected one of {list(RULE_KINDS)}")
            if t["level"] not in LEVELS[1:]:
                raise KnowledgeError(f"{where}.level: expected one of {list(LEVELS[1:])}")
            when = self.cond(t["when"], f"{where}.when")
            example = self.example(t["example"], f"{where}.example")
            if ex.truth(when, example, ex.resolver(self.finding_expr, example)) is not True:
                raise KnowledgeError(f"{where}.example: does not make the rule fire")
            rules[rule_id] = Rule(
                id=rule_id,
                kind=t["kind"],
                level=t["level"],
                when=when,
                conditions=self.ids(t, "conditions", where, conditions),
                message=self.text(t, "message", where),
                sources=self.ids(t, "sources", where, self.sources, non_empty=True),
                example=example,
                message_other=self.for_them(t, "message", where),
            )
        return tuple(rules.values())

    def example(self, raw: object, where: str) -> dict[str, Any]:
        if not isinstance(raw, dict) or not raw:
            raise KnowledgeError(f"{where}: expected a table of case fields")
        for key, value in raw.items():
            spec = self.fields.get(key)
            if spec is None:
                raise KnowledgeError(f"{where}.{key}: not a case field")
            values = value if spec.kind == "set" and isinstance(value, list) else [value]
            if not all(spec.accepts(v) for v in values):
                raise KnowledgeError(f"{where}.{key}: expected {spec.expected()}")
        return dict(raw)

    def advice(self, conditions: dict[str, Condition]) -> dict[str, Advice]:
        advice: dict[str, Advice] = {}
        for i, raw in enumerate(self.tables("advice", "advice")):
            where = f"advice.toml advice[{i}]"
            t = self.table(
                raw,
                where,
                ("id", "title", "text", "sources", "offer"),
                ("evidence", "title_other", "text_other"),
            )
            advice_id = self.unique("advice", t["id"], advice, where)
            evidence = None
            if "evidence" in t:
                e = self.table(t["evidence"], f"{where}.evidence", ("strength", "note"))
                if e["strength"] not in EVIDENCE_STRENGTHS:
                    raise KnowledgeError(
                        f"{where}.evidence.strength: expected one of {list(EVIDENCE_STRENGTHS)}"
                    )
                evidence = Evidence(e["strength"], self.text(e, "note", f"{where}.evidence"))
            offers = []
            for j, offer in enumerate(t["offer"] if isinstance(t["offer"], list) else [None]):
                at = f"{where}.offer[{j}]"
                o = self.table(offer, at, (), ("levels", "top", "likely", "when"))
                offers.append(
                    Offer(
                        levels=self.ids(o, "levels", at, LEVELS),
                        top=self.ids(o, "top", at, conditions),
                        likely=self.ids(o, "likely", at, conditions),
                        when=self.cond(o["when"], f"{at}.when") if "when" in o else None,
                    )
                )
            advice[advice_id] = Advice(
                id=advice_id,
                title=self.text(t, "title", where),
                text=self.text(t, "text", where),
                evidence=evidence,
                title_other=self.for_them(t, "title", where),
                text_other=self.for_them(t, "text", where),
                sources=self.ids(t, "sources", where, self.sources, non_empty=True),
                offers=tuple(offers),
            )
        contract = _contract_enum(("properties", "advice", "items", "properties", "id"))
        if set(advice) != set(contract):
            raise KnowledgeError(
                "advice.toml: the advice ids must be exactly the contract's;"
                f" missing {sorted(set(contract) - set(advice))},"
                f" unknown {sorted(set(advice) - set(contract))}"
            )
        return advice

    def while_waiting(self, conditions: dict[str, Condition]) -> tuple[WhileWaiting, ...]:
        steps: dict[str, WhileWaiting] = {}
        for i, raw in enumerate(self.tables("advice", "while_waiting")):
            where = f"advice.toml while_waiting[{i}]"
            t = self.table(raw, where, ("id", "text", "sources"), ("conditions", "text_other"))
            step_id = self.unique("while_waiting", t["id"], steps, where)
            steps[step_id] = WhileWaiting(
                id=step_id,
                text=self.text(t, "text", where),
                text_other=self.for_them(t, "text", where),
                sources=self.ids(t, "sources", where, self.sources, non_empty=True),
                conditions=self.ids(t, "conditions", where, conditions),
            )
        if not any(not step.conditions for step in steps.values()):
            raise KnowledgeError("advice.toml: no while_waiting step is shown for every emergency")
        return tuple(steps.values())

    def interview(self) -> tuple[dict[str, Section], tuple[Question, ...]]:
        sections: dict[str, Section] = {}
        for i, raw in enumerate(self.tables("interview", "section")):
            where = f"interview.toml section[{i}]"
            t = self.table(raw, where, ("id", "title"))
            section_id = self.unique("section", t["id"], sections, where)
            sections[section_id] = Section(section_id, self.text(t, "title", where))
        questions: dict[str, Question] = {}
        for i, raw in enumerate(self.tables("interview", "question")):
            where = f"interview.toml question[{i}]"
            t = self.table(
                raw,
                where,
                ("field", "label", "kind", "text", "text_other", "section", "screen"),
                (
                    "help",
                    "help_other",
                    "options",
                    "ask_when",
                    "red_flag",
                    "required",
                    "minimum",
                    "maximum",
                ),
            )
            field = self.unique("question", t["field"], questions, where)
            questions[field] = self.question(t, field, sections, questions, where)
        return sections, tuple(questions.values())

    def question(
        self,
        t: dict[str, Any],
        field: str,
        sections: dict[str, Section],
        earlier: dict[str, Question],
        where: str,
    ) -> Question:
        spec = self.fields.get(field)
        if spec is None:
            raise KnowledgeError(f"{where}.field: {field!r} is not a case field")
        kind = t["kind"]
        if QUESTION_KINDS.get(kind) != spec.kind:
            raise KnowledgeError(f"{where}.kind: {field} ({spec.kind}) cannot be asked as {kind!r}")
        if t["section"] not in sections:
            raise KnowledgeError(f"{where}.section: {t['section']!r} is not a section id")
        options = self.options(t.get("options"), spec, kind, where)
        ask_when = None
        if "ask_when" in t:
            ask_when = self.cond(t["ask_when"], f"{where}.ask_when")
            _check_flat(ask_when, f"{where}.ask_when")
            for name in ex.fields_of(ask_when, self.finding_expr):
                if name not in earlier:
                    raise KnowledgeError(
                        f"{where}.ask_when: reads {name!r}, which no earlier question asks"
                    )
        red_flag = t.get("red_flag", False)
        required = t.get("required", False)
        if not isinstance(red_flag, bool) or not isinstance(required, bool):
            raise KnowledgeError(f"{where}: red_flag and required take true or false")
        if required and ask_when is not None:
            raise KnowledgeError(f"{where}.required: a required question is always asked")
        minimum, maximum = spec.minimum, spec.maximum
        for key in ("minimum", "maximum"):
            if key in t and (kind != "integer" or type(t[key]) is not int):
                raise KnowledgeError(
                    f"{where}.{key}: only for integer questions, as a whole number"
                )
        minimum = t.get("minimum", minimum)
        maximum = t.get("maximum", maximum)
        help_text = self.text(t, "help", where, "")
        if bool(help_text) != ("help_other" in t):
            raise KnowledgeError(f"{where}: help and help_other come together")
        return Question(
            field=field,
            label=self.text(t, "label", where),
            kind=kind,
            text=self.text(t, "text", where),
            help=self.text(t, "help", where, ""),
            section=t["section"],
            options=options,
            minimum=minimum,
            maximum=maximum,
            ask_when=ask_when,
            red_flag=red_flag,
            required=required,
            screen=self.text(t, "screen", where),
            text_other=self.other(t, "text_other", where),
            help_other=self.other(t, "help_other", where, "") if help_text else "",
        )

    def for_them(self, t: dict[str, Any], key: str, where: str) -> str:
        """A result text's wording for someone else: needed when the text speaks of "you"."""
        other = f"{key}_other"
        if other not in t:
            if ABOUT_YOU.search(str(t.get(key, ""))):
                raise KnowledgeError(
                    f"{where}.{key}: speaks of 'you', so it needs {other} for someone else"
                )
            return ""
        value = self.text(t, other, where)
        if value == t[key]:
            raise KnowledgeError(f"{where}.{other}: the same as {key}; leave it out")
        return value

    def watch_for_them(self, t: dict[str, Any], watch: list[str], where: str) -> tuple[str, ...]:
        """The watch list for someone else: one line for each line of the watch list."""
        if "watch_for_other" not in t:
            if any(ABOUT_YOU.search(w) for w in watch):
                raise KnowledgeError(
                    f"{where}.watch_for: speaks of 'you', so it needs watch_for_other"
                )
            return ()
        other = t["watch_for_other"]
        if (
            not isinstance(other, list)
            or len(other) != len(watch)
            or not all(isinstance(w, str) and w for w in other)
        ):
            raise KnowledgeError(f"{where}.watch_for_other: one text for each of watch_for")
        return tuple(" ".join(w.split()) for w in other)

    def other(self, t: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        """Wording for someone else: it speaks of them, never to "you"."""
        value = self.text(t, key, where, default)
        if SECOND_PERSON.search(value):
            raise KnowledgeError(f"{where}.{key}: speaks to 'you'; say 'the person' or 'they'")
        return value

    def screens(self, questions: tuple[Question, ...]) -> dict[str, Screen]:
        """The screens, each holding the questions that name it; a screen's questions follow
        one another in the file and the screens come in the order they are declared."""
        declared: list[tuple[str, str, str]] = []
        for i, raw in enumerate(self.tables("interview", "screen")):
            where = f"interview.toml screen[{i}]"
            t = self.table(raw, where, ("id", "title", "title_other"))
            self.unique("screen", t["id"], {s for s, _, _ in declared}, where)
            title = self.text(t, "title", where)
            declared.append((t["id"], title, self.other(t, "title_other", where)))
        order = [s for s, _, _ in declared]
        seen: list[str] = []
        for q in questions:
            if q.screen not in order:
                raise KnowledgeError(
                    f"interview.toml {q.field}.screen: {q.screen!r} is not a screen"
                )
            if not seen or seen[-1] != q.screen:
                if q.screen in seen:
                    raise KnowledgeError(
                        f"interview.toml {q.field}: screen {q.screen!r}'s questions must follow"
                        " one another"
                    )
                seen.append(q.screen)
        if seen != order:
            raise KnowledgeError(
                f"interview.toml: screens must be declared in the order of their questions {seen}"
            )
        return {
            sid: Screen(sid, title, other, tuple(q.field for q in questions if q.screen == sid))
            for sid, title, other in declared
        }

    def options(self, raw: object, spec: FieldSpec, kind: str, where: str) -> tuple[Option, ...]:
        if kind == "integer":
            if raw is not None:
                raise KnowledgeError(f"{where}.options: integer questions take no options")
            return ()
        if kind == "boolean" and raw is None:
            return (Option(True, YES_NO[0]), Option(False, YES_NO[1]))
        if not isinstance(raw, list) or not raw:
            raise KnowledgeError(f"{where}.options: expected a list of {{ value, label }} tables")
        options = []
        for i, item in enumerate(raw):
            at = f"{where}.options[{i}]"
            o = self.table(item, at, ("value", "label"), ("label_other",))
            if not spec.accepts(o["value"]):
                raise KnowledgeError(f"{at}.value: {o['value']!r} is not {spec.expected()}")
            label = self.text(o, "label", at)
            if SECOND_PERSON.search(label) and "label_other" not in o:
                raise KnowledgeError(f"{at}: the label speaks to 'you', so it needs label_other")
            other = self.other(o, "label_other", at, "") if "label_other" in o else ""
            options.append(Option(o["value"], label, other))
        values = [o.value for o in options]
        wanted = list(spec.values) if spec.kind != "boolean" else [True, False]
        if sorted(map(str, values)) != sorted(map(str, wanted)):
            raise KnowledgeError(f"{where}.options: must offer each of {wanted} exactly once")
        return tuple(options)

    def words_only_fields(self, names: object) -> frozenset[str]:
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise KnowledgeError("meta.toml read_from_words: expected a list of case field names")
        for name in names:
            if name not in self.fields:
                raise KnowledgeError(f"meta.toml read_from_words: {name!r} is not a case field")
        return frozenset(names)

    def check_coverage(self, knowledge: Knowledge) -> None:
        """Every field a rule, finding or condition reads can be asked by the interview, but
        those read only from a description's words (meta.toml ``read_from_words``)."""
        asked = {q.field for q in knowledge.questions} | self.words_only
        exprs: list[tuple[str, ex.Expr]] = [(f"rule {r.id}", r.when) for r in knowledge.rules]
        exprs += [(f"finding {f.id}", f.when) for f in knowledge.findings.values()]
        for c in knowledge.conditions.values():
            exprs += [(f"condition {c.id}", f.when) for f in (*c.features, *c.against)]
        for where, node in exprs:
            for name in ex.fields_of(node, self.finding_expr):
                if name not in asked:
                    raise KnowledgeError(
                        f"{where} reads {name!r}, but no interview question asks it"
                    )


def _check_flat(node: ex.Expr, where: str) -> None:
    """Skip logic stays a flat any/all of field tests, so FHIR enableWhen can mirror it exactly."""
    items: tuple[ex.Expr, ...] = (node,)
    if isinstance(node, ex.Branch):
        if node.kind == "count":
            raise KnowledgeError(f"{where}: skip logic cannot use count")
        items = node.items
    for item in items:
        if not isinstance(item, ex.Leaf):
            raise KnowledgeError(f"{where}: skip logic must be field tests joined by one any/all")
        if item.or_unknown:
            raise KnowledgeError(f"{where}: skip logic cannot use or_unknown")


def _contract_enum(path: tuple[str, ...]) -> list[str]:
    node: Any = load_schema("assessment")
    for key in path:
        node = node[key]
    return list(node["enum"])
