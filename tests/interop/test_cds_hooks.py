"""The CDS Hooks service, through the real app, checked against the specification (1.0/2.0).

Decisions the tests pin down: a prefetch value of null means the EHR had no data (no card); an
absent backPopping key means it was not fetched, so we search fhirServer, or answer 412 without
one; a response about another patient is refused, never shown.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from crepitus.engine.assess import assess
from crepitus.interop import cds_hooks
from crepitus.interop.fhir.common import QUESTIONNAIRE_URL
from crepitus.interop.fhir.response import case_to_response
from crepitus.knowledge import knowledge
from crepitus.settings import Settings
from crepitus.web.app import create_app

SERVICE = f"/cds-services/{cds_hooks.SERVICE_ID}"
EMERGENCY = {"age": 58, "saddle_numbness": True}
URGENT = {"age": 58, "pop_region": "lumbar", "pain_score": 5, "fever": True}
SELF_CARE = {"age": 30, "pop_region": "cervical", "pain_score": 0}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("cds"),
        max_body_bytes=262_144,
        cds_fhir_servers=[],  # each test allows the fake EHR it starts (the `fhir` fixture)
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def nulls(node: object, where: str = "$") -> list[str]:
    """Every place in a JSON document that holds null."""
    if node is None:
        return [where]
    if isinstance(node, dict):
        return [n for key, value in node.items() for n in nulls(value, f"{where}.{key}")]
    if isinstance(node, list):
        return [n for i, value in enumerate(node) for n in nulls(value, f"{where}[{i}]")]
    return []


def post(client: TestClient, body: object, path: str = SERVICE) -> tuple[int, dict[str, Any]]:
    """Call the service; every answer, whatever its status, is JSON without a null."""
    response = client.post(path, json=body)
    answer = response.json()
    assert nulls(answer) == [], f"nulls in the answer: {nulls(answer)}"
    return response.status_code, answer


def questionnaire_response(
    case: dict[str, Any], authored: str = "2026-03-02T09:30:00Z", patient: str = "123"
) -> dict[str, Any]:
    return case_to_response(case, subject=f"Patient/{patient}", authored=authored)


def searchset(*responses: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(responses),
        "entry": [{"resource": r, "search": {"mode": "match"}} for r in responses],
    }


def call(prefetch: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/7", "patientId": "123"},
        **extra,
    }
    if prefetch is not None:
        body["prefetch"] = prefetch
    return body


def one_card(answer: dict[str, Any]) -> dict[str, Any]:
    assert set(answer) == {"cards"} and len(answer["cards"]) == 1
    card: dict[str, Any] = answer["cards"][0]
    return card


# --- discovery ---------------------------------------------------------------------------------


def test_discovery_lists_the_patient_view_service(client: TestClient) -> None:
    response = client.get("/cds-services")
    assert response.status_code == 200
    body = response.json()
    assert nulls(body) == []
    [service] = body["services"]
    assert service["hook"] == "patient-view"
    assert service["id"] == cds_hooks.SERVICE_ID
    assert service["description"] and service["title"]


def test_prefetch_templates_use_the_patient_in_context(client: TestClient) -> None:
    [service] = client.get("/cds-services").json()["services"]
    prefetch = service["prefetch"]
    assert prefetch["patient"] == "Patient/{{context.patientId}}"
    search = prefetch["backPopping"]
    assert search.startswith("QuestionnaireResponse?")
    query = parse_qs(urlsplit(search).query)
    assert query["subject"] == ["Patient/{{context.patientId}}"]
    assert query["questionnaire"] == [QUESTIONNAIRE_URL]
    assert query["status"] == ["completed"] and query["_sort"] == ["-authored"]
    assert "backPopping" in service["description"]  # what the prefetch holds is documented


def test_the_routes_are_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert paths["/cds-services"]["get"]["operationId"] == "cds_discovery"
    assert paths["/cds-services/{service_id}"]["post"]["operationId"] == "cds_service"


# --- cards -------------------------------------------------------------------------------------


def test_an_emergency_response_is_a_critical_card(client: TestClient) -> None:
    prefetch = {"backPopping": searchset(questionnaire_response(EMERGENCY))}
    status, answer = post(client, call(prefetch))
    assert status == 200
    card = one_card(answer)
    assert card["indicator"] == "critical"
    assert len(card["summary"]) < 140
    assert card["summary"] == "Back popping check: Emergency: get help now"
    assert card["source"]["label"] == cds_hooks.SOURCE_LABEL
    assert card["source"]["url"] == "http://testserver/learn"
    [link] = card["links"]
    top = assess(EMERGENCY).conditions[0]
    assert link == {
        "label": top.name,
        "url": f"http://testserver/learn/conditions/{top.id}",
        "type": "absolute",
    }
    rule = next(r for r in knowledge().rules if r.id == "EM-CES-SADDLE")
    assert rule.message in card["detail"]
    assert knowledge().levels["emergency"].action in card["detail"]


def test_the_learn_link_of_a_card_opens_a_learn_page(client: TestClient) -> None:
    prefetch = {"backPopping": searchset(questionnaire_response(URGENT))}
    card = one_card(post(client, call(prefetch))[1])
    path = urlsplit(card["links"][0]["url"]).path
    assert path.startswith("/learn/conditions/")
    assert client.get(path).status_code == 200


def test_an_urgent_response_is_a_warning_card(client: TestClient) -> None:
    prefetch = {"backPopping": searchset(questionnaire_response(URGENT))}
    card = one_card(post(client, call(prefetch))[1])
    assert card["indicator"] == "warning"
    assert card["summary"] == "Back popping check: Contact a doctor today"


def test_a_self_care_response_is_an_info_card(client: TestClient) -> None:
    assert assess(SELF_CARE).triage == "self_care"
    prefetch = {"backPopping": searchset(questionnaire_response(SELF_CARE))}
    card = one_card(post(client, call(prefetch))[1])
    assert card["indicator"] == "info"
    assert len(card["summary"]) < 140


def test_a_bare_questionnaire_response_is_accepted(client: TestClient) -> None:
    prefetch = {"backPopping": questionnaire_response(URGENT)}
    assert one_card(post(client, call(prefetch))[1])["indicator"] == "warning"


@pytest.mark.parametrize("level", ["self_care", "see_doctor", "urgent", "emergency"])
def test_every_level_has_a_short_summary_and_a_known_indicator(level: str) -> None:
    examples = [{"age": 40, **r.example} for r in knowledge().rules if r.level == level]
    assessment = assess(examples[0] if examples else SELF_CARE)
    assert assessment.triage == level
    [card] = cds_hooks.cards(assessment, "https://crepitus.example/")
    assert len(card["summary"]) < 140
    assert card["indicator"] in ("info", "warning", "critical")
    assert card["links"][0]["url"].startswith("https://crepitus.example/learn/conditions/")
    assert nulls(card) == []


def test_the_newest_response_in_a_bundle_is_used(client: TestClient) -> None:
    older = questionnaire_response(EMERGENCY, authored="2025-11-20T08:00:00Z")
    newer = questionnaire_response(SELF_CARE, authored="2026-02-01T10:00:00+01:00")
    for bundle in (searchset(older, newer), searchset(newer, older)):
        card = one_card(post(client, call({"backPopping": bundle}))[1])
        assert card["indicator"] == "info"


def test_responses_to_other_questionnaires_or_not_completed_are_ignored(
    client: TestClient,
) -> None:
    other = {**questionnaire_response(EMERGENCY), "questionnaire": "https://x.example/Q/other"}
    unfinished = {**questionnaire_response(EMERGENCY), "status": "in-progress"}
    status, answer = post(client, call({"backPopping": searchset(other, unfinished)}))
    assert (status, answer) == (200, {"cards": []})


def test_the_same_call_gives_the_same_card(client: TestClient) -> None:
    prefetch = {"backPopping": searchset(questionnaire_response(URGENT))}
    first = one_card(post(client, call(prefetch))[1])
    again = one_card(post(client, call(prefetch))[1])
    other = one_card(post(client, {**call(prefetch), "hookInstance": "another"})[1])
    assert first == again
    assert first["uuid"] != other["uuid"]


# --- nothing to say ----------------------------------------------------------------------------


def test_an_empty_bundle_has_no_card(client: TestClient) -> None:
    status, answer = post(client, call({"backPopping": searchset()}))
    assert (status, answer) == (200, {"cards": []})


def test_a_null_prefetch_means_no_answers_and_no_card(client: TestClient) -> None:
    # the specification: a null prefetch value means the EHR has no data for it
    status, answer = post(client, call({"patient": None, "backPopping": None}))
    assert (status, answer) == (200, {"cards": []})


def test_an_absent_prefetch_without_a_fhir_server_is_412(client: TestClient) -> None:
    for body in (call(), call({"patient": {"resourceType": "Patient", "id": "123"}})):
        status, answer = post(client, body)
        assert status == 412
        assert "backPopping" in answer["detail"] and "fhirServer" in answer["detail"]


def test_a_prefetch_the_ehr_could_not_fetch_is_missing(client: TestClient) -> None:
    # an OperationOutcome in place of the data: the EHR tried and failed, as if it were absent
    outcome = {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": "error", "code": "timeout", "diagnostics": "search timed out"}],
    }
    status, _ = post(client, call({"backPopping": outcome}))
    assert status == 412


# --- searching the EHR's FHIR server -----------------------------------------------------------


class FakeFhir:
    """A FHIR server on loopback that answers every search with ``bundle``."""

    def __init__(self) -> None:
        self.bundle: object = searchset()
        self.status = 200
        self.seen: list[dict[str, str]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.seen.append(
                    {"path": self.path, "authorization": self.headers.get("Authorization", "")}
                )
                data = json.dumps(fake.bundle).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/fhir+json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/fhir"


@contextmanager
def running() -> Iterator[FakeFhir]:
    fake = FakeFhir()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def fhir(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeFhir]:
    """A fake EHR, and the service allowed to search it (exactly its base URL)."""
    with running() as fake:
        monkeypatch.setattr(client.app.state.settings, "cds_fhir_servers", [fake.url])  # type: ignore[attr-defined]
        yield fake


def test_without_prefetch_the_fhir_server_is_searched_with_the_bearer_token(
    client: TestClient, fhir: FakeFhir
) -> None:
    fhir.bundle = searchset(questionnaire_response(EMERGENCY))
    body = call(fhirServer=fhir.url, fhirAuthorization=token("secret-token"))
    status, answer = post(client, body)
    assert status == 200
    assert one_card(answer)["indicator"] == "critical"
    [seen] = fhir.seen
    assert seen["authorization"] == "Bearer secret-token"
    url = urlsplit(seen["path"])
    assert url.path == "/fhir/QuestionnaireResponse"
    query = parse_qs(url.query)
    assert query["subject"] == ["Patient/123"]
    assert query["questionnaire"] == [QUESTIONNAIRE_URL]


def test_a_prefetch_that_is_given_is_used_without_searching(
    client: TestClient, fhir: FakeFhir
) -> None:
    body = call({"backPopping": searchset()}, fhirServer=fhir.url)
    assert post(client, body) == (200, {"cards": []})
    assert fhir.seen == []


def test_a_fhir_server_without_answers_gives_no_card(client: TestClient, fhir: FakeFhir) -> None:
    assert post(client, call(fhirServer=fhir.url)) == (200, {"cards": []})
    assert fhir.seen[0]["authorization"] == ""


def test_a_fhir_server_that_refuses_is_502(client: TestClient, fhir: FakeFhir) -> None:
    fhir.status = 401
    fhir.bundle = {"resourceType": "OperationOutcome", "issue": []}
    status, answer = post(client, call(fhirServer=fhir.url))
    assert status == 502
    assert "401" in answer["detail"]


def test_a_fhir_server_answering_invalid_fhir_is_502(client: TestClient, fhir: FakeFhir) -> None:
    fhir.bundle = {"resourceType": "Bundle", "type": "search-results"}
    status, answer = post(client, call(fhirServer=fhir.url))
    assert status == 502
    assert "Bundle.type" in answer["detail"]


def test_a_fhir_server_not_allowed_is_never_searched(tmp_path: Path, fhir: FakeFhir) -> None:
    allowed = Settings(data_dir=tmp_path, cds_fhir_servers=["https://ehr.example.org/fhir/"])
    for settings in (Settings(data_dir=tmp_path), allowed):
        with TestClient(create_app(settings)) as other:
            status, answer = post(other, call(fhirServer=fhir.url))
        assert status == 412
        assert "CREPITUS_CDS_FHIR_SERVERS" in answer["detail"]
    assert fhir.seen == []  # not even a first request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def allow(client: TestClient, monkeypatch: pytest.MonkeyPatch, *servers: str) -> None:
    monkeypatch.setattr(client.app.state.settings, "cds_fhir_servers", list(servers))  # type: ignore[attr-defined]


def test_an_unreachable_fhir_server_is_502_without_the_connection_error(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the detail must not tell a caller what happened on the network (refused, reset, timed
    # out, which address): that would make the service a port scanner
    port = free_port()
    allow(client, monkeypatch, f"http://127.0.0.1:{port}/fhir")
    status, answer = post(client, call(fhirServer=f"http://127.0.0.1:{port}/fhir"))
    assert status == 502
    assert answer["detail"] == cds_hooks.UNREACHABLE
    assert str(port) not in json.dumps(answer)


def token(value: str) -> dict[str, Any]:
    return {"access_token": value, "token_type": "Bearer", "expires_in": 300, "scope": "x"}


# --- bad calls ---------------------------------------------------------------------------------


def test_an_unknown_service_is_404(client: TestClient) -> None:
    status, answer = post(client, call(), path="/cds-services/no-such-service")
    assert status == 404
    assert "no-such-service" in answer["detail"]


def test_another_hook_is_400_naming_the_hook(client: TestClient) -> None:
    status, answer = post(client, {**call({"backPopping": None}), "hook": "order-select"})
    assert status == 400
    assert [e["field"] for e in answer["errors"]] == ["hook"]
    assert "patient-view" in answer["errors"][0]["problem"]


def test_a_missing_patient_id_is_400_naming_it(client: TestClient) -> None:
    body = {**call({"backPopping": None}), "context": {"userId": "Practitioner/7"}}
    status, answer = post(client, body)
    assert status == 400
    assert [e["field"] for e in answer["errors"]] == ["context.patientId"]


def test_every_bad_field_is_named(client: TestClient) -> None:
    body = {
        "hook": "patient-view",
        "hookInstance": 7,
        "context": {"patientId": "123"},
        "prefetch": [],
        "fhirServer": "ftp://ehr.example",
        "fhirAuthorization": {"token_type": "Bearer"},
    }
    status, answer = post(client, body)
    assert status == 400
    assert {e["field"] for e in answer["errors"]} == {
        "hookInstance",
        "prefetch",
        "fhirServer",
        "fhirAuthorization.access_token",
    }


def test_a_body_that_is_not_json_is_400(client: TestClient) -> None:
    response = client.post(SERVICE, content=b"{hook", headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]


def test_invalid_fhir_in_prefetch_is_400_with_an_operation_outcome(client: TestClient) -> None:
    broken = {**questionnaire_response(URGENT), "status": "finished"}
    status, answer = post(client, call({"backPopping": broken}))
    assert status == 400
    assert answer["errors"][0]["field"] == "prefetch.backPopping"
    outcome = answer["operationOutcome"]
    assert outcome["resourceType"] == "OperationOutcome" and outcome["issue"]


def test_a_bundle_that_is_not_a_bundle_is_400(client: TestClient) -> None:
    bundle = {"resourceType": "Bundle", "type": "searchset", "entry": "none"}
    status, answer = post(client, call({"backPopping": bundle}))
    assert status == 400
    assert answer["operationOutcome"]["issue"][0]["expression"][0].startswith("Bundle.entry")


def test_a_response_about_another_patient_is_refused(client: TestClient) -> None:
    theirs = questionnaire_response(EMERGENCY, patient="456")
    status, answer = post(client, call({"backPopping": searchset(theirs)}))
    assert status == 400
    assert "Patient/456" in answer["detail"]


def test_a_patient_prefetch_of_another_patient_is_refused(client: TestClient) -> None:
    prefetch = {"patient": {"resourceType": "Patient", "id": "456"}, "backPopping": None}
    status, answer = post(client, call(prefetch))
    assert status == 400
    assert answer["errors"][0]["field"] == "prefetch.patient"


# --- the fhirServer allowlist: exact scheme, host, port and path segments ----------------------


def test_dot_segments_cannot_leave_an_allowed_path(
    client: TestClient, fhir: FakeFhir, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = fhir.url.removesuffix("/fhir")
    allow(client, monkeypatch, f"{base}/fhir/")
    escapes = [
        f"{base}/fhir/../../admin/secret#",
        f"{base}/fhir/../admin",
        f"{base}/fhir/./../admin",
        f"{base}/fhir/%2e%2e/admin",
        f"{base}/fhir/%2E%2e/admin",
        f"{base}/fhir/.%2e/admin",
        f"{base}/fhir/..%2fadmin",
        f"{base}/fhir/%2fadmin",
        f"{base}/fhir/%5c..%5cadmin",
        f"{base}/fhir\\\\..\\\\admin",
        f"{base}/fhir/?x=1",
        f"{base}/fhir/#frag",
        f"{base}/fhir/#",
        f"{base}/fhir/..;/admin",
        f"{base}/fhir/..%3B/admin",
        f"{base}/fhir;x=1/",
        f"{base}/fhir/...",
    ]
    for url in escapes:
        body = call(fhirServer=url, fhirAuthorization=token("secret-token"))
        status, answer = post(client, body)
        assert status == 400, url
        assert [e["field"] for e in answer["errors"]] == ["fhirServer"], url
    assert fhir.seen == []  # not one request, so the token went nowhere


def test_userinfo_cannot_reach_another_port(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running() as allowed, running() as other:
        allowed_base = allowed.url.removesuffix("/fhir")  # an entry without a trailing slash
        allow(client, monkeypatch, allowed_base)
        other_authority = other.url.removeprefix("http://").removesuffix("/fhir")
        for url in (
            f"{allowed_base}@{other_authority}/fhir/",
            f"http://user:pass@{allowed_base.removeprefix('http://')}/fhir",
        ):
            status, answer = post(client, call(fhirServer=url, fhirAuthorization=token("t")))
            assert status == 400, url
            assert answer["errors"][0]["field"] == "fhirServer"
        assert allowed.seen == [] and other.seen == []


def test_scheme_host_port_and_path_must_match_exactly(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running() as allowed, running() as other:
        port = allowed.url.split(":")[2].split("/")[0]
        allow(client, monkeypatch, f"http://127.0.0.1:{port}/fhir")
        refused = [
            f"http://127.0.0.1:{port}/fhirevil",  # a string prefix, not a path prefix
            f"http://127.0.0.1:{port}/",
            f"http://127.0.0.1:{port}",
            f"http://127.0.0.1:{port}/other/fhir",
            other.url,  # another port
            f"http://localhost:{port}/fhir",  # another host name
            f"https://127.0.0.1:{port}/fhir",  # another scheme
        ]
        for url in refused:
            status, answer = post(client, call(fhirServer=url))
            assert status == 412, url
            assert "CREPITUS_CDS_FHIR_SERVERS" in answer["detail"]
        assert allowed.seen == [] and other.seen == []
        for url in (
            f"http://127.0.0.1:{port}/fhir",
            f"http://127.0.0.1:{port}/fhir/",
            f"HTTP://127.0.0.1:{port}/fhir/",
            f"http://127.0.0.1:{port}/fhir/tenant-7",  # below the allowed path
        ):
            assert post(client, call(fhirServer=url))[0] == 200, url
        assert [urlsplit(s["path"]).path for s in allowed.seen] == [
            "/fhir/QuestionnaireResponse",
            "/fhir/QuestionnaireResponse",
            "/fhir/QuestionnaireResponse",
            "/fhir/tenant-7/QuestionnaireResponse",
        ]


def test_the_default_port_is_the_same_port_written_out() -> None:
    allowed = ["https://ehr.example.org/fhir/"]
    assert cds_hooks.allowed_server("https://ehr.example.org:443/fhir", allowed)
    assert not cds_hooks.allowed_server("https://ehr.example.org:8443/fhir", allowed)
    assert not cds_hooks.allowed_server("http://ehr.example.org:443/fhir", allowed)
    assert not cds_hooks.allowed_server("https://ehr.example.org.evil/fhir", allowed)
    assert not cds_hooks.allowed_server("https://ehr.example.org/fhir", ["not a url", ""])


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8741/fhir\r\nX-Injected: 1",
        "http://127.0.0.1:8741/fhir\n",
        "http://127.0.0.1:8741/fh ir",
        "http://127.0.0.1:99999/fhir",
        "http://127.0.0.1:-1/fhir",
        "http://127.0.0.1:80a/fhir",
        "http://[::1/fhir",
        "http:///fhir",
    ],
)
def test_a_malformed_fhir_server_is_400_not_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    allow(client, monkeypatch, "http://127.0.0.1:8741/")
    status, answer = post(client, call(fhirServer=url))
    assert status == 400
    assert [e["field"] for e in answer["errors"]] == ["fhirServer"]


class Trickle:
    """A server on loopback that answers one byte at a time, for ``seconds``."""

    def __init__(self, in_headers: bool, seconds: float = 8.0) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/fhir"
        self.in_headers = in_headers
        self.seconds = seconds
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except TimeoutError:
                continue
            with connection:
                connection.recv(65_536)
                if self.in_headers:
                    head, rest = b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 10_000
                else:
                    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    head += b"Content-Length: 100000\r\n\r\n"
                    rest = b" " * 100_000
                try:
                    connection.sendall(head)
                    end = time.monotonic() + self.seconds
                    for byte in rest:
                        if self.stop.is_set() or time.monotonic() > end:
                            break
                        connection.sendall(bytes([byte]))
                        time.sleep(0.05)
                except OSError:
                    pass  # the service hung up: what it should do

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.mark.parametrize("in_headers", [True, False], ids=["headers", "body"])
def test_a_trickling_server_is_cut_at_the_deadline(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, in_headers: bool
) -> None:
    # each byte arrives well within any per-read timeout; only a deadline for the whole
    # search stops it
    monkeypatch.setattr(cds_hooks, "FETCH_DEADLINE", 1.0, raising=False)
    slow = Trickle(in_headers)
    try:
        allow(client, monkeypatch, slow.url)
        started = time.monotonic()
        status, answer = post(client, call(fhirServer=slow.url))
        took = time.monotonic() - started
    finally:
        slow.close()
    assert status == 502
    assert answer["detail"] == cds_hooks.UNREACHABLE
    assert took < 3.0, f"the search took {took:.1f} s"


def test_a_prefetch_nested_deep_is_400_not_500(client: TestClient) -> None:
    response = questionnaire_response(URGENT)
    item: dict[str, Any] = {"linkId": "deep"}
    for _ in range(200):
        item = {"linkId": "deep", "item": [item]}
    response["item"] = [*response["item"], item]
    status, answer = post(client, call({"backPopping": searchset(response)}))
    assert status == 400
    assert answer["errors"][0]["field"] == "prefetch.backPopping"
    assert "nested deeper" in answer["detail"]
