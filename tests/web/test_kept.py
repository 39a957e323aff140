"""'What this device keeps': the counts are the store's, and "delete everything" deletes them."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crepitus.settings import Settings
from crepitus.web.app import create_app
from tests.web.forms import FIELD, csrf_token


@pytest.fixture
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("kept"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def counts(page: str) -> dict[str, int]:
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", page)
    return {what: int(count) for what, count in rows}


def add_entry_and_feedback(client: TestClient) -> None:
    token = {FIELD: csrf_token(client)}
    entry = {"region": "lumbar", "pops": "2", "pain": "1", **token}
    assert client.post("/diary", data=entry, follow_redirects=False).status_code == 303
    note = {"helpful": "yes", "triage": "self_care", "comment": "", **token}
    assert client.post("/feedback", data=note).status_code == 200


def test_the_page_lists_what_is_kept(client: TestClient) -> None:
    assert set(counts(client.get("/kept").text).values()) == {0}
    add_entry_and_feedback(client)
    kept = counts(client.get("/kept").text)
    assert kept["Diary entries"] == 1 and kept["Feedback notes"] == 1
    assert kept["Check results you chose to keep"] == 0


def test_delete_everything_needs_the_tick_and_then_deletes_all(client: TestClient) -> None:
    add_entry_and_feedback(client)
    refused = client.post("/kept/forget", data={FIELD: csrf_token(client)})
    assert refused.status_code == 422 and "Nothing was deleted" in refused.text
    assert counts(client.get("/kept").text)["Diary entries"] == 1
    done = client.post("/kept/forget", data={"sure": "yes", FIELD: csrf_token(client)})
    assert done.status_code == 200 and "Deleted 2 records" in done.text
    assert set(counts(done.text).values()) == {0}
    assert "Delete everything" not in done.text  # nothing left to delete
