"""FHIR's standard ``translation`` extension: a text's other languages, on the text itself.

A string element ``text`` gets a sibling ``_text`` carrying one extension per language::

    "text": "How old are you?",
    "_text": {"extension": [{"url": TRANSLATION, "extension": [
        {"url": "lang", "valueCode": "es"}, {"url": "content", "valueString": "¿Qué edad tiene?"}
    ]}]}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


def translated(
    element: dict[str, Any], key: str, texts: Iterable[tuple[str, str]]
) -> dict[str, Any]:
    """``element`` with the translations of its ``key`` ((language, text) pairs) attached."""
    extensions = [
        {
            "url": TRANSLATION,
            "extension": [
                {"url": "lang", "valueCode": language},
                {"url": "content", "valueString": text},
            ],
        }
        for language, text in texts
    ]
    if extensions:
        element[f"_{key}"] = {"extension": extensions}
    return element


def translations(element: dict[str, Any], key: str) -> dict[str, str]:
    """The translations attached to ``element[key]``, by language."""
    found: dict[str, str] = {}
    for extension in element.get(f"_{key}", {}).get("extension", []):
        if extension.get("url") == TRANSLATION:
            parts = {part["url"]: part for part in extension.get("extension", [])}
            found[parts["lang"]["valueCode"]] = parts["content"]["valueString"]
    return found
