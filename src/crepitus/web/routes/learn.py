"""The home page and the learn pages, generated from the knowledge base."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from crepitus.assessment_words import evidence_words
from crepitus.i18n import translator
from crepitus.knowledge import knowledge
from crepitus.web.deps import TemplatesDep
from crepitus.web.language import current
from crepitus.web.language import gettext as _
from crepitus.web.length import screens_median

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, templates: TemplatesDep) -> HTMLResponse:
    context = {"title": _("Is my back popping normal?"), "screens": screens_median()}
    return templates.TemplateResponse(request, "home.html", context)


@router.get("/learn", response_class=HTMLResponse)
async def learn_index(request: Request, templates: TemplatesDep) -> HTMLResponse:
    kb = knowledge(current())
    return templates.TemplateResponse(
        request,
        "learn_index.html",
        {"title": _("Why does my back pop?"), "conditions": kb.conditions, "advice": kb.advice},
    )


@router.get("/learn/conditions/{condition_id}", response_class=HTMLResponse)
async def learn_condition(
    condition_id: str, request: Request, templates: TemplatesDep
) -> HTMLResponse:
    condition = knowledge(current()).conditions.get(condition_id)
    if condition is None:
        raise HTTPException(404, _("No learn page for %(page)s.") % {"page": repr(condition_id)})
    context = {"title": condition.name, "condition": condition}
    return templates.TemplateResponse(request, "learn_condition.html", context)


@router.get("/learn/advice/{advice_id}", response_class=HTMLResponse)
async def learn_advice(advice_id: str, request: Request, templates: TemplatesDep) -> HTMLResponse:
    item = knowledge(current()).advice.get(advice_id)
    if item is None:
        raise HTTPException(404, _("No learn page for %(page)s.") % {"page": repr(advice_id)})
    words = evidence_words(item.evidence.strength, translator(current())) if item.evidence else ""
    strength = words.capitalize()
    context = {"title": item.title, "item": item, "strength": strength}
    return templates.TemplateResponse(request, "learn_advice.html", context)
