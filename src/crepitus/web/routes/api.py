"""The JSON API, version 1: assess a case, walk the interview, and read a description."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response

from crepitus.contract import load_schema
from crepitus.contract.case import validate_case
from crepitus.engine.assess import engine
from crepitus.engine.concern import settle
from crepitus.engine.interview import check_answer, definition, question_json, screen_json, step
from crepitus.engine.wording import for_someone_else
from crepitus.errors import CaseError, InterviewError
from crepitus.knowledge import knowledge
from crepitus.understanding import UnderstandingUnavailableError
from crepitus.understanding.describe import prefill, read_fields, warnings_first
from crepitus.understanding.read import MAX_TEXT
from crepitus.web.problems import nesting_problem, problem
from crepitus.web.reading import RETRY_AFTER, ReadingBusyError, readers

router = APIRouter(prefix="/api/v1", tags=["api"])

AUDIENCES = ("me", "someone_else")


def _answer_schema(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """A case field's schema, narrowed to what its question accepts as an answer: the
    question's bounds (a question may bound what the case contract leaves open), and its
    options, each once."""
    kb = knowledge()
    if name not in kb.by_field:
        return spec
    question = kb.question(name)
    narrowed = dict(spec)
    if question.kind == "integer":
        if question.minimum is not None:
            narrowed["minimum"] = max(question.minimum, spec.get("minimum", question.minimum))
        if question.maximum is not None:
            narrowed["maximum"] = min(question.maximum, spec.get("maximum", question.maximum))
    elif question.kind == "choice":
        narrowed["enum"] = [o.value for o in question.options]
    elif question.kind == "multi":
        values = [o.value for o in question.options]
        narrowed |= {"type": "array", "items": {"enum": values}, "uniqueItems": True}
    return narrowed


NEXT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "answers": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                name: _answer_schema(name, spec)
                for name, spec in load_schema("case")["properties"].items()
            },
            "description": "Answers so far, by case field (each as in case.schema.json, within"
            " the bounds and options of its question).",
        },
        "skipped": {
            "type": "array",
            "items": {"enum": [q.field for q in knowledge().questions if not q.required]},
            "description": "Fields the person chose not to answer (optional questions only).",
        },
        "for": {
            "enum": list(AUDIENCES),
            "default": "me",
            "description": "Who the check is for: the person answering (me), or someone else;"
            ' the questions are worded for them ("How old is the person?").',
        },
        "warnings_first": {
            "type": "boolean",
            "default": False,
            "description": "Ask the screens that hold warning-sign questions first (as the web"
            " and terminal checks do when /api/v1/understand says warnings_first for the"
            " person's description); the questions asked and the result are the same.",
        },
    },
}

UNDERSTAND_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text"],
    "properties": {
        "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_TEXT,
            # some words: blank text is refused (422); blank as str.strip() sees it
            "pattern": r"[^\s\u001c-\u001f\u0085]",
            "description": "A description of the popping, in the person's own words.",
        },
    },
}

INVALID_JSON = {"description": "The body is not valid JSON (problem+json)."}

JSON_TYPES = {
    type(None): "null",
    bool: "true or false",
    int: "a number",
    float: "a number",
    list: "an array",
    dict: "an object",
}


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


async def _body(request: Request) -> Any:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise InterviewError(f"the request body is not valid JSON: {exc}") from None
    deep = nesting_problem(body)
    if deep:  # refused before anything recurses over it
        raise InterviewError(f"the request body is too deep: {deep[0] or 'the body'}: {deep[1]}")
    return body


# JSON Schema counts 24.0 as an integer, and so does this API: a whole number written with a
# decimal point is taken as that whole number where the case contract asks for an integer.
INTEGER_FIELDS = frozenset(
    name
    for name, spec in load_schema("case")["properties"].items()
    if isinstance(spec, dict) and spec.get("type") == "integer"
)


def _whole_numbers(answers: Any) -> Any:
    """``answers`` with each integral float of an integer field made an int (24.0 -> 24)."""
    if not isinstance(answers, dict):
        return answers
    return {
        name: int(value)
        if name in INTEGER_FIELDS and type(value) is float and value.is_integer()
        else value
        for name, value in answers.items()
    }


@router.post(
    "/assess",
    operation_id="assess",
    summary="Assess a case",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": load_schema("case")}},
        }
    },
    responses={
        200: {"description": "The assessment (assessment.schema.json)."},
        400: INVALID_JSON,
        422: {"description": "The case does not fit the contract (problem+json)."},
    },
)
async def assess(request: Request) -> Response:
    try:
        case = validate_case(_whole_numbers(await _body(request)))
    except InterviewError as exc:
        return problem(400, "Invalid JSON", str(exc))
    except CaseError as exc:
        errors = [{"field": p.field, "problem": p.problem} for p in exc.problems]
        return problem(422, "Invalid case", "The case does not fit the contract.", errors)
    return _json(engine().assess(case).to_dict())


@router.get("/interview", operation_id="get_interview", summary="The interview definition")
async def interview() -> Response:
    return _json(definition())


@router.post(
    "/interview/next",
    operation_id="next_question",
    summary="The next screen of questions, or the assessment when the interview is done",
    description=(
        "screen holds the questions to answer together on the next page (its title and"
        " questions, one or more); question repeats the first of them for older clients."
        " progress counts the questions answered and the questions and screens still to come"
        " (estimates)."
    ),
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": NEXT_SCHEMA}}}
    },
    responses={
        200: {"description": "The next screen, or the assessment when done."},
        400: INVALID_JSON,
        422: {"description": "Some answers do not fit their questions (problem+json)."},
    },
)
async def next_question(request: Request) -> Response:
    try:
        body = await _body(request)
    except InterviewError as exc:
        return problem(400, "Invalid JSON", str(exc))
    if isinstance(body, dict) and "answers" in body:
        body["answers"] = _whole_numbers(body["answers"])
    errors = _check_next(body)
    if errors:
        return problem(422, "Invalid answers", "Some answers do not fit their questions.", errors)
    now = step(
        body.get("answers", {}),
        body.get("skipped", []),
        warnings_first=body.get("warnings_first", False),
    )
    other = body.get("for", "me") == "someone_else"
    out: dict[str, Any] = {
        "done": now.done,
        "emergency": now.emergency,
        "progress": {
            "answered": now.answered,
            "remaining": now.remaining,
            "screens_remaining": now.screens_left,
        },
    }
    if now.screen is not None and now.question is not None:
        out["question"] = question_json(now.question, other)
        out["screen"] = screen_json(now.screen, now.questions, other)
    if now.assessment is not None:
        result = for_someone_else(now.assessment, knowledge()) if other else now.assessment
        out["assessment"] = result.to_dict()
    return _json(out)


def _check_next(body: Any) -> list[dict[str, str]]:
    if not isinstance(body, dict):
        return [{"field": "", "problem": "expected a JSON object with answers and skipped"}]
    errors = [
        {"field": key, "problem": "unknown key; expected answers, skipped, for or warnings_first"}
        for key in body
        if key not in ("answers", "skipped", "for", "warnings_first")
    ]
    if body.get("for", "me") not in AUDIENCES:
        errors.append({"field": "for", "problem": "expected 'me' or 'someone_else'"})
    if not isinstance(body.get("warnings_first", False), bool):
        errors.append({"field": "warnings_first", "problem": "expected true or false"})
    answers = body.get("answers", {})
    skipped = body.get("skipped", [])
    if not isinstance(answers, dict):
        return [*errors, {"field": "answers", "problem": "expected an object of answers"}]
    if not isinstance(skipped, list) or not all(isinstance(s, str) for s in skipped):
        return [*errors, {"field": "skipped", "problem": "expected a list of field names"}]
    kb = engine().kb
    for name, value in answers.items():
        if name not in kb.by_field:
            errors.append(
                {"field": f"answers.{name}", "problem": "not a question of the interview"}
            )
            continue
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            # check_answer hashes list members; an object in the list would be a 500
            errors.append({"field": f"answers.{name}", "problem": "expected a list of codes"})
            continue
        try:
            check_answer(kb.question(name), value)
        except InterviewError as exc:
            errors.append({"field": f"answers.{name}", "problem": str(exc).split(": ", 1)[-1]})
    for name in skipped:
        if name not in kb.by_field:
            errors.append(
                {"field": f"skipped.{name}", "problem": "not a question of the interview"}
            )
        elif kb.question(name).required:
            errors.append({"field": f"skipped.{name}", "problem": "required; it cannot be skipped"})
    return errors


@router.post(
    "/understand",
    operation_id="understand",
    summary="Read a description in the person's own words",
    description=(
        "What a check takes from a free-text description: case holds the answers taken as"
        " given (exactly those the check keeps when its confirm page is accepted unchanged:"
        " readings that add concern), estimates the readings it pre-selects but still asks"
        " (loose words, and any value that could lower concern: a denial, no pain, an age),"
        " stated everything the text states or denies, and mentions each reading with its"
        " character span and context (negated, hypothetical, historical, about someone else)."
        " warnings_first is true when the words read like descriptions that needed urgent"
        " care: a client then asks the warning-sign screens first (/api/v1/interview/next"
        " takes the same flag). Needs the NLP extra."
    ),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": UNDERSTAND_SCHEMA}},
        }
    },
    responses={
        200: {"description": "What the description was understood to say."},
        400: INVALID_JSON,
        422: {"description": 'The body is not {"text": "..."} (problem+json).'},
        503: {
            "description": "The NLP extra is not installed, or too many descriptions are being"
            " read at once (problem+json, with Retry-After)."
        },
    },
)
async def understand_description(request: Request) -> Response:
    try:
        body = await _body(request)
    except InterviewError as exc:
        return problem(400, "Invalid JSON", str(exc))
    errors = _check_understand(body)
    if errors:
        return problem(
            422, "Invalid description", 'Send the description as {"text": "..."}.', errors
        )
    try:
        understood = await readers.read(body["text"])
    except ReadingBusyError as exc:
        busy = problem(503, "Busy reading descriptions", str(exc))
        busy.headers["Retry-After"] = str(RETRY_AFTER)
        return busy
    except UnderstandingUnavailableError as exc:
        return problem(503, "Understanding unavailable", str(exc))
    # what the check takes as answered when the confirm page is accepted unchanged, and what it
    # only pre-selects: a reading that could lower concern is asked, never assumed
    taken, preselected = settle(*prefill(understood))
    return _json(
        {
            "knowledge_version": engine().kb.version,
            "case": taken,
            "estimates": preselected,
            "stated": understood.case,
            # the words read like ones that needed urgent care: ask the warning signs first
            "warnings_first": warnings_first(understood),
            "mentions": [m.to_json() for m in understood.mentions],
            "fields": [
                f._replace(estimated=f.field not in taken).to_json()
                for f in read_fields(understood)
            ],
        }
    )


def _check_understand(body: Any) -> list[dict[str, str]]:
    if not isinstance(body, dict):
        return [{"field": "", "problem": "expected a JSON object with text"}]
    errors = [
        {"field": key, "problem": "unknown key; expected text"} for key in body if key != "text"
    ]
    if "text" not in body:
        return [*errors, {"field": "text", "problem": "required; expected the description"}]
    text = body["text"]
    if not isinstance(text, str):
        kind = JSON_TYPES.get(type(text), type(text).__name__)
        errors.append({"field": "text", "problem": f"expected a string, got {kind}"})
    elif not text.strip():
        errors.append({"field": "text", "problem": "expected some words, got an empty string"})
    elif len(text) > MAX_TEXT:
        errors.append(
            {
                "field": "text",
                "problem": f"expected at most {MAX_TEXT} characters, got {len(text)}",
            }
        )
    return errors


@router.get("/health", operation_id="health", summary="Is the service up?")
async def health() -> Response:
    return _json({"status": "ok", "knowledge_version": engine().kb.version})
