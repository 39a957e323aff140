"""``crepitus fhir``: the FHIR conversions on files, through the real command."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.cases import STRAIN
from tests.cli.conftest import crepitus


def test_the_questionnaire_is_printed() -> None:
    done = crepitus("fhir", "questionnaire")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["resourceType"] == "Questionnaire" and body["id"] == "back-popping"


def test_a_case_goes_to_a_response_and_back(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(STRAIN))
    response = tmp_path / "response.json"
    done = crepitus("fhir", "response", str(case), "--subject", "Patient/7", "--out", str(response))
    assert done.returncode == 0, done.stderr
    assert json.loads(response.read_text())["subject"] == {"reference": "Patient/7"}
    back = crepitus("fhir", "case", str(response))
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout) == STRAIN


def test_a_response_is_assessed_as_a_risk_assessment(tmp_path: Path) -> None:
    response = crepitus("fhir", "response", "-", stdin=json.dumps(STRAIN)).stdout
    done = crepitus("fhir", "assess", "-", stdin=response)
    assert done.returncode == 0, done.stderr
    risk = json.loads(done.stdout)
    assert risk["resourceType"] == "RiskAssessment"
    assert risk["prediction"][0]["outcome"]["coding"][0]["code"] == "muscle_strain"


def test_a_bad_response_is_refused_with_the_place_named() -> None:
    bad = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [{"linkId": "x"}],
    }
    done = crepitus("fhir", "assess", "-", stdin=json.dumps(bad))
    assert done.returncode == 1
    assert "QuestionnaireResponse" in done.stderr and "Traceback" not in done.stderr


def test_the_diary_exports_as_a_bundle(tmp_path: Path) -> None:
    env = {**os.environ, "CREPITUS_DATA_DIR": str(tmp_path / "data")}
    assert crepitus("log", "lumbar", "--pops", "3", "--pain", "2", env=env).returncode == 0
    done = crepitus("fhir", "export", "--subject", "Patient/7", env=env)
    assert done.returncode == 0, done.stderr
    bundle = json.loads(done.stdout)
    assert bundle["resourceType"] == "Bundle"
    assert len(bundle["entry"]) == 1
    assert bundle["entry"][0]["resource"]["subject"] == {"reference": "Patient/7"}
