"""The reading knowledge, ``knowledge/data/language.toml``, and its strict loader.

The file says how lay words map to case fields: concepts (phrases and the values they stand for),
context phrases (negation, hypothesis, history, someone else), spelling variants, number words and
units. Everything is checked against the contract here, so a typo in the file fails at load time
with the concept and key named, never silently at reading time.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

from crepitus.contract.fields import FieldSpec, case_fields
from crepitus.errors import KnowledgeError

FILE = "language.toml"
CATEGORIES = {
    "negated": "NEGATED_EXISTENCE",
    "hypothetical": "HYPOTHETICAL",
    "historical": "HISTORICAL",
    "moment": "POSSIBLE_EXISTENCE",  # tied to one moment: a denial there is not a denial now
    "other_person": "FAMILY",
    "pseudo": "PSEUDO",
    "terminate": "TERMINATE",
}
DIRECTIONS = ("forward", "backward", "both", "pseudo", "terminate")
Resolution = Literal["first", "max", "ordered"]


@dataclass(frozen=True, slots=True)
class Concept:
    """A lay phrase family and the case values it stands for."""

    id: str
    phrases: tuple[str, ...]
    present: dict[str, Any]  # values when the phrase is affirmed
    absent: dict[str, Any]  # values when it is negated
    number: str | None = None  # a field filled from the number in the matched words
    unit: str | None = None  # the unit table that scales that number
    estimate: bool = False  # loose words: a reading, not a stated value
    history_counts: bool = False  # a past mention still counts ("cancer ten years ago")
    ignore: bool = False  # words that look like a finding but are not ("cracked my phone")
    anchor: tuple[tuple[str, Any], ...] = ()  # counts only beside one of these in its sentence
    requires: tuple[tuple[str, Any], ...] = ()  # counts only with one of these anywhere
    suppresses: tuple[str, ...] = ()  # concepts whose overlapping matches it silences
    offset: int = 0  # added to the number read ("in year 10" is about 15 years old)
    requires_all: tuple[tuple[str, Any], ...] = ()  # counts only with all of these, anywhere
    about_other: bool = False  # names someone else ("my dad, 70"): counts in a proxy report only
    # a bare length of time: a history word it overlaps ("a fever 3 years ago") still marks what
    # was told before it as past
    history_through: bool = False


@dataclass(frozen=True, slots=True)
class ContextRule:
    """Words that change what nearby mentions mean: "no", "in case", "years ago", "my wife"."""

    id: str
    category: str  # a key of CATEGORIES
    direction: str  # one of DIRECTIONS
    phrases: tuple[str, ...]
    max_scope: int | None = None
    ended_by: tuple[str, ...] = ()  # the terminate rules that end its reach

    @property
    def medspacy_category(self) -> str:
        if self.category == "terminate":
            return "END_" + self.id.upper().replace("-", "_")
        return CATEGORIES[self.category]


@dataclass(frozen=True, slots=True)
class Lexicon:
    gap: int  # how many words "..." in a phrase may skip
    words: dict[str, str]  # spelling variant -> the form phrases use
    split: dict[str, tuple[tuple[str, str], ...]]  # run-together word -> (text, normal form) parts
    numbers: dict[str, float]  # number words
    units: dict[str, dict[str, float]]  # unit table -> word -> factor
    resolve: dict[str, tuple[Resolution, tuple[Any, ...]]]  # field -> how mentions combine
    context: tuple[ContextRule, ...]
    concepts: tuple[Concept, ...]
    # a named relation -> the case values it stands for in a proxy report ("husband": male)
    relations: dict[str, dict[str, Any]] = field(default_factory=dict)
    relation_estimates: dict[str, dict[str, Any]] = field(default_factory=dict)
    # intensifiers a phrase reads through ("walking like I was totally drunk")
    passable: frozenset[str] = frozenset()


def _table(
    raw: object, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: expected a table")
    unknown = set(raw) - set(required) - set(optional)
    if unknown:
        raise KnowledgeError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted((*required, *optional))}"
        )
    missing = [key for key in required if key not in raw]
    if missing:
        raise KnowledgeError(f"{where}: missing key(s) {missing}")
    return raw


def _phrases(raw: object, where: str) -> tuple[str, ...]:
    if (
        not isinstance(raw, list)
        or not raw
        or not all(isinstance(p, str) and p.strip() for p in raw)
    ):
        raise KnowledgeError(f"{where}.phrases: expected a non-empty list of non-empty strings")
    return tuple(raw)


def _values(raw: object, where: str, fields: dict[str, FieldSpec]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"{where}: expected a table of case field = value")
    for name, value in raw.items():
        spec = fields.get(name)
        if spec is None:
            raise KnowledgeError(f"{where}: {name!r} is not a case field")
        if spec.kind == "set":
            ok = (isinstance(value, list) and all(spec.accepts(v) for v in value)) or spec.accepts(
                value
            )
        else:
            ok = spec.accepts(value)
        if not ok:
            raise KnowledgeError(f"{where}.{name}: expected {spec.expected()}, got {value!r}")
    return dict(raw)


def _number_table(raw: object, where: str) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        raise KnowledgeError(f"{where}: expected a non-empty table of word = number")
    for word, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise KnowledgeError(f"{where}.{word}: expected a number, got {value!r}")
    return {str(k): float(v) for k, v in raw.items()}


def parse(raw: dict[str, Any]) -> Lexicon:
    """Check a parsed language file and build the lexicon."""
    fields = case_fields()
    top = _table(
        raw,
        FILE,
        ("reader", "words", "split", "numbers", "units", "resolve", "context", "concept"),
        ("relations", "relation_estimates"),
    )
    reader = _table(top["reader"], "[reader]", ("gap", "passable"))
    gap = reader["gap"]
    if not isinstance(gap, int) or isinstance(gap, bool) or not 1 <= gap <= 10:
        raise KnowledgeError(f"[reader].gap: expected a whole number from 1 to 10, got {gap!r}")
    words = top["words"]
    if not isinstance(words, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v for k, v in words.items()
    ):
        raise KnowledgeError("[words]: expected a table of variant = word")
    split = _split(top["split"])
    numbers = _number_table(top["numbers"], "[numbers]")
    units_raw = top["units"]
    if not isinstance(units_raw, dict):
        raise KnowledgeError("[units]: expected tables of unit words")
    units = {name: _number_table(table, f"[units.{name}]") for name, table in units_raw.items()}
    resolve = _resolve(top["resolve"], fields)
    context = _context(top["context"])
    passable = _passable(reader["passable"], context)
    concepts = _concepts(top["concept"], fields, units)
    words = {k.lower(): v.lower() for k, v in words.items()}
    relations = _relations(top.get("relations", {}), fields, "relations")
    guessed = _relations(top.get("relation_estimates", {}), fields, "relation_estimates")
    return Lexicon(
        gap, words, split, numbers, units, resolve, context, concepts, relations, guessed, passable
    )


def _passable(raw: object, context: tuple[ContextRule, ...]) -> frozenset[str]:
    """The words a phrase reads through: lower-case single words, none of them a denial."""
    if not isinstance(raw, list) or not all(
        isinstance(word, str) and word.isalpha() and word.islower() for word in raw
    ):
        raise KnowledgeError(
            f"[reader].passable: expected a list of lower-case single words, got {raw!r}"
        )
    # reading through a denial ("no", "not", "never": the negation rules' own words) would turn
    # "could not walk" into "could walk"
    denying = {p for rule in context if rule.category == "negated" for p in rule.phrases}
    denials = sorted(set(raw) & denying)
    if denials:
        raise KnowledgeError(f"[reader].passable: {denials} change what a phrase means")
    return frozenset(raw)


def _relations(raw: object, fields: dict[str, FieldSpec], table: str) -> dict[str, dict[str, Any]]:
    if not isinstance(raw, dict):
        raise KnowledgeError(f"[{table}]: expected a table of relation = {{ field = value }}")
    return {
        str(word).lower(): _values(values, f"[{table}].{word}", fields)
        for word, values in raw.items()
    }


def _split(raw: object) -> dict[str, tuple[tuple[str, str], ...]]:
    if not isinstance(raw, dict):
        raise KnowledgeError("[split]: expected a table of word = [[text, normal form], ...]")
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for word, parts in raw.items():
        ok = (
            isinstance(parts, list)
            and len(parts) > 1
            and all(
                isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) and x for x in p)
                for p in parts
            )
        )
        if not ok or "".join(p[0] for p in parts) != word:
            raise KnowledgeError(
                f"[split].{word}: expected two or more [text, normal form] parts"
                f" whose texts spell {word!r}"
            )
        out[word] = tuple((p[0], p[1]) for p in parts)
    return out


def _resolve(
    raw: object, fields: dict[str, FieldSpec]
) -> dict[str, tuple[Resolution, tuple[Any, ...]]]:
    if not isinstance(raw, dict):
        raise KnowledgeError("[resolve]: expected a table of field = how")
    out: dict[str, tuple[Resolution, tuple[Any, ...]]] = {}
    for name, how in raw.items():
        spec = fields.get(name)
        if spec is None:
            raise KnowledgeError(f"[resolve]: {name!r} is not a case field")
        if how in ("first", "max"):
            if how == "max" and spec.kind != "integer":
                raise KnowledgeError(f"[resolve].{name}: 'max' needs a whole-number field")
            out[name] = (how, ())
        elif (
            isinstance(how, list)
            and sorted(map(str, how)) == sorted(spec.values)
            and spec.kind == "enum"
        ):
            out[name] = ("ordered", tuple(how))
        else:
            raise KnowledgeError(
                f"[resolve].{name}: expected 'first', 'max'"
                " or every value of the field in rising order"
            )
    return out


def _context(raw: object) -> tuple[ContextRule, ...]:
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{FILE}: expected a non-empty list of [[context]] tables")
    rules: list[ContextRule] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"[[context]] #{index + 1}"
        table = _table(
            item, where, ("id", "category", "direction", "phrases"), ("max_scope", "ended_by")
        )
        rule_id = table["id"]
        if not isinstance(rule_id, str) or not rule_id or rule_id in seen:
            raise KnowledgeError(f"{where}.id: expected a new, non-empty id, got {rule_id!r}")
        seen.add(rule_id)
        where = f"[[context]] {rule_id}"
        if table["category"] not in CATEGORIES:
            raise KnowledgeError(f"{where}.category: expected one of {sorted(CATEGORIES)}")
        if table["direction"] not in DIRECTIONS:
            raise KnowledgeError(f"{where}.direction: expected one of {list(DIRECTIONS)}")
        scope = table.get("max_scope")
        if scope is not None and (
            not isinstance(scope, int) or isinstance(scope, bool) or scope < 1
        ):
            raise KnowledgeError(f"{where}.max_scope: expected a whole number of at least 1")
        if (table["category"] == "terminate") != (table["direction"] == "terminate"):
            raise KnowledgeError(
                f"{where}: category and direction must both be 'terminate', or neither"
            )
        ended_by = table.get("ended_by", [])
        if not isinstance(ended_by, list) or not all(isinstance(e, str) for e in ended_by):
            raise KnowledgeError(f"{where}.ended_by: expected a list of terminate rule ids")
        rules.append(
            ContextRule(
                rule_id,
                table["category"],
                table["direction"],
                _phrases(table["phrases"], where),
                scope,
                tuple(ended_by),
            )
        )
    enders = {rule.id for rule in rules if rule.category == "terminate"}
    for rule in rules:
        for end in rule.ended_by:
            if end not in enders:
                raise KnowledgeError(
                    f"[[context]] {rule.id}.ended_by: {end!r} is not a terminate rule"
                )
    return tuple(rules)


def _concepts(
    raw: object, fields: dict[str, FieldSpec], units: dict[str, dict[str, float]]
) -> tuple[Concept, ...]:
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{FILE}: expected a non-empty list of [[concept]] tables")
    concepts: list[Concept] = []
    seen: set[str] = set()
    optional = (
        "present",
        "absent",
        "number",
        "unit",
        "estimate",
        "history_counts",
        "ignore",
        "anchor",
        "requires",
        "suppresses",
        "offset",
        "requires_all",
        "about_other",
        "history_through",
        "note",
    )
    for index, item in enumerate(raw):
        where = f"[[concept]] #{index + 1}"
        table = _table(item, where, ("id", "phrases"), optional)
        concept_id = table["id"]
        if not isinstance(concept_id, str) or not concept_id or concept_id in seen:
            raise KnowledgeError(f"{where}.id: expected a new, non-empty id, got {concept_id!r}")
        seen.add(concept_id)
        where = f"[[concept]] {concept_id}"
        present = _values(table.get("present", {}), f"{where}.present", fields)
        absent = _values(table.get("absent", {}), f"{where}.absent", fields)
        number = table.get("number")
        unit = table.get("unit")
        if number is not None and (number not in fields or fields[number].kind != "integer"):
            raise KnowledgeError(
                f"{where}.number: expected a whole-number case field, got {number!r}"
            )
        if unit is not None and (number is None or unit not in units):
            raise KnowledgeError(
                f"{where}.unit: expected one of {sorted(units)} with a number field"
            )
        flags = {
            key: table.get(key, False)
            for key in ("estimate", "history_counts", "ignore", "about_other", "history_through")
        }
        if not (present or absent or number or flags["ignore"]):
            raise KnowledgeError(f"{where}: says nothing: give present, absent, number or ignore")
        for key, flag in flags.items():
            if not isinstance(flag, bool):
                raise KnowledgeError(f"{where}.{key}: expected true or false")
        offset = table.get("offset", 0)
        if not isinstance(offset, int) or isinstance(offset, bool) or (offset and number is None):
            raise KnowledgeError(f"{where}.offset: expected a whole number, with a number field")
        if "note" in table and not isinstance(table["note"], str):
            raise KnowledgeError(f"{where}.note: expected text")
        concepts.append(
            Concept(
                concept_id,
                _phrases(table["phrases"], where),
                present,
                absent,
                number,
                unit,
                flags["estimate"],
                flags["history_counts"],
                flags["ignore"],
                _tests(table.get("anchor", []), f"{where}.anchor", fields),
                _tests(table.get("requires", []), f"{where}.requires", fields),
                tuple(table.get("suppresses", [])),
                offset,
                _tests(table.get("requires_all", []), f"{where}.requires_all", fields),
                flags["about_other"],
                flags["history_through"],
            )
        )
    known = {c.id for c in concepts}
    for concept in concepts:
        for other in concept.suppresses:
            if other not in known:
                raise KnowledgeError(
                    f"[[concept]] {concept.id}.suppresses: {other!r} is not a concept"
                )
    return tuple(concepts)


ANY = object()  # a test that only asks for the field to be there


def _tests(raw: object, where: str, fields: dict[str, FieldSpec]) -> tuple[tuple[str, Any], ...]:
    """Parse ["numbness", "weakness=progressive"]: a field, or a field with one value."""
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise KnowledgeError(f"{where}: expected a list of 'field' or 'field=value'")
    tests: list[tuple[str, Any]] = []
    for item in raw:
        name, _, text = item.partition("=")
        spec = fields.get(name)
        if spec is None:
            raise KnowledgeError(f"{where}: {name!r} is not a case field")
        value: Any = ANY
        if text:
            value = {"true": True, "false": False}.get(text, text)
            if spec.kind == "integer" or not spec.accepts(value):
                raise KnowledgeError(f"{where}: {item!r}: expected {spec.expected()}")
        tests.append((name, value))
    return tuple(tests)


def read_file(text: str) -> Lexicon:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{FILE}: not valid TOML: {exc}") from None
    return parse(raw)


@cache
def lexicon() -> Lexicon:
    """The packaged reading knowledge, loaded and checked once per process."""
    path = resources.files("crepitus.knowledge").joinpath("data", FILE)
    return read_file(path.read_text("utf-8"))
