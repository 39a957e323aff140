"""The shared contract: the JSON Schemas of a case and of an assessment."""

from crepitus.contract.case import validate_case
from crepitus.contract.fields import FieldSpec, case_fields, load_schema

__all__ = ["FieldSpec", "case_fields", "load_schema", "validate_case"]
