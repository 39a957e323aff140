from __future__ import annotations

import json

from crepitus.contract import case_fields, load_schema
from tests.conftest import shared_path


def _contains(ours: object, shared: object, where: str) -> list[str]:
    """Where ``ours`` fails to keep every key and value of ``shared``: the project's schemas may
    add properties and words, never rename, drop or change what the shared contract defines."""
    if isinstance(shared, dict):
        if not isinstance(ours, dict):
            return [f"{where}: not an object"]
        return [
            problem
            for key, value in shared.items()
            for problem in (
                _contains(ours[key], value, f"{where}/{key}")
                if key in ours
                else [f"{where}/{key}: missing"]
            )
        ]
    if where.endswith("/description") and isinstance(ours, str) and isinstance(shared, str):
        return [] if ours.startswith(shared) else [f"{where}: the shared wording was changed"]
    return [] if ours == shared else [f"{where}: {ours!r} is not {shared!r}"]


def test_the_packaged_schemas_contain_the_shared_contract() -> None:
    for name in ("case", "assessment"):
        shared = json.loads(shared_path("contract", f"{name}.schema.json").read_text())
        assert _contains(load_schema(name), shared, name) == []


def test_the_shared_fields_come_first_and_in_their_order() -> None:
    shared = json.loads(shared_path("contract", "case.schema.json").read_text())["properties"]
    assert list(load_schema("case")["properties"])[: len(shared)] == list(shared)


def test_the_containment_check_refuses_a_changed_or_dropped_field() -> None:
    shared = json.loads(shared_path("contract", "case.schema.json").read_text())
    ours = json.loads(json.dumps(shared))
    ours["properties"]["trauma"]["enum"] = ["none", "major"]
    del ours["properties"]["fever"]
    ours["properties"]["extra"] = {"type": "boolean"}
    assert _contains(ours, shared, "case") == [
        "case/properties/trauma/enum: ['none', 'major'] is not ['none', 'minor', 'major']",
        "case/properties/fever: missing",
    ]


def test_every_schema_property_becomes_a_field_spec() -> None:
    fields = case_fields()
    assert list(fields) == list(load_schema("case")["properties"])
    assert fields["age"].required
    assert fields["pop_triggers"].kind == "set"
    assert fields["pain_score"].maximum == 10
