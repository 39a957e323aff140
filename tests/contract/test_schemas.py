from __future__ import annotations

import json

from crepitus.contract import case_fields, load_schema
from tests.conftest import shared_path


def test_the_packaged_schemas_are_the_shared_contract() -> None:
    for name in ("case", "assessment"):
        shared = json.loads(shared_path("contract", f"{name}.schema.json").read_text())
        assert load_schema(name) == shared, f"{name}.schema.json differs from the shared contract"


def test_every_schema_property_becomes_a_field_spec() -> None:
    fields = case_fields()
    assert list(fields) == list(load_schema("case")["properties"])
    assert fields["age"].required
    assert fields["pop_triggers"].kind == "set"
    assert fields["pain_score"].maximum == 10
