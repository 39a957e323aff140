"""The API's reference page: Redoc, served from the package (no CDN), in an accessible shell."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from crepitus.web.deps import TemplatesDep
from crepitus.web.language import gettext as _

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
async def api_docs(request: Request, templates: TemplatesDep) -> HTMLResponse:
    return templates.TemplateResponse(request, "api_docs.html", {"title": _("API reference")})
