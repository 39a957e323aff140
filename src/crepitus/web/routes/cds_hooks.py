"""CDS Hooks: the discovery endpoint and the ``patient-view`` service (crepitus.interop.cds_hooks).

Errors are problem+json naming each problem in ``errors``; when the FHIR data in prefetch was
invalid, ``operationOutcome`` holds the OperationOutcome listing its issues.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from crepitus.interop import cds_hooks
from crepitus.interop.fhir.common import operation_outcome
from crepitus.web.problems import PROBLEM

router = APIRouter(prefix="/cds-services", tags=["cds-hooks"])

REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["hook", "hookInstance", "context"],
    "properties": {
        "hook": {"const": cds_hooks.HOOK},
        "hookInstance": {"type": "string", "description": "A UUID for this call."},
        "context": {
            "type": "object",
            "required": ["patientId"],
            "properties": {
                "userId": {"type": "string"},
                "patientId": {"type": "string"},
                "encounterId": {"type": "string"},
            },
        },
        "fhirServer": {"type": "string", "format": "uri"},
        "fhirAuthorization": {
            "type": "object",
            "required": ["access_token"],
            "properties": {"access_token": {"type": "string"}, "token_type": {"const": "Bearer"}},
        },
        "prefetch": {
            "type": "object",
            "description": "The discovery's prefetch templates, filled in (null: no data).",
        },
    },
}


def _json(body: Any, status: int = 200, media_type: str = "application/json") -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type=media_type)


def _problem(status: int, title: str, detail: str, **extra: Any) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return _json({**body, **{k: v for k, v in extra.items() if v}}, status, PROBLEM)


@router.get(
    "",
    operation_id="cds_discovery",
    summary="CDS Hooks discovery: the services on offer",
    responses={200: {"description": "The services, each with its hook and prefetch templates."}},
)
async def discovery() -> Response:
    return _json(cds_hooks.discovery())


@router.post(
    "/{service_id}",
    operation_id="cds_service",
    summary="Call a CDS service: the patient's back-popping check as a card",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": REQUEST_SCHEMA}},
        }
    },
    responses={
        200: {"description": 'The cards: {"cards": [...]}, empty when there is nothing to say.'},
        400: {"description": "The request, or the FHIR data in prefetch, is invalid."},
        404: {"description": "There is no service with this id."},
        412: {"description": "No backPopping prefetch and no fhirServer to search."},
        502: {"description": "The fhirServer could not be searched."},
    },
)
async def service(service_id: str, request: Request) -> Response:
    if service_id != cds_hooks.SERVICE_ID:
        return _problem(
            404, "Not found", f"No CDS service {service_id!r}; GET /cds-services lists them."
        )
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        return _problem(400, "Invalid JSON", f"the request body is not valid JSON: {exc}")
    learn_base_url = str(request.base_url).rstrip("/")
    try:  # in a worker thread: it may search the EHR's FHIR server
        servers = request.app.state.settings.cds_fhir_servers
        answer = await run_in_threadpool(cds_hooks.call, body, learn_base_url, servers)
    except cds_hooks.CdsRequestError as exc:
        return _problem(
            exc.status,
            exc.title,
            str(exc),
            errors=[{"field": p.field, "problem": p.problem} for p in exc.problems],
            operationOutcome=operation_outcome(exc.issues) if exc.issues else None,
        )
    except cds_hooks.CdsError as exc:
        return _problem(exc.status, exc.title, str(exc))
    return _json(answer)
