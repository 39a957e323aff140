"""The partition function: results equal crepitus.assess, every input form, malformed rows kept."""

from __future__ import annotations

from typing import Any

import orjson
import pyarrow as pa
import pytest

import crepitus
from crepitus.batch import OUTPUT_SCHEMA, Part, score_arrow, score_partition
from crepitus.batch.score import unwrap
from crepitus.interop.fhir.response import case_to_response
from tests.batch.helpers import arrow_type, csv_text, generated
from tests.cases import BENIGN, STRAIN
from tests.conftest import dev_vignettes

RESULT_COLUMNS = [
    name for name in OUTPUT_SCHEMA.names if name not in {"row", "id", "knowledge_version"}
]


def score_jsonl(records: list[Any], first: int = 1) -> list[dict[str, Any]]:
    lines = [record if isinstance(record, bytes) else orjson.dumps(record) for record in records]
    batch = score_partition(Part(0, first, "jsonl", b"\n".join(lines), len(lines)))
    assert batch.schema.equals(OUTPUT_SCHEMA)
    rows: list[dict[str, Any]] = batch.to_pylist()
    return rows


def score_csv(text: str, first: int = 1) -> list[dict[str, Any]]:
    payload = text.encode()
    batch = score_partition(Part(0, first, "csv", payload, 0))
    assert batch.schema.equals(OUTPUT_SCHEMA)
    rows: list[dict[str, Any]] = batch.to_pylist()
    return rows


def results(row: dict[str, Any]) -> dict[str, Any]:
    """What a row says about the case (not where it was, nor what it was called)."""
    return {name: row[name] for name in RESULT_COLUMNS}


def expected_row(case: dict[str, Any]) -> dict[str, Any]:
    """The result columns ``crepitus.assess`` gives for ``case``."""
    assessment = crepitus.assess(case)
    row: dict[str, Any] = {"triage": assessment.triage}
    for n in range(3):
        known = n < len(assessment.conditions)
        row[f"condition_{n + 1}"] = assessment.conditions[n].id if known else None
        row[f"condition_{n + 1}_score"] = assessment.conditions[n].score if known else None
    row["red_flags"] = [rule.id for rule in assessment.red_flags]
    row["advice"] = [advice.id for advice in assessment.advice]
    row["error"] = None
    return row


# -- fidelity ------------------------------------------------------------------------------------


def test_dev_vignettes_score_as_assess_does() -> None:
    vignettes = dev_vignettes()
    rows = score_jsonl(vignettes)  # the vignettes' own {"id", "case", ...} form
    assert len(rows) == len(vignettes)
    for position, (row, vignette) in enumerate(zip(rows, vignettes, strict=True), start=1):
        assessment = crepitus.assess(vignette["case"])
        assert row["row"] == position
        assert row["id"] == vignette["id"]
        assert row["error"] is None
        assert row["triage"] == assessment.triage == vignette["expect"]["triage"]
        top = assessment.conditions[:3]
        assert [row[f"condition_{n}"] for n in range(1, len(top) + 1)] == [c.id for c in top]
        assert [row[f"condition_{n}_score"] for n in range(1, len(top) + 1)] == [
            c.score for c in top
        ]
        for n in range(len(top) + 1, 4):
            assert row[f"condition_{n}"] is None
            assert row[f"condition_{n}_score"] is None
        assert row["red_flags"] == [rule.id for rule in assessment.red_flags]
        assert row["advice"] == [advice.id for advice in assessment.advice]
        assert row["knowledge_version"] == assessment.knowledge_version
        assert row["knowledge_version"]


def test_generated_cases_score_as_assess_does() -> None:
    cases = generated(200, seed=11)
    rows = score_jsonl(cases)
    for row, case in zip(rows, cases, strict=True):
        plain = {k: v for k, v in case.items() if k != "id"}
        assert results(row) == expected_row(plain)
        assert row["id"] == case["id"]


def test_positions_count_from_the_partitions_first_row() -> None:
    rows = score_jsonl([BENIGN, STRAIN, BENIGN], first=20_001)
    assert [row["row"] for row in rows] == [20_001, 20_002, 20_003]
    assert [row["id"] for row in rows] == [None, None, None]


