"""A CDS Hooks service (CDS Hooks 1.0 and 2.0): the back-popping check as a card in the chart.

``GET /cds-services`` lists one service, :data:`SERVICE_ID`, on the ``patient-view`` hook. When a
clinician opens a patient's chart the EHR calls it with the patient's latest completed answers to
our questionnaire (prefetch key ``backPopping``); we assess them and answer one card:

- ``summary``: the triage level in plain words, under 140 characters;
- ``indicator``: ``critical`` for an emergency, ``warning`` for urgent, ``info`` otherwise;
- ``detail`` (Markdown): the advice for the patient and the reasons (the rules that fired);
- ``source``: our label and the learn index; ``links``: the learn page of the top explanation.

How prefetch is read (the specification's rules):

- a prefetch value of ``null`` means the EHR had no data for it: the patient has no answers, so
  there is nothing to say and the answer is ``{"cards": []}``;
- an *absent* ``backPopping`` key (or an OperationOutcome in its place) means the EHR did not or
  could not fetch it: we run the same search on ``fhirServer`` ourselves (with the bearer token
  of ``fhirAuthorization`` when given); without ``fhirServer`` we cannot, and the route answers
  412 Precondition Failed (:class:`PrefetchMissingError`);
- a searchset Bundle: the newest (by ``authored``) completed or amended response to our
  questionnaire among its entries; a bare QuestionnaireResponse is taken as it is;
- an empty Bundle, or one with no response to our questionnaire: no card.

A response about another patient than ``context.patientId`` is refused (400), never shown.

Errors, each with an HTTP status for the route::

    CdsError                  (CrepitusError)
     +-- CdsRequestError      400: the request, or the FHIR data in it, is unusable; names fields
     +-- PrefetchMissingError 412: no backPopping prefetch and no fhirServer to search
     +-- FhirServerError      502: fhirServer could not be searched, or answered unusable data

Everything we answer is JSON without a single ``null``.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from crepitus.engine.assess import assess
from crepitus.engine.result import Assessment, confidence
from crepitus.errors import CaseError, CrepitusError, FieldProblem
from crepitus.interop.fhir.common import FHIR_JSON, QUESTIONNAIRE_URL, FhirInputError, Issue, read
from crepitus.interop.fhir.response import response_to_case

__all__ = [
    "HOOK",
    "PREFETCH",
    "PREFETCH_KEY",
    "SERVICE_ID",
    "SOURCE_LABEL",
    "UNREACHABLE",
    "CdsError",
    "CdsRequestError",
    "FhirServerError",
    "PrefetchMissingError",
    "Request",
    "Server",
    "allowed_server",
    "call",
    "cards",
    "check_request",
    "discovery",
    "fetch_responses",
    "latest_response",
    "respond",
]

SERVICE_ID = "crepitus-back-popping"
HOOK = "patient-view"
PREFETCH_KEY = "backPopping"
PATIENT_TOKEN = "{{context.patientId}}"
SEARCH = (
    f"QuestionnaireResponse?subject=Patient/{PATIENT_TOKEN}&questionnaire={QUESTIONNAIRE_URL}"
    "&status=completed&_sort=-authored&_count=1"
)
PREFETCH: dict[str, str] = {"patient": f"Patient/{PATIENT_TOKEN}", PREFETCH_KEY: SEARCH}
SOURCE_LABEL = "crepitus back-popping check"
SUMMARY_START = "Back popping check: "
SUMMARY_LIMIT = 140  # the specification: a summary SHOULD be under 140 characters
INDICATORS = {"emergency": "critical", "urgent": "warning"}  # anything else is "info"
USABLE_STATUS = frozenset({"completed", "amended"})
FETCH_DEADLINE = 5.0  # seconds for the whole search; the specification asks for quick answers
FETCH_LIMIT = 4 * 1024 * 1024  # bytes: the largest search answer read
DEFAULT_PORTS = {"http": 80, "https": 443}
UNREACHABLE = "The FHIR server could not be searched."
FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
CARD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{QUESTIONNAIRE_URL}#{SERVICE_ID}")

DESCRIPTION = (
    "Shows the result of the patient's latest back-popping check when their chart is opened:"
    " one card with the triage level (critical for an emergency, warning for urgent, info"
    " otherwise), the reasons and a link to learn more; no card when the patient has no"
    " completed check. Prefetch: `patient` is the Patient, used only to confirm the answers are"
    f" this patient's; `{PREFETCH_KEY}` is a searchset Bundle of the patient's completed"
    f" QuestionnaireResponses to {QUESTIONNAIRE_URL}, newest first (a bare QuestionnaireResponse"
    f" is also accepted; null means the patient has none). Without `{PREFETCH_KEY}` the service"
    " runs the same search on fhirServer, or answers 412 when there is no fhirServer."
)
USAGE = (
    "Send the backPopping prefetch, or a fhirServer (and fhirAuthorization) allowing a read of"
    " the patient's QuestionnaireResponses. Guidance, not a diagnosis."
)


class CdsError(CrepitusError):
    """A CDS Hooks call we cannot answer with cards; ``status`` is the HTTP status to send."""

    status = 500
    title = "CDS service failed"


class CdsRequestError(CdsError, ValueError):
    """The request, or the FHIR data it carries, is unusable; names each problem."""

    status = 400
    title = "Invalid CDS Hooks request"

    def __init__(self, problems: list[FieldProblem], issues: list[Issue] | None = None) -> None:
        self.problems = problems
        self.issues = issues or []
        super().__init__("; ".join(str(p) for p in problems))


class PrefetchMissingError(CdsError):
    """The backPopping prefetch is absent and there is no fhirServer to search instead."""

    status = 412
    title = "Prefetch missing"


class FhirServerError(CdsError):
    """The fhirServer could not be searched, or its answer could not be used."""

    status = 502
    title = "FHIR server failed"


@dataclass(frozen=True, slots=True)
class Request:
    """A checked ``patient-view`` call."""

    hook_instance: str
    patient_id: str
    prefetch: Mapping[str, Any] = field(default_factory=dict)
    fhir_server: str | None = None
    access_token: str | None = None


def discovery() -> dict[str, Any]:
    """The discovery response: the services this server offers."""
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": "Back and neck popping check",
                "description": DESCRIPTION,
                "prefetch": dict(PREFETCH),
                "usageRequirements": USAGE,
            }
        ]
    }


def _kind(value: object) -> str:
    names = {type(None): "null", bool: "true or false", int: "a number", float: "a number"}
    names |= {str: "a string", list: "an array", dict: "an object"}
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True, slots=True)
class Server:
    """A FHIR server's base URL, parsed: what the allowlist compares, and what is fetched."""

    scheme: str
    host: str
    port: int
    segments: tuple[str, ...]  # the path's segments, without empty ones

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        path = "".join(f"/{segment}" for segment in self.segments)
        return f"{self.scheme}://{host}:{self.port}{path}"

    def covers(self, other: Server) -> bool:
        """Whether ``other`` is this server, or a path below it (whole segments only)."""
        same = (self.scheme, self.host, self.port) == (other.scheme, other.host, other.port)
        return same and other.segments[: len(self.segments)] == self.segments


