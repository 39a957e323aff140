"""The SDC adaptive form: ``$next-question``, driven by the same interview engine as the checks.

The client posts a QuestionnaireResponse (bare, or as the ``questionnaire-response`` parameter of
a Parameters resource) whose ``questionnaire`` points at a contained Questionnaire holding the
questions asked so far. We read its answers, ask the engine for the next screen, and send the
response back with that screen added to both, as a group of its questions (linkId: the screen id,
numbered when a screen comes back for a follow-up); when the interview is over (or an answer is an
emergency) the response comes back ``completed``, with the triage level as an extension.
"""

from __future__ import annotations

import copy
from typing import Any

from crepitus.engine.interview import step
from crepitus.interop.fhir.common import QUESTIONNAIRE_URL, FhirInputError, Issue, emit, read
from crepitus.interop.fhir.questionnaire import question_items, questionnaire
from crepitus.interop.fhir.response import response_to_case
from crepitus.interop.fhir.results import TRIAGE, TRIAGE_EXTENSION
from crepitus.knowledge import knowledge

ADAPTIVE_ID = "adaptive"
ADAPTIVE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-adaptive"
PARAMETER = "questionnaire-response"


def unwrap(body: object) -> object:
    """The QuestionnaireResponse posted bare or inside Parameters (not yet checked)."""
    if isinstance(body, dict) and body.get("resourceType") == "Parameters":
        for index, parameter in enumerate(body.get("parameter") or []):
            if isinstance(parameter, dict) and parameter.get("name") == PARAMETER:
                resource = parameter.get("resource")
                if not isinstance(resource, dict):
                    raise FhirInputError(
                        [Issue("expected a resource", f"Parameters.parameter[{index}].resource")]
                    )
                return resource
        raise FhirInputError([Issue(f"no {PARAMETER!r} parameter", "Parameters.parameter")])
    return body


def _adaptive(response: dict[str, Any]) -> dict[str, Any]:
    """The contained Questionnaire of the questions asked so far (a new one on the first call)."""
    pointer = str(response.get("questionnaire") or "")
    for resource in response.get("contained") or []:
        if resource.get("resourceType") == "Questionnaire" and f"#{resource.get('id')}" == pointer:
            return dict(resource)
    if pointer and not pointer.startswith(QUESTIONNAIRE_URL):
        raise FhirInputError(
            [
                Issue(
                    f"expected a contained Questionnaire ('#id') or {QUESTIONNAIRE_URL}",
                    "QuestionnaireResponse.questionnaire",
                )
            ]
        )
    full = questionnaire()
    return {
        "resourceType": "Questionnaire",
        "id": ADAPTIVE_ID,
        "extension": [{"url": ADAPTIVE, "valueBoolean": True}],
        "url": f"{QUESTIONNAIRE_URL}-adaptive",
        "derivedFrom": [f"{full['url']}|{full['version']}"],
        "status": "active",
        "subjectType": ["Patient"],
        "item": [],
    }


def next_question(body: object) -> dict[str, Any]:
    """Answer ``$next-question``: the response with the next screen added, or completed."""
    response = copy.deepcopy(read("QuestionnaireResponse", unwrap(body)))
    if response.get("status") == "completed":
        return emit(response)
    adaptive = _adaptive(response)
    asked = [str(item.get("linkId")) for item in question_items(adaptive)]
    answers = response_to_case(
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": QUESTIONNAIRE_URL,
            "status": "in-progress",
            "item": _answered(response.get("item") or []),
        }
    )
    skipped = [name for name in asked if name not in answers]
    now = step(answers, skipped)
    if now.question is None:
        level = knowledge().levels[now.assessment.triage] if now.assessment else None
        response["status"] = "completed"
        if level is not None:
            response["extension"] = [
                *(e for e in response.get("extension") or [] if e.get("url") != TRIAGE_EXTENSION),
                {
                    "url": TRIAGE_EXTENSION,
                    "valueCoding": {"system": TRIAGE, "code": level.id, "display": level.label},
                },
            ]
    else:
        assert now.screen is not None
        full = {item["linkId"]: item for item in question_items(questionnaire())}
        shown = [full[q.field] for q in now.questions]
        groups = [str(item.get("linkId")) for item in adaptive.get("item") or []]
        link = now.screen.id if now.screen.id not in groups else f"{now.screen.id}-{len(groups)}"
        group = {"linkId": link, "text": now.screen.title, "type": "group"}
        adaptive["item"] = [
            *(adaptive.get("item") or []),
            {**group, "item": [_without_skip_logic(item) for item in shown]},
        ]
        asking = [{"linkId": item["linkId"], "text": item["text"]} for item in shown]
        response["item"] = [
            *(response.get("item") or []),
            {"linkId": link, "text": now.screen.title, "item": asking},
        ]
        response["status"] = "in-progress"
    response["questionnaire"] = f"#{adaptive['id']}"
    others = [r for r in response.get("contained") or [] if r.get("id") != adaptive["id"]]
    response["contained"] = [*others, adaptive]
    return emit(response)


def _without_skip_logic(item: dict[str, Any]) -> dict[str, Any]:
    """An item as asked: the engine already decided it applies."""
    return {k: v for k, v in item.items() if k not in ("enableWhen", "enableBehavior")}


def _answered(items: list[Any]) -> list[Any]:
    """The items that hold an answer, in their groups (an unanswered question is unknown)."""
    kept = []
    for item in items:
        if not isinstance(item, dict):
            kept.append(item)  # refused, with its place, when read
        elif item.get("answer"):
            kept.append(item)
        elif item.get("item"):
            inner = _answered(item["item"])
            if inner:
                kept.append({**item, "item": inner})
    return kept