def test_ids_are_kept_as_text() -> None:
    rows = score_jsonl([{"id": 7, **BENIGN}, {"id": "a-1", **BENIGN}, {"id": None, **BENIGN}])
    assert [row["id"] for row in rows] == ["7", "a-1", None]
    assert all(row["error"] is None for row in rows)


# -- input forms ---------------------------------------------------------------------------------


def test_unwrap_reads_each_form_of_record() -> None:
    assert unwrap(BENIGN) == (None, BENIGN)
    assert unwrap({"id": "x", **BENIGN}) == ("x", BENIGN)
    assert unwrap({"id": "v1", "case": BENIGN, "expect": {}}) == ("v1", BENIGN)
    response = case_to_response(STRAIN, subject="Patient/1")
    row_id, case = unwrap({"id": "r1", **response})
    assert row_id == "r1"
    assert case == STRAIN
    assert unwrap([1, 2]) == (None, [1, 2])


def test_wrapper_and_fhir_response_score_like_the_plain_case() -> None:
    response = case_to_response(STRAIN, subject="Patient/1", authored="2026-01-02")
    rows = score_jsonl([STRAIN, {"id": "w", "case": STRAIN}, {**response, "id": "f"}])
    assert [row["id"] for row in rows] == [None, "w", "f"]
    assert results(rows[0]) == results(rows[1]) == results(rows[2]) == expected_row(STRAIN)


def test_fhir_response_with_an_empty_multi_answer_reads_as_none_of_these() -> None:
    case = {**BENIGN, "pop_triggers": []}
    rows = score_jsonl([case, case_to_response(case)])
    assert results(rows[0]) == results(rows[1]) == expected_row(case)


def test_score_arrow_reads_nulls_as_unanswered_and_list_columns_as_lists() -> None:
    cases = [BENIGN, STRAIN, {"age": 50}]
    names = ["age", "sex", "pop_triggers", "pop_painful", "pain_score"]
    data = {name: [case.get(name) for case in cases] for name in names}
    data["id"] = ["a", None, "c"]
    schema = pa.schema([pa.field(n, arrow_type(n)) for n in [*names, "id"]])
    batch = pa.RecordBatch.from_pydict(data, schema=schema)
    out = score_arrow(batch, first_row=5).to_pylist()
    assert [row["row"] for row in out] == [5, 6, 7]
    assert [row["id"] for row in out] == ["a", None, "c"]
    for row, case in zip(out, cases, strict=True):
        assert results(row) == expected_row({k: v for k, v in case.items() if k in names})


def test_score_arrow_of_no_rows_is_an_empty_batch() -> None:
    batch = pa.RecordBatch.from_pydict({"age": pa.array([], pa.int64())})
    out = score_arrow(batch)
    assert out.num_rows == 0
    assert out.schema.equals(OUTPUT_SCHEMA)


# -- CSV cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("true", True),
        ("false", False),
        ("yes", True),
        ("no", False),
        ("1", True),
        ("0", False),
        ("TRUE", True),
        (" No ", False),
    ],
)
def test_csv_booleans(cell: str, value: bool) -> None:
    rows = score_csv(csv_text(["age", "night_pain", "pain_score"], [["60", cell, "5"]]))
    assert results(rows[0]) == expected_row({"age": 60, "night_pain": value, "pain_score": 5})


def test_csv_lists_as_separated_text_or_json_arrays() -> None:
    header = ["id", "age", "pop_triggers", "pain_radiation"]
    rows = score_csv(
        csv_text(
            header,
            [
                ["a", "30", "bending;twisting", ""],
                ["b", "30", '["bending", "twisting"]', "[]"],
                ["c", "30", " bending ; twisting ;", ""],
            ],
        )
    )
    assert [row["id"] for row in rows] == ["a", "b", "c"]
    plain = expected_row({"age": 30, "pop_triggers": ["bending", "twisting"]})
    assert results(rows[0]) == results(rows[2]) == plain
    empty = {"age": 30, "pop_triggers": ["bending", "twisting"], "pain_radiation": []}
    assert results(rows[1]) == expected_row(empty)