# what a base URL may hold: printable ASCII without spaces, quotes, angle brackets or backslashes
_URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
# a path segment's characters, less ";": some servers read "..;" as ".." with a parameter
_SEGMENT = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,=:@%]*")


def parse_server(value: str) -> Server:
    """A fhirServer base URL, parsed; raises ValueError saying what is refused.

    Refused: anything but http and https; userinfo (``user@``), a query or a fragment (even an
    empty one); a bad port; dot segments, also percent-encoded, and encoded ``/`` or ``\\``.
    """
    if not _URL_CHARACTERS.fullmatch(value):
        raise ValueError("expected an http or https URL without spaces or control characters")
    if "?" in value or "#" in value:
        raise ValueError("expected a base URL without a query or a fragment")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        raise ValueError("expected an absolute http or https URL")
    if "@" in parts.netloc:
        raise ValueError("expected a URL without a user name or password")
    try:
        port = parts.port
        host = parts.hostname
    except ValueError:
        raise ValueError("expected a URL with a valid host and port (1 to 65535)") from None
    if not host or port == 0:
        raise ValueError("expected a URL with a valid host and port (1 to 65535)")
    segments = tuple(segment for segment in parts.path.split("/") if segment)
    for segment in segments:
        decoded = unquote(segment)
        if (
            not _SEGMENT.fullmatch(segment)
            or decoded.startswith("..")
            or decoded == "."
            or any(c in decoded for c in "/\\%;")
        ):
            raise ValueError(
                "expected a path without '.' or '..' segments, encoded or not, without ';',"
                " and without encoded '/', '\\' or '%'"
            )
    return Server(scheme, host.lower().rstrip("."), port or DEFAULT_PORTS[scheme], segments)


