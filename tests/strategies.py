"""Hypothesis strategies that build schema-valid cases from the contract itself."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from crepitus.contract.fields import FieldSpec, case_fields


def value_of(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.kind == "boolean":
        return st.booleans()
    if spec.kind == "integer":
        high = spec.maximum if spec.maximum is not None else 400
        return st.integers(min_value=spec.minimum or 0, max_value=high)
    if spec.kind == "enum":
        return st.sampled_from(spec.values)
    return st.lists(st.sampled_from(spec.values), unique=True, max_size=len(spec.values))


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """Any schema-valid case: age always, every other field present or unknown at random."""
    fields = case_fields()
    case: dict[str, Any] = {"age": draw(value_of(fields["age"]))}
    for name, spec in fields.items():
        if name != "age" and draw(st.booleans()):
            case[name] = draw(value_of(spec))
    return case
