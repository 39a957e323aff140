"""The case fields, read from the packaged copy of ``case.schema.json``.

The schema is the one source of truth for field names, types and allowed values: the knowledge
loader checks rules against it and the case validator is built from it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

from crepitus.errors import KnowledgeError

Kind = Literal["integer", "boolean", "enum", "set"]
Value = bool | int | str


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """What one case field may hold."""

    name: str
    kind: Kind
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    description: str = ""
    required: bool = False

    def expected(self) -> str:
        """Say in words what the field accepts, for error messages."""
        if self.kind == "boolean":
            return "true or false"
        if self.kind == "integer":
            low = "" if self.minimum is None else f" from {self.minimum}"
            high = "" if self.maximum is None else f" to {self.maximum}"
            return f"a whole number{low}{high}"
        listed = ", ".join(self.values)
        if self.kind == "enum":
            return f"one of: {listed}"
        return f"a list of distinct values from: {listed}"

    def accepts(self, value: object) -> bool:
        """Whether a single value is allowed (for a set field: one member of the set)."""
        if self.kind == "boolean":
            return isinstance(value, bool)
        if self.kind == "integer":
            return (
                isinstance(value, int)
                and not isinstance(value, bool)
                and (self.minimum is None or value >= self.minimum)
                and (self.maximum is None or value <= self.maximum)
            )
        return isinstance(value, str) and value in self.values


@cache
def load_schema(name: Literal["case", "assessment"]) -> dict[str, Any]:
    """The packaged copy of a contract schema."""
    text = resources.files("crepitus.contract").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _spec(name: str, prop: dict[str, Any], required: bool) -> FieldSpec:
    description = str(prop.get("description", ""))
    if "enum" in prop:
        return FieldSpec(
            name, "enum", tuple(prop["enum"]), description=description, required=required
        )
    kind = prop.get("type")
    if kind == "boolean":
        return FieldSpec(name, "boolean", description=description, required=required)
    if kind == "integer":
        return FieldSpec(
            name,
            "integer",
            minimum=prop.get("minimum"),
            maximum=prop.get("maximum"),
            description=description,
            required=required,
        )
    if kind == "array" and "enum" in prop.get("items", {}):
        return FieldSpec(name, "set", tuple(prop["items"]["enum"]), description=description)
    raise KnowledgeError(f"case.schema.json: field {name!r} has a shape crepitus does not know")


@cache
def case_fields() -> dict[str, FieldSpec]:
    """Every case field by name, in schema order."""
    schema = load_schema("case")
    required = set(schema.get("required", []))
    return {
        name: _spec(name, prop, name in required) for name, prop in schema["properties"].items()
    }
