"""The diary pages, through the real app in process, on a SQLite file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from crepitus.settings import Settings
from crepitus.web.app import create_app
from tests.web.forms import FIELD, csrf_token


@pytest.fixture
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("diary"))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


ENTRY_FORM = {"region": "lumbar", "pops": "2", "pain": "3"}


def add(client: TestClient, **fields: str | list[str]) -> None:
    form = {"region": "lumbar", "pops": "2", "pain": "3", FIELD: csrf_token(client), **fields}
    response = client.post("/diary", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text


def test_quick_add_saves_an_entry_and_shows_it(client: TestClient) -> None:
    add(client, pain_at_pop="yes", note="lifting the <b>kettle</b>", triggers=["lifting"])
    page = client.get("/diary?saved=1").text
    assert "Saved." in page
    assert "lifting the &lt;b&gt;kettle&lt;/b&gt;" in page
    assert "Fewer than 1 pop a week over the last 4 weeks." in page
    assert "All of those pops hurt." in page


def test_the_history_names_the_region_and_what_you_were_doing(client: TestClient) -> None:
    add(client, triggers=["getting_up", "lifting"])
    history = client.get("/diary").text.split('id="history"')[1]
    assert "Lower back" in history and "lumbar" not in history
    assert "Getting up from sitting or lying, Lifting something" in history


def test_a_new_entry_starts_where_the_last_one_popped(client: TestClient) -> None:
    assert 'value="cervical"\n    checked' in client.get("/diary").text  # Neck, first of all
    add(client, region="thoracic")
    page = client.get("/diary").text
    assert 'value="thoracic"\n    checked' in page and 'value="cervical"\n    checked' not in page


def test_a_wrong_number_keeps_everything_typed_and_says_what_to_do(client: TestClient) -> None:
    typed: dict[str, str | list[str]] = {"region": "lumbar", "pops": "", "pain": "12"}
    typed["note"] = "after the gym"
    typed |= {"at": "2026-11-02T07:15", "triggers": ["lifting"], "pain_at_pop": "yes"}
    response = client.post("/diary", data={**typed, FIELD: csrf_token(client)})
    assert response.status_code == 422
    page = response.text
    assert "<title>Error: Your pop diary" in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#pops">Enter how many pops, 1 or more.</a>' in summary
    assert '<a href="#pain">Enter your pain now as a number from 0' in summary
    assert 'id="pops-error">Enter how many pops, 1 or more.</p>' in page  # beside the field
    assert 'value="12" aria-invalid="true" aria-describedby="pain-error"' in page
    assert 'value="lumbar"\n    checked' in page
    assert ">after the gym</textarea>" in page
    assert 'value="2026-11-02T07:15"' in page
    assert 'value="lifting" checked' in page and 'value="yes" checked' in page
    assert "expected a whole number" not in page  # no programmer's words
    assert "No entries yet" in page  # and nothing was saved


def test_every_diary_form_leaves_checking_to_the_server(client: TestClient) -> None:
    add(client)
    for path in ("/diary", "/diary/1/edit"):
        page = client.get(path).text
        assert page.count("novalidate") == page.count('<form method="post" action="/diary')
        assert " min=" not in page and " required" not in page and "maxlength" not in page


def test_a_date_in_the_future_is_refused(client: TestClient) -> None:
    form = {"region": "lumbar", "pops": "2", "pain": "1", "at": "2099-01-01T10:00"}
    response = client.post("/diary", data={**form, FIELD: csrf_token(client)})
    assert response.status_code == 422
    assert "That date is in the future. Enter when it popped." in response.text
    assert 'value="2099-01-01T10:00"' in response.text
    assert "No entries yet" in response.text


def test_a_time_is_read_in_the_browsers_zone(client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    east = datetime.now(UTC) + timedelta(hours=9)  # Tokyo's clock, on a server in UTC
    at = east.strftime("%Y-%m-%dT%H:%M")
    add(client, at=at, tz="540")  # nine hours east, as enhance.js tells it
    response = client.post(
        "/diary",
        data={**ENTRY_FORM, "at": at, "tz": "0", FIELD: csrf_token(client)},
    )
    assert response.status_code == 422 and "in the future" in response.text


def test_a_long_note_is_refused_whole_never_cut(client: TestClient) -> None:
    note = "a" * 2_345
    response = client.post("/diary", data={**ENTRY_FORM, "note": note, FIELD: csrf_token(client)})
    assert response.status_code == 422
    assert "Your note is 2,345 characters long. Shorten it to 2,000" in response.text
    assert f">{note}</textarea>" in response.text
    assert 'data-max="2000"' in response.text  # enhance.js counts as you type


def test_an_entry_can_be_changed(client: TestClient) -> None:
    add(client, at="2026-11-02T07:15")
    page = client.get("/diary/1/edit").text
    assert "Save changes" in page and 'value="2026-11-02T07:15"' in page
    assert "Leave it empty" not in page  # an old entry is never moved to now by mistake
    token = {FIELD: csrf_token(client)}
    cleared = client.post(
        "/diary/1/edit", data={"region": "cervical", "pops": "1", "pain": "5", "at": "", **token}
    )
    assert cleared.status_code == 422 and "Enter when it popped." in cleared.text
    changed = client.post(
        "/diary/1/edit",
        data={"region": "cervical", "pops": "1", "pain": "5", "at": "2026-11-02T07:15", **token},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert "Neck" in client.get("/diary").text.split('id="history"')[1]


def test_an_entry_saved_unchanged_keeps_its_moment(client: TestClient) -> None:
    import re

    add(client, at="2026-11-02T07:15", tz="-300")  # typed in New York
    before = client.app.state.store.owner().get(1).at  # type: ignore[attr-defined]
    page = client.get("/diary/1/edit").text
    shown = re.search(r'name="at" type="datetime-local" value="([^"]+)"', page)
    zone = re.search(r'name="tz" value="(-?[0-9]+)" data-fixed', page)
    assert shown and zone  # the form says which zone its time is shown in
    form = {**ENTRY_FORM, "at": shown[1], "tz": zone[1], FIELD: csrf_token(client)}
    assert client.post("/diary/1/edit", data=form, follow_redirects=False).status_code == 303
    assert client.app.state.store.owner().get(1).at == before  # type: ignore[attr-defined]


def test_deleting_asks_first(client: TestClient) -> None:
    add(client, note="the one to delete")
    history = client.get("/diary").text.split('id="history"')[1]
    assert 'href="/diary/1/delete"' in history and "<form" not in history  # a link, not a post
    ask = client.get("/diary/1/delete")
    assert ask.status_code == 200
    assert "Delete this entry?" in ask.text and "the one to delete" in ask.text
    assert 'href="/diary">Keep it</a>' in ask.text
    assert client.get("/diary/1/edit").status_code == 200  # asking deleted nothing
    token = {FIELD: csrf_token(client)}
    done = client.post("/diary/1/delete", data=token, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/diary?deleted=1"
    assert "The entry is deleted." in client.get("/diary?deleted=1").text
    assert client.get("/diary/1/edit").status_code == 404
    assert client.post("/diary/1/delete", data=token).status_code == 404


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        ("/diary/abc/edit", 404, "There is no diary entry &#39;abc&#39;."),
        ("/diary/0/delete", 404, "There is no diary entry &#39;0&#39;."),
        ("/diary/99/edit", 404, "There is no diary entry 99."),
        ("/feedback", 405, "Feedback is sent from the end of a result page."),
        ("/check/confirm", 200, "Who is the check for?"),  # without a description: the start
        ("/check/step", 200, "Who is the check for?"),
        ("/check/describe", 405, "Start the check again."),
    ],
)
def test_a_form_or_a_bad_id_opened_by_its_address_gets_a_page(
    client: TestClient, path: str, status: int, says: str
) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert says in response.text
    assert "Method Not Allowed" not in response.text and "Method not allowed" not in response.text
    if status == 405:
        assert "POST" in response.headers["allow"]
        assert "<h1>This page is part of a form</h1>" in response.text


def test_the_api_still_answers_problems_in_json(client: TestClient) -> None:
    for response in (client.delete("/api/v1/health"), client.get("/api/v1/nothing")):
        assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/fhir/Questionnaire/back-popping/x").status_code == 404


def test_the_site_has_an_icon(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's signature
    page = client.get("/diary").text
    assert '<link rel="icon" href="/favicon.ico"' in page
    assert client.get("/static/favicon.svg").headers["content-type"] == "image/svg+xml"


def test_the_charts_and_the_report_are_served(client: TestClient) -> None:
    add(client)
    chart = client.get("/diary/charts/pops.svg")
    assert chart.headers["content-type"] == "image/svg+xml" and b"<svg" in chart.content
    assert client.get("/diary/charts/nothing.svg").status_code == 404
    pdf = client.get("/diary/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "crepitus" in client.get("/diary/report.html").text


def test_feedback_goes_to_the_same_store(client: TestClient) -> None:
    token = {FIELD: csrf_token(client)}
    response = client.post(
        "/feedback", data={"helpful": "yes", "triage": "self_care", "comment": "", **token}
    )
    assert response.status_code == 200 and "Thank you" in response.text
    bad = client.post("/feedback", data={"helpful": "maybe", "triage": "self_care", **token})
    assert bad.status_code == 422


def test_a_check_left_partly_unanswered_is_completed_from_the_diary(client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    from crepitus.knowledge import knowledge
    from crepitus.web.check_state import CheckState

    for days in range(25):
        at = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")
        add(client, at=at, pain_at_pop="yes", pain="3")
    # every question but the required ones skipped; the last one, pain now, answered 0
    skipped = [q.field for q in knowledge().questions if not q.required]
    state = CheckState({"age": 52}, skipped, ["age", *skipped])
    form = {"state": state.encode(), "screen": "basics:pain_score", "pain_score": "0"}
    page = client.post("/check", data={**form, FIELD: csrf_token(client)})
    assert "From your diary" in page.text
    assert "how often it pops" in page.text
    assert "See a doctor or physio soon" in page.text
