"""The web application: pages and JSON API on one FastAPI app."""

from __future__ import annotations

from importlib import resources
from importlib.metadata import version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Mount, Route

from crepitus.engine.assess import engine
from crepitus.engine.result import confidence
from crepitus.knowledge import knowledge
from crepitus.settings import Settings
from crepitus.store.diary import Store
from crepitus.web.problems import BodyLimit, problem
from crepitus.web.routes import api, api_docs, cds_hooks, check, diary, feedback, fhir, learn
from crepitus.web.security import AccessLog, SecurityHeaders

DESCRIPTION = (
    "Guidance on back and neck popping: the triage engine and the adaptive interview behind the"
    " crepitus check. It gives guidance, not a diagnosis. Errors are RFC 9457 problem details."
)


ROUTERS = (
    learn.router,
    check.router,
    diary.router,
    feedback.router,
    api.router,
    api_docs.router,
    fhir.router,
    cds_hooks.router,
)


def all_routes(app: FastAPI) -> list[BaseRoute]:
    """Every route the app serves: its own, and those of the included routers."""
    own = [r for r in app.routes if isinstance(r, Route | Mount)]
    return [*own, *(route for router in ROUTERS for route in router.routes)]


def _label(field: str) -> str:
    kb = knowledge()
    return kb.question(field).label if field in kb.by_field else field.replace("_", " ")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app, with its settings, local store and templates."""
    settings = settings or Settings()
    engine()  # compile the knowledge base now, not on the first request
    app = FastAPIOffline(
        title="crepitus",
        version=version("crepitus"),
        description=DESCRIPTION,
        static_url="/static/api-docs",
        docs_url=None,  # our own /docs page (routes/api_docs.py) wraps Redoc accessibly
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = Store(settings.database)
    folder = resources.files("crepitus.web")
    templates = Jinja2Templates(directory=str(folder.joinpath("templates")))
    templates.env.globals.update(
        kb=knowledge(), label=_label, confidence=confidence, levels=knowledge().levels
    )
    templates.env.filters["label"] = _label
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(folder.joinpath("static"))), name="static")
    for router in ROUTERS:
        app.include_router(router)
    # the last added runs first: the log sees every answer, and every answer gets the headers
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    _errors(app, templates)
    return app


def _errors(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # keep the exception's headers: a 405 must say which methods are allowed (Allow)
        if request.url.path.startswith("/api/"):
            answer: Response = problem(exc.status_code, _title(exc.status_code), str(exc.detail))
        else:
            context: dict[str, Any] = {"title": _title(exc.status_code), "detail": exc.detail}
            answer = templates.TemplateResponse(
                request, "error.html", context, status_code=exc.status_code
            )
        answer.headers.update(exc.headers or {})
        return answer

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": str(e.get("msg"))}
            for e in exc.errors()
        ]
        return problem(422, "Invalid request", "The request does not fit the API.", errors)


def _title(status: int) -> str:
    return {404: "Not found", 405: "Method not allowed"}.get(status, "Request failed")


__all__ = ["HTMLResponse", "all_routes", "create_app"]