def test_csv_empty_cells_are_unanswered() -> None:
    header = ["age", "sex", "night_pain", "pain_score", "pop_triggers"]
    rows = score_csv(csv_text(header, [["45", "", "", "", ""], ["45", "male", "", "", ""]]))
    assert results(rows[0]) == expected_row({"age": 45})
    assert results(rows[1]) == expected_row({"age": 45, "sex": "male"})
    assert [row["id"] for row in rows] == [None, None]


def test_csv_with_a_byte_order_mark_reads_its_first_column() -> None:
    rows = score_csv("\ufeffage,sex\n30,male\n")
    assert results(rows[0]) == expected_row({"age": 30, "sex": "male"})


# -- malformed rows ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "named"),
    [
        (b'{"age": 30,', "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b"42", "JSON object"),
        (b"null", "JSON object"),
        (b'{"age": 30, "pop_painful": "maybe"}', "pop_painful"),
        (b'{"age": 30, "sex": "robot"}', "sex"),
        (b'{"age": "thirty"}', "age"),
        (b'{"age": 30, "pop_painfull": true}', "pop_painfull: unknown field"),
        (b'{"sex": "male"}', "age: required"),
        (b'{"id": "w", "case": {"age": 30, "fever": 1}}', "fever"),
    ],
)
def test_a_malformed_line_is_kept_with_its_problem_named(line: bytes, named: str) -> None:
    good = orjson.dumps(BENIGN)
    rows = score_jsonl([good, line, good])
    assert [row["row"] for row in rows] == [1, 2, 3]
    bad = rows[1]
    assert named in bad["error"]
    assert bad["knowledge_version"] == crepitus.assess(BENIGN).knowledge_version
    assert all(bad[name] is None for name in RESULT_COLUMNS if name != "error")
    assert results(rows[0]) == results(rows[2]) == expected_row(BENIGN)


def test_a_fhir_response_that_cannot_be_read_names_its_problem() -> None:
    response = {**case_to_response(BENIGN), "status": "entered-in-error", "id": "r9"}
    other_form = {**case_to_response(BENIGN), "questionnaire": "https://example.org/Q|1"}
    rows = score_jsonl([response, other_form])
    assert rows[0]["id"] == "r9"
    assert "status" in rows[0]["error"]
    assert "questionnaire" in rows[1]["error"].lower()
    assert rows[0]["triage"] is rows[1]["triage"] is None


def test_a_json_string_line_is_named_as_not_an_object() -> None:
    rows = score_jsonl([b'"age: 30"'])
    assert "JSON object" in rows[0]["error"]


def test_a_carriage_return_inside_a_json_record_is_whitespace() -> None:
    rows = score_jsonl([b'{"age": 30,\r "sex": "male"}'])
    assert len(rows) == 1
    assert results(rows[0]) == expected_row({"age": 30, "sex": "male"})


def test_a_csv_row_with_the_wrong_number_of_cells_is_kept() -> None:
    text = "id,age,sex\na,30,male\nb,31\nc,32,female,extra\nd,33,other\n"
    rows = score_csv(text)
    assert [row["row"] for row in rows] == [1, 2, 3, 4]
    assert [row["error"] for row in rows[1:3]] == [
        "expected 3 cells as in the header, got 2",
        "expected 3 cells as in the header, got 4",
    ]
    assert rows[0]["triage"] is not None
    assert rows[3]["triage"] is not None
    assert rows[0]["id"] == "a"
    assert rows[3]["id"] == "d"


@pytest.mark.parametrize(
    ("cells", "named"),
    [
        (["thirty", ""], "age"),
        (["30", "maybe"], "night_pain"),
        (["", "true"], "age: required"),
    ],
)
def test_a_bad_csv_cell_names_its_column(cells: list[str], named: str) -> None:
    rows = score_csv(csv_text(["age", "night_pain"], [cells]))
    assert named in rows[0]["error"]
    assert rows[0]["triage"] is None


def test_an_unknown_csv_column_is_named() -> None:
    rows = score_csv(csv_text(["age", "colour"], [["30", "blue"], ["30", ""]]))
    assert "colour: unknown field" in rows[0]["error"]
    assert rows[1]["error"] is None  # an empty cell of it is no answer at all