def allowed_server(fhir_server: str, allowlist: Sequence[str]) -> Server | None:
    """The parsed ``fhir_server`` when an allowlist entry covers it; None when none does.

    Entries are base URLs: scheme, host and port must be the same, and the path must be the
    entry's path or below it, segment by segment. Entries that do not parse never match.
    """
    try:
        server = parse_server(fhir_server)
    except ValueError:
        return None
    for entry in allowlist:
        try:
            allowed = parse_server(entry)
        except ValueError:
            continue
        if allowed.covers(server):
            return server
    return None


def _server_problem(server: object) -> str:
    """What is wrong with a fhirServer value ("" when nothing)."""
    if not isinstance(server, str):
        return f"expected an absolute http or https URL, got {_kind(server)}"
    try:
        parse_server(server)
    except ValueError as exc:
        return str(exc)
    return ""


def check_request(body: object) -> Request:
    """A ``patient-view`` request, checked. Raises CdsRequestError naming every bad field."""
    if not isinstance(body, dict):
        raise CdsRequestError([FieldProblem("", f"expected a JSON object, got {_kind(body)}")])
    problems: list[FieldProblem] = []

    def bad(name: str, problem: str) -> None:
        problems.append(FieldProblem(name, problem))

    hook = body.get("hook")
    if hook != HOOK:
        bad("hook", f"expected {HOOK!r}, got {hook!r}" if "hook" in body else "required")
    hook_instance = body.get("hookInstance")
    if not isinstance(hook_instance, str) or not hook_instance:
        bad("hookInstance", "required; expected a string (a UUID)")
    context = body.get("context")
    patient_id: object = None
    if not isinstance(context, dict):
        bad("context", f"required; expected an object, got {_kind(context)}")
    else:
        patient_id = context.get("patientId")
        if not isinstance(patient_id, str):
            bad("context.patientId", f"required; expected a string, got {_kind(patient_id)}")
        elif not FHIR_ID.fullmatch(patient_id):
            bad("context.patientId", "expected a FHIR id: letters, digits, '-' and '.', 1 to 64")
        for name in ("userId", "encounterId"):
            if context.get(name) is not None and not isinstance(context[name], str):
                bad(f"context.{name}", f"expected a string, got {_kind(context[name])}")
    prefetch = body.get("prefetch")
    if prefetch is not None and not isinstance(prefetch, dict):
        bad("prefetch", f"expected an object of prefetch results, got {_kind(prefetch)}")
    server = body.get("fhirServer")
    if server is not None and (problem := _server_problem(server)):
        bad("fhirServer", problem)
    authorization = body.get("fhirAuthorization")
    token: object = None
    if authorization is not None:
        if not isinstance(authorization, dict):
            bad("fhirAuthorization", f"expected an object, got {_kind(authorization)}")
        else:
            token = authorization.get("access_token")
            if not isinstance(token, str) or not token:
                bad("fhirAuthorization.access_token", "required; expected a string")
            kind = authorization.get("token_type", "Bearer")
            if kind != "Bearer":
                bad("fhirAuthorization.token_type", f"expected 'Bearer', got {kind!r}")
        if server is None:
            bad("fhirAuthorization", "given without fhirServer")
    if problems:
        raise CdsRequestError(problems)
    assert isinstance(hook_instance, str) and isinstance(patient_id, str)
    return Request(
        hook_instance=hook_instance,
        patient_id=patient_id,
        prefetch=prefetch or {},
        fhir_server=server if isinstance(server, str) else None,
        access_token=token if isinstance(token, str) else None,
    )


