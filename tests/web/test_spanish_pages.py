"""The check in Spanish: the pages speak it, the decisions are the English ones, and the report
is written in the language the person chooses for their doctor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from crepitus.engine.assess import engine
from crepitus.engine.interview import step
from crepitus.settings import Settings
from crepitus.web.app import create_app
from crepitus.web.check_link import step_url
from crepitus.web.check_state import CheckState
from crepitus.web.language import COOKIE
from tests.cases import BENIGN, CALM
from tests.web.forms import FIELD, token_in


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = create_app(Settings(data_dir=tmp_path_factory.mktemp("es")))
    with TestClient(app, headers={"accept-language": "es-ES,es;q=0.9"}) as test_client:
        yield test_client


def finished(case: dict[str, Any]) -> CheckState:
    """A check answered from ``case`` to its end (what the case leaves out: "Not sure")."""
    state = CheckState.new()
    while (now := step(state.answers, state.skipped)).question is not None:
        state.record_page({q.field: case.get(q.field) for q in now.questions})
    return state


def heading(page: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert found, "the page has no heading"
    return found.group(1).strip()


def test_the_first_pages_speak_spanish(client: TestClient) -> None:
    assert heading(client.get("/").text) == "¿Es normal que me cruja la espalda?"
    first = client.get(step_url(CheckState.new())).text
    assert '<html lang="es">' in first
    assert "¿Qué edad tiene?" in first and "Siguiente" in first


@pytest.mark.parametrize(
    ("case", "level", "label"),
    [
        (BENIGN, "self_care", "Puede cuidarse en casa"),
        (
            {**CALM, "age": 78, "pop_region": "lumbar", "pain_score": 7, "trauma": "minor"},
            "urgent",
            "Contacte hoy con un médico",
        ),
    ],
    ids=["benign", "older-fall"],
)
def test_a_result_in_spanish_is_the_english_decision(
    client: TestClient, case: dict[str, Any], level: str, label: str
) -> None:
    state = finished(case)
    page = client.get(step_url(state)).text
    english = engine().assess(state.answers)
    spanish = engine("es").assess(state.answers)
    assert english.triage == spanish.triage == level
    assert spanish.triage_label == label
    assert label in page and "Su resultado" in page
    for condition in spanish.conditions[:1]:
        assert condition.name in page


def test_the_emergency_page_in_spanish_offers_the_numbers_to_tap(client: TestClient) -> None:
    page = client.get(step_url(finished({**BENIGN, "saddle_numbness": True}))).text
    assert "Emergencia: pida ayuda ahora" in page
    assert 'href="tel:112"' in page and "Llame al 112" in page
    assert "Mientras espera" in page


def test_the_report_is_written_in_the_language_chosen_for_the_doctor(client: TestClient) -> None:
    token = token_in(client.get("/diary").text)
    entry = {"region": "lumbar", "pops": "3", "pain": "2", FIELD: token}
    assert client.post("/diary", data=entry).status_code == 200
    diary = client.get("/diary").text
    assert 'href="/diary/report.pdf?language=en"' in diary  # the doctor may read English
    spanish = client.get("/diary/report.html").text
    english = client.get("/diary/report.html", params={"language": "en"}).text
    assert "Parte baja de la espalda" in spanish or "parte baja de la espalda" in spanish
    assert "Lower back" in english and "parte baja" not in english
    pdf = client.get("/diary/report.pdf", params={"language": "en"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_decisions_are_the_same_whatever_the_pages_language(tmp_path: Path) -> None:
    state = finished({**CALM, "age": 70, "pain_score": 6, "cancer_history": True})
    pages = {}
    for language in ("en", "es"):
        with TestClient(create_app(Settings(data_dir=tmp_path / language))) as each:
            each.cookies.set(COOKIE, language)
            pages[language] = each.get(step_url(state)).text
    care = [re.search(r'class="care care-(\w+)"', page) for page in pages.values()]
    assert all(care) and len({found.group(1) for found in care if found}) == 1
