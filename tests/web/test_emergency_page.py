"""The emergency page can be acted on at once: a number to tap, and what to do while waiting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from crepitus.knowledge import knowledge
from crepitus.settings import Settings
from crepitus.web.app import create_app
from tests.web.forms import FIELD, csrf_token

STROKE_AFTER_CRACK = "I cracked my neck an hour ago and now my face is drooping on one side."


def _client(folder: Path, region: str | None) -> TestClient:
    return TestClient(create_app(Settings(data_dir=folder, region=region)))


@pytest.fixture(scope="module")
def unset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _client(tmp_path_factory.mktemp("unset"), None) as client:
        yield client


@pytest.fixture(scope="module")
def spain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _client(tmp_path_factory.mktemp("spain"), "es") as client:
        yield client


def emergency_page(client: TestClient, text: str) -> str:
    form = {"description": text, "action": "read", FIELD: csrf_token(client)}
    page = client.post("/check/describe", data=form)
    body: str = page.text
    assert "Get emergency help now" in body, text
    return body


def test_with_no_region_set_three_numbers_are_offered_each_to_tap(unset: TestClient) -> None:
    page = emergency_page(unset, STROKE_AFTER_CRACK)
    assert re.findall(r'href="tel:(\d+)"', page) == ["112", "911", "999"]
    assert "United Kingdom" in page and "Canada" in page


def test_the_region_setting_decides_the_number(spain: TestClient) -> None:
    page = emergency_page(spain, STROKE_AFTER_CRACK)
    assert re.findall(r'href="tel:(\d+)"', page) == ["112"]
    assert "in Spain" in page


def test_steps_while_waiting_follow_the_emergency(unset: TestClient) -> None:
    kb = knowledge()
    steps = {step.id: step.text for step in kb.while_waiting}
    stroke = emergency_page(unset, STROKE_AFTER_CRACK)
    assert steps["note_the_time"] in stroke and steps["no_more_neck_cracking"] in stroke
    assert steps["do_not_drive"] in stroke
    fall = emergency_page(unset, "My dad is 70. He fell off the roof and his back is agony.")
    assert steps["keep_still"] in fall and steps["do_not_drive"] in fall
    assert steps["no_more_neck_cracking"] not in fall


def test_the_steps_name_their_sources(unset: TestClient) -> None:
    page = emergency_page(unset, STROKE_AFTER_CRACK)
    assert "Where this advice comes from" in page
    assert knowledge().sources["rushton2023"].citation in page


def test_an_unknown_region_is_refused_with_the_setting_named() -> None:
    with pytest.raises(ValueError, match="region"):
        Settings(region="XX")