def _instant(authored: object) -> datetime:
    """When a response was authored, for ordering; the earliest instant when unknown."""
    if not isinstance(authored, str):
        return datetime.min.replace(tzinfo=UTC)
    text = {4: f"{authored}-01-01", 7: f"{authored}-01"}.get(len(authored), authored)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _about_other_patient(response: Mapping[str, Any], patient_id: str) -> str | None:
    """The reference of the response's subject when it names another patient."""
    subject = response.get("subject")
    reference = subject.get("reference") if isinstance(subject, dict) else None
    if not isinstance(reference, str) or "Patient/" not in reference:
        return None
    named = reference.split("/_history/")[0].rsplit("Patient/", 1)[1]
    return None if named == patient_id else reference


def _ours(response: Mapping[str, Any]) -> bool:
    canonical = response.get("questionnaire")
    return (
        isinstance(canonical, str)
        and canonical.split("|", 1)[0] == QUESTIONNAIRE_URL
        and response.get("status") in USABLE_STATUS
    )


def latest_response(value: object, patient_id: str | None = None) -> dict[str, Any] | None:
    """The patient's latest usable response in a prefetch (or search) result; None when none.

    ``value`` is a Bundle (the newest completed or amended response to our questionnaire among
    its entries), a bare QuestionnaireResponse, or None (no data). When ``patient_id`` is given,
    a response whose subject names another patient raises FhirInputError.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FhirInputError([Issue(f"expected a Bundle or a resource, got {_kind(value)}")])
    found: list[tuple[str, dict[str, Any]]] = []
    if value.get("resourceType") == "Bundle":
        bundle = read("Bundle", value)
        for index, entry in enumerate(bundle.get("entry", [])):
            resource = entry.get("resource")
            mode = (entry.get("search") or {}).get("mode", "match")
            if (
                isinstance(resource, dict)
                and mode == "match"
                and resource.get("resourceType") == "QuestionnaireResponse"
            ):
                found.append((f"Bundle.entry[{index}].resource", resource))
    elif value.get("resourceType") == "QuestionnaireResponse":
        found.append(("QuestionnaireResponse", read("QuestionnaireResponse", value)))
    else:
        got = value.get("resourceType")
        raise FhirInputError(
            [Issue(f"expected a Bundle or a QuestionnaireResponse, got {got!r}", "resourceType")]
        )
    usable = [(where, response) for where, response in found if _ours(response)]
    if patient_id is not None:
        others = [
            Issue(f"about {other}, not Patient/{patient_id}", f"{where}.subject", "invariant")
            for where, response in usable
            if (other := _about_other_patient(response, patient_id)) is not None
        ]
        if others:
            raise FhirInputError(others)
    if not usable:
        return None
    # the newest; among equals, the first (the search sorted them newest first)
    order = range(len(usable))
    newest = max(order, key=lambda i: (_instant(usable[i][1].get("authored")), -i))
    return usable[newest][1]


def fetch_responses(
    fhir_server: str | Server, patient_id: str, access_token: str | None = None
) -> object:
    """Run the backPopping prefetch search on ``fhir_server``; the JSON it answers.

    The whole search (connecting, sending, every byte of the answer) must end within
    :data:`FETCH_DEADLINE` seconds, and the answer must fit :data:`FETCH_LIMIT` bytes. Raises
    FhirServerError when the server cannot be reached in time or does not answer 200 with JSON;
    what went wrong on the network is not said (:data:`UNREACHABLE`), so the service cannot be
    used to probe addresses and ports.
    """
    try:
        import httpx
    except ImportError:  # a test dependency; the service needs it only to search fhirServer
        raise FhirServerError(
            "Searching the FHIR server needs httpx: pip install httpx (or send the prefetch)."
        ) from None

    server = fhir_server if isinstance(fhir_server, Server) else parse_server(fhir_server)
    url = f"{server.url}/{SEARCH.replace(PATIENT_TOKEN, quote(patient_id, safe=''))}"
    headers = {"Accept": FHIR_JSON}
    if access_token:
        headers["Authorization"] = f"Bearer {access_token}"

    async def search() -> tuple[int, bytes]:
        async with (
            httpx.AsyncClient(timeout=FETCH_DEADLINE, follow_redirects=False) as client,
            client.stream("GET", url, headers=headers) as answer,
        ):
            if answer.status_code != 200:
                return answer.status_code, b""
            body = bytearray()
            async for chunk in answer.aiter_bytes():
                body += chunk
                if len(body) > FETCH_LIMIT:
                    raise FhirServerError(
                        f"The FHIR server's answer is larger than {FETCH_LIMIT} bytes."
                    )
            return 200, bytes(body)

    async def within_deadline() -> tuple[int, bytes]:
        return await asyncio.wait_for(search(), FETCH_DEADLINE)

    try:  # a thread of its own has no event loop: this runs in the route's worker thread
        status, body = asyncio.run(within_deadline())
    except (httpx.HTTPError, OSError, TimeoutError):
        raise FhirServerError(UNREACHABLE) from None
    if status != 200:
        raise FhirServerError(
            f"The FHIR server answered {status} to the search for the patient's back-popping"
            " responses."
        )
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise FhirServerError("The FHIR server did not answer the search with JSON.") from None


def _summary(label: str) -> str:
    text = f"{SUMMARY_START}{label}"
    if len(text) < SUMMARY_LIMIT:
        return text
    return text[: SUMMARY_LIMIT - 2].rsplit(" ", 1)[0] + "…"


def _detail(assessment: Assessment, authored: str | None) -> str:
    lines = [
        f"**{assessment.triage_label}.** Advice for the patient: {assessment.triage_action}",
        "",
    ]
    reasons = [rule.message for rule in (*assessment.red_flags, *assessment.care_rules)]
    if reasons:
        lines += ["Why:", "", *(f"- {reason}" for reason in reasons), ""]
    else:
        lines += ["No warning signs in the answers.", ""]
    unanswered = len(assessment.unanswered_red_flags)
    if unanswered:
        plural = "s were" if unanswered > 1 else " was"
        lines += [f"{unanswered} warning-sign question{plural} not answered.", ""]
    top = assessment.conditions[0]
    lines += [f"Most likely explanation: {top.name} ({confidence(top.score)}).", ""]
    when = f" of {authored[:10]}" if authored else ""
    lines.append(
        f"From the patient's answers to the back-popping questionnaire{when}."
        " Guidance, not a diagnosis."
    )
    return "\n".join(lines)


def cards(
    assessment: Assessment,
    learn_base_url: str,
    *,
    hook_instance: str = "",
    authored: str | None = None,
) -> list[dict[str, Any]]:
    """The card for an assessment. ``learn_base_url`` is the absolute address of this app
    (the learn pages are below it); ``hook_instance`` makes the card's uuid unique per call
    (and the same when the same call is repeated); ``authored`` dates the answers."""
    base = learn_base_url.rstrip("/")
    top = assessment.conditions[0]
    seed = f"{hook_instance}|{authored or ''}|{assessment.triage}|{top.id}"
    return [
        {
            "uuid": str(uuid.uuid5(CARD_NAMESPACE, seed)),
            "summary": _summary(assessment.triage_label),
            "indicator": INDICATORS.get(assessment.triage, "info"),
            "detail": _detail(assessment, authored),
            "source": {"label": SOURCE_LABEL, "url": f"{base}/learn"},
            "links": [
                {
                    "label": top.name,
                    "url": f"{base}/learn/conditions/{quote(top.id, safe='')}",
                    "type": "absolute",
                }
            ],
        }
    ]


def _could_not_fetch(value: object) -> bool:
    return isinstance(value, dict) and value.get("resourceType") == "OperationOutcome"


def _check_patient(request: Request) -> None:
    patient = request.prefetch.get("patient")
    if isinstance(patient, dict) and patient.get("resourceType") == "Patient":
        named = patient.get("id")
        if isinstance(named, str) and named != request.patient_id:
            raise CdsRequestError(
                [
                    FieldProblem(
                        "prefetch.patient",
                        f"is Patient/{named}, not the context's Patient/{request.patient_id}",
                    )
                ]
            )


def respond(
    request: Request, learn_base_url: str, fhir_servers: Sequence[str] = ()
) -> dict[str, Any]:
    """The CDS Hooks response for a checked request: ``{"cards": [...]}``."""
    _check_patient(request)
    value = request.prefetch.get(PREFETCH_KEY)
    fetched = PREFETCH_KEY not in request.prefetch or _could_not_fetch(value)
    if fetched:
        if request.fhir_server is None:
            raise PrefetchMissingError(
                f"The {PREFETCH_KEY!r} prefetch is missing and no fhirServer was given, so the"
                " patient's back-popping responses cannot be read."
            )
        server = allowed_server(request.fhir_server, fhir_servers)
        if server is None:
            raise PrefetchMissingError(
                f"The {PREFETCH_KEY!r} prefetch is missing, and this service is not set to search"
                f" the fhirServer {request.fhir_server!r}: send the prefetch, or have the"
                " service's administrator add the server to CREPITUS_CDS_FHIR_SERVERS."
            )
        value = fetch_responses(server, request.patient_id, request.access_token)
    where = f"prefetch.{PREFETCH_KEY}"
    try:
        response = latest_response(value, request.patient_id)
        if response is None:
            return {"cards": []}
        assessment = assess(response_to_case(response))
    except FhirInputError as exc:
        if fetched:
            raise FhirServerError(f"The FHIR server's answer is not usable: {exc}") from None
        problems = [FieldProblem(where, str(issue)) for issue in exc.issues]
        raise CdsRequestError(problems, exc.issues) from None
    except CaseError as exc:
        if fetched:
            raise FhirServerError(f"The FHIR server's response cannot be assessed: {exc}") from None
        raise CdsRequestError(
            [FieldProblem(where, f"cannot be assessed: {p}") for p in exc.problems]
        ) from None
    authored = response.get("authored")
    return {
        "cards": cards(
            assessment,
            learn_base_url,
            hook_instance=request.hook_instance,
            authored=authored if isinstance(authored, str) else None,
        )
    }


def call(body: object, learn_base_url: str, fhir_servers: Sequence[str] = ()) -> dict[str, Any]:
    """Answer a ``patient-view`` call from its JSON body. Raises a CdsError subclass.

    ``fhir_servers`` are the base URLs of the FHIR servers it may search when the prefetch is
    missing (see :func:`allowed_server`); a call naming any other server is answered as if it
    named none (412). Searching a
    server because a request says so would let anyone who can reach crepitus make it fetch any
    address, inside the network it runs in.
    """
    return respond(check_request(body), learn_base_url, fhir_servers)
