"""Language packs: the knowledge's texts in another language, as data beside the English.

A pack is a folder ``knowledge/data/locales/<code>/`` holding ``pack.toml`` (what the pack is)
and one file per English knowledge file with person-facing text, keyed by the same ids::

    # rules.toml
    [rule.EM-CES-SADDLE]
    message = "..."

The loader is as strict as the English one. It refuses, naming the file and the key: an unknown
file, table or key; an id the English does not have; a text whose placeholders (``{name}``) or
numbers differ from the English; a pack written for another knowledge version; and, in a pack
that says ``complete = true``, any missing text. An incomplete pack loads for inspection
(``load_pack``) but is never served (``localized`` refuses it).

``qps`` is a pseudo-language built from the English: every text wrapped as ``⟦…⟧``, so that a
test can spot any text on a page that did not come through the seam.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any

from crepitus.errors import KnowledgeError
from crepitus.knowledge.loader import data_dir
from crepitus.knowledge.model import Knowledge
from crepitus.knowledge.texts import Key, Text, Texts, english_texts, with_texts

ENGLISH = "en"
PSEUDO = "qps"
"""The pseudo-language's code (ISO 639 keeps qaa to qtz for local use)."""

PACK_KEYS = ("language", "name", "english_name", "knowledge_version", "complete", "address")
EXTRA_FILES = ("pack.toml", "glossary.toml")
"""Files in a pack folder that hold no knowledge texts (the glossary is for translators)."""

# what must survive translation unchanged: placeholders, and numbers (a dose, a number of hours)
MARKS = re.compile(r"\{[^{}]*\}|\d+")


@dataclass(frozen=True, slots=True)
class Pack:
    """A language pack as read: its description and its texts."""

    language: str
    name: str
    english_name: str
    knowledge_version: str
    complete: bool
    address: str  # the form of address, e.g. "usted"; chosen once for the whole pack
    texts: Texts
    missing: tuple[str, ...]  # "rules.toml rule.X.message" for each text still in English

    def apply(self, english: Knowledge) -> Knowledge:
        """The knowledge with this pack's texts (any missing one stays English): for
        inspecting a pack, never for serving one (see ``served``)."""
        return with_texts(english, self.texts, self.language)

    def served(self, english: Knowledge) -> Knowledge:
        """The knowledge in this language, for people to read: only from a complete pack."""
        if not self.complete:
            first = f", first {self.missing[0]}" if self.missing else ""
            raise KnowledgeError(
                f"locales/{self.language}/pack.toml: the pack says complete = false, so it"
                f" cannot be served ({len(self.missing)} texts missing{first})"
            )
        return self.apply(english)


def locales_dir() -> Traversable:
    return data_dir().joinpath("locales")


def available() -> tuple[str, ...]:
    """The languages that can be served: English and each complete pack, by code."""
    codes = [ENGLISH]
    for folder in sorted(locales_dir().iterdir(), key=lambda f: f.name):
        pack = folder.joinpath("pack.toml")
        if pack.is_file() and tomllib.loads(pack.read_text("utf-8")).get("complete") is True:
            codes.append(folder.name)
    return tuple(codes)


def localized(english: Knowledge, language: str) -> Knowledge:
    """The knowledge in ``language``: English as it is, the pseudo-language, or a complete pack."""
    if language == ENGLISH:
        return english
    if language == PSEUDO:
        return pseudo(english)
    folder = locales_dir().joinpath(language)
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Z]{2})?", language) or not folder.is_dir():
        raise KnowledgeError(
            f"locales/{language}: no such language pack; available: {', '.join(available())}"
        )
    return load_pack(folder, english).served(english)


def pseudo(english: Knowledge) -> Knowledge:
    """Every text wrapped as ``⟦…⟧`` (placeholders and numbers kept, being inside)."""
    return with_texts(
        english,
        {
            key: {name: _wrap(text) for name, text in entry.items()}
            for key, entry in english_texts(english).items()
        },
        PSEUDO,
    )


def _wrap(text: Text) -> Text:
    if isinstance(text, str):
        return f"⟦{text}⟧"
    if isinstance(text, tuple):
        return tuple(f"⟦{line}⟧" for line in text)
    return {value: f"⟦{label}⟧" for value, label in text.items()}


