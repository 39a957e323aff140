"""``crepitus assess``: one case as text or JSON, and JSON Lines in batch."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from crepitus.contract import load_schema
from tests.cli.conftest import crepitus

STRAIN = {
    "age": 41,
    "pop_region": "lumbar",
    "pop_frequency": "single",
    "pop_triggers": ["lifting"],
    "pop_sound": "crack",
    "pop_painful": True,
    "pain_score": 6,
    "pain_onset": "sudden_with_pop",
    "pain_days": 1,
    "muscle_spasm": True,
    "function_limits": ["bending"],
}


def write(tmp_path: Path, case: object) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    return str(path)


def test_assess_prints_a_readable_result(tmp_path: Path) -> None:
    done = crepitus("assess", write(tmp_path, STRAIN))
    assert done.returncode == 0, done.stderr
    assert "LOOK AFTER IT AT HOME" in done.stdout
    assert "Pulled muscle or sprain" in done.stdout
    assert "Warning-sign questions not answered" in done.stdout


def test_assess_json_fits_the_contract(tmp_path: Path) -> None:
    done = crepitus("assess", "--json", write(tmp_path, STRAIN))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    jsonschema.validate(result, load_schema("assessment"))
    assert result["triage"] == "self_care"
    assert result["conditions"][0]["id"] == "muscle_strain"


def test_assess_reads_standard_input() -> None:
    done = crepitus("assess", "--json", "-", stdin=json.dumps(STRAIN))
    assert json.loads(done.stdout)["conditions"][0]["id"] == "muscle_strain"


def test_an_invalid_case_names_the_field_and_fails(tmp_path: Path) -> None:
    done = crepitus("assess", write(tmp_path, {"age": 41, "pain_score": 15}))
    assert done.returncode == 1
    assert "pain_score: expected a whole number from 0 to 10, got 15" in done.stderr
    assert done.stdout == ""


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    done = crepitus("assess", str(tmp_path / "nope.json"))
    assert done.returncode == 2
    assert "cannot read" in done.stderr


def test_an_unknown_option_is_a_usage_error() -> None:
    assert crepitus("assess", "--fast").returncode == 2


def test_batch_writes_one_line_per_case_in_order() -> None:
    cases = [{**STRAIN, "age": age} for age in range(20, 60)]
    cases[5] = {"age": 30, "saddle_numbness": True}
    stdin = "".join(json.dumps(c) + "\n" for c in cases)
    done = crepitus("assess", "--batch", "-", stdin=stdin)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == len(cases)
    assert lines[5]["triage"] == "emergency"
    assert all(line["knowledge_version"] for line in lines)


def test_batch_reports_bad_lines_and_goes_on() -> None:
    stdin = "\n".join(
        [json.dumps(STRAIN), "{not json", json.dumps({"age": "old"}), "", json.dumps(STRAIN)]
    )
    done = crepitus("assess", "--batch", "-", stdin=stdin + "\n")
    assert done.returncode == 1
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(lines) == 4  # the blank line is passed over
    assert lines[1]["line"] == 2 and "not valid JSON" in lines[1]["error"]
    assert lines[2] == {"line": 3, "error": "age: expected a whole number from 0 to 120, got 'old'"}
    assert lines[3]["triage"] == "self_care"


def test_batch_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(json.dumps(STRAIN) + "\n" + json.dumps(STRAIN) + "\n")
    done = crepitus("assess", "--batch", str(path))
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 2


def test_knowledge_lists_every_rule_with_its_sources() -> None:
    done = crepitus("knowledge", "--json")
    data = json.loads(done.stdout)
    assert data["knowledge_version"]
    assert all(rule["sources"] for rule in data["rules"])
    assert "EM-CES-SADDLE" in {rule["id"] for rule in data["rules"]}


def test_help_does_not_load_the_engine() -> None:
    # start-up stays fast: the engine, the knowledge and rich load only when a command runs
    code = (
        "import sys\n"
        "from crepitus.cli.app import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('crepitus.engine', 'crepitus.knowledge', 'rich.console')\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
