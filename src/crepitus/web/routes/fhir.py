"""FHIR R4B endpoints: the Questionnaire, ``$assess`` of a QuestionnaireResponse, and the SDC
``$next-question``. Bodies and answers are ``application/fhir+json``; a bad input gets an
OperationOutcome naming each problem. The conversions live in ``crepitus.interop.fhir``."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response

from crepitus.engine.assess import engine
from crepitus.interop.fhir.common import (
    FHIR_JSON,
    MAX_DEPTH,
    QUESTIONNAIRE_ID,
    FhirInputError,
    Issue,
    operation_outcome,
)
from crepitus.web.problems import nesting_problem


class FhirResponse(Response):
    """A FHIR JSON answer (so the schema names one media type per answer)."""

    media_type = FHIR_JSON


router = APIRouter(prefix="/fhir", tags=["fhir"], default_response_class=FhirResponse)

FHIR_BODY = {"required": True, "content": {FHIR_JSON: {"schema": {"type": "object"}}}}


def _resource(kind: str, description: str) -> dict[str, Any]:
    """An answer that is one FHIR resource of ``kind`` (the schema, not "a string")."""
    schema = {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"const": kind}},
    }
    return {"description": description, "content": {FHIR_JSON: {"schema": schema}}}


OUTCOME = _resource(
    "OperationOutcome", "The input is not valid FHIR or not ours (OperationOutcome)."
)


def _fhir(body: dict[str, Any], status: int = 200) -> Response:
    return FhirResponse(orjson.dumps(body), status_code=status)


def _outcome(error: FhirInputError) -> Response:
    return _fhir(operation_outcome(error.issues), 400)


async def _body(request: Request) -> Any:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise FhirInputError(
            [Issue(f"the body is not valid JSON: {exc}", code="structure")]
        ) from None
    deep = nesting_problem(body, MAX_DEPTH)
    if deep:  # refused before anything recurses over it
        raise FhirInputError([Issue(deep[1], deep[0], "structure")])
    return body


@router.get(
    f"/Questionnaire/{QUESTIONNAIRE_ID}",
    operation_id="fhir_questionnaire",
    summary="The interview as a FHIR Questionnaire",
    responses={200: _resource("Questionnaire", "The Questionnaire.")},
)
async def get_questionnaire() -> Response:
    from crepitus.interop.fhir.questionnaire import questionnaire

    return _fhir(questionnaire())


@router.post(
    "/QuestionnaireResponse/$assess",
    operation_id="fhir_assess",
    summary="Assess a QuestionnaireResponse; answers a RiskAssessment",
    openapi_extra={"requestBody": FHIR_BODY},
    responses={
        200: _resource("RiskAssessment", "The RiskAssessment."),
        400: OUTCOME,
    },
)
async def assess_response(request: Request) -> Response:
    from crepitus.interop.fhir.response import response_to_case
    from crepitus.interop.fhir.results import assessed_at, risk_assessment

    try:
        response = await _body(request)
        case = response_to_case(response)
    except FhirInputError as exc:
        return _outcome(exc)
    result = engine().assess(case)
    return _fhir(risk_assessment(result, response, when=assessed_at(response)))


@router.post(
    "/Questionnaire/$next-question",
    operation_id="fhir_next_question",
    summary="SDC adaptive form: the next question, or the completed response",
    openapi_extra={"requestBody": FHIR_BODY},
    responses={
        200: _resource("QuestionnaireResponse", "The QuestionnaireResponse."),
        400: OUTCOME,
    },
)
async def next_question(request: Request) -> Response:
    from crepitus.interop.fhir.sdc import next_question as ask

    try:
        return _fhir(ask(await _body(request)))
    except FhirInputError as exc:
        return _outcome(exc)