def load_pack(folder: Traversable, english: Knowledge) -> Pack:
    """Read and check the pack in ``folder`` against the English knowledge."""
    where = f"locales/{folder.name}"
    meta = _read(folder.joinpath("pack.toml"), f"{where}/pack.toml")
    if meta is None:
        raise KnowledgeError(f"{where}/pack.toml: missing")
    _keys(meta, PACK_KEYS, PACK_KEYS, f"{where}/pack.toml")
    for key in PACK_KEYS:
        if key != "complete" and (not isinstance(meta[key], str) or not meta[key].strip()):
            raise KnowledgeError(f"{where}/pack.toml.{key}: expected non-empty text")
    if not isinstance(meta["complete"], bool):
        raise KnowledgeError(f"{where}/pack.toml.complete: expected true or false")
    if meta["language"] != folder.name:
        raise KnowledgeError(
            f"{where}/pack.toml.language: {meta['language']!r} is not the folder's name"
        )
    if meta["knowledge_version"] != english.version:
        raise KnowledgeError(
            f"{where}/pack.toml.knowledge_version: the pack translates"
            f" {meta['knowledge_version']!r}, but the knowledge is {english.version!r};"
            " check what changed, update the texts, then the version"
        )
    reader = _PackReader(english_texts(english), where)
    for item in folder.iterdir():
        name = item.name
        if name not in EXTRA_FILES and name.removesuffix(".toml") not in reader.files:
            raise KnowledgeError(
                f"{where}/{name}: not a pack file; expected {sorted(reader.files)} (.toml)"
            )
    for file in sorted(reader.files):
        raw = _read(folder.joinpath(f"{file}.toml"), f"{where}/{file}.toml")
        if raw is not None:
            reader.read(file, raw)
    missing = reader.missing()
    if meta["complete"] and missing:
        raise KnowledgeError(
            f"{missing[0]}: missing, and the pack says complete = true"
            f" ({len(missing)} texts missing in all)"
        )
    return Pack(
        language=meta["language"],
        name=meta["name"],
        english_name=meta["english_name"],
        knowledge_version=meta["knowledge_version"],
        complete=meta["complete"],
        address=meta["address"],
        texts=reader.texts,
        missing=tuple(missing),
    )


def _read(path: Traversable, where: str) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return None
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{where}: not valid TOML: {exc}") from None


def _keys(
    table: object, allowed: tuple[str, ...] | set[str], required: tuple[str, ...], where: str
) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise KnowledgeError(f"{where}: expected a table")
    unknown = set(table) - set(allowed)
    if unknown:
        raise KnowledgeError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(allowed)}"
        )
    absent = [key for key in required if key not in table]
    if absent:
        raise KnowledgeError(f"{where}: missing key(s) {absent}")
    return table


class _PackReader:
    """Checks each text of a pack against the English one with the same key."""

    def __init__(self, english: Texts, where: str) -> None:
        self.english = english
        self.where = where
        self.files = {file for file, _, _ in english}
        self.texts: Texts = {}

    def read(self, file: str, raw: dict[str, Any]) -> None:
        tables = {table for f, table, _ in self.english if f == file}
        _keys(raw, tables, (), f"{self.where}/{file}.toml")
        for table, items in raw.items():
            at = f"{self.where}/{file}.toml {table}"
            if not isinstance(items, dict):
                raise KnowledgeError(f"{at}: expected [{table}.<id>] tables")
            for item_id, entry in items.items():
                key: Key = (file, table, item_id)
                if key not in self.english:
                    raise KnowledgeError(
                        f"{at}.{item_id}: the English knowledge has no {table} {item_id!r}"
                    )
                english = self.english[key]
                _keys(entry, set(english), (), f"{at}.{item_id}")
                self.texts[key] = {
                    name: _translation(value, english[name], f"{at}.{item_id}.{name}")
                    for name, value in entry.items()
                }

    def missing(self) -> list[str]:
        return [
            f"{self.where}/{file}.toml {table}.{item_id}.{name}"
            for (file, table, item_id), english in self.english.items()
            for name in english
            if name not in self.texts.get((file, table, item_id), {})
        ]


def _translation(value: object, english: Text, where: str) -> Text:
    """A translated text of the same shape as the English, with the same marks."""
    if isinstance(english, str):
        return _line(value, english, where)
    if isinstance(english, tuple):
        if not isinstance(value, list) or len(value) != len(english):
            raise KnowledgeError(f"{where}: expected a list of {len(english)} texts, as in English")
        return tuple(
            _line(v, e, f"{where}[{i}]")
            for i, (v, e) in enumerate(zip(value, english, strict=True))
        )
    labels = _keys(value, set(english), tuple(english), where)
    return {
        option: _line(labels[option], english[option], f"{where}.{option}") for option in english
    }


def _line(value: object, english: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{where}: expected non-empty text, got {value!r}")
    text = " ".join(value.split())
    if Counter(MARKS.findall(text)) != Counter(MARKS.findall(english)):
        raise KnowledgeError(
            f"{where}: placeholders or numbers differ from the English:"
            f" {sorted(MARKS.findall(text))} here, {sorted(MARKS.findall(english))} in English"
        )
    return text
