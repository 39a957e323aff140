"""The web application: pages and JSON API on one FastAPI app."""

from __future__ import annotations

from importlib import resources
from importlib.metadata import version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crepitus.assessment_words import evidence_words, safety_net
from crepitus.diary.words import region_name, trigger_names
from crepitus.emergency_numbers import numbers_for
from crepitus.engine.assess import engine
from crepitus.engine.result import Assessment, confidence
from crepitus.errors import CrepitusError
from crepitus.i18n import format_date, format_moment, translator
from crepitus.knowledge import knowledge
from crepitus.settings import Settings
from crepitus.store.accounts import Accounts, Limits
from crepitus.store.diary import Store
from crepitus.web import csrf, language
from crepitus.web.auth import Sessions, SignInRequiredError, account_of, sign_in_url
from crepitus.web.emergency import sources_of, steps_while_waiting
from crepitus.web.language import N_
from crepitus.web.language import gettext as _
from crepitus.web.problems import BodyLimit, problem
from crepitus.web.routes import (
    account,
    api,
    api_docs,
    cds_hooks,
    check,
    diary,
    feedback,
    fhir,
    kept,
    learn,
    sharing,
)
from crepitus.web.routes import language as language_switch
from crepitus.web.security import AccessLog, SecurityHeaders
from crepitus.web.words import fit, said, serious

DESCRIPTION = (
    "Guidance on back and neck popping: the triage engine and the adaptive interview behind the"
    " crepitus check. It gives guidance, not a diagnosis. Errors are RFC 9457 problem details."
)


ROUTERS = (
    learn.router,
    check.router,
    diary.router,
    feedback.router,
    kept.router,
    language_switch.router,
    api.router,
    api_docs.router,
    fhir.router,
    cds_hooks.router,
)
SERVER_ROUTERS = (account.router, sharing.router)  # server mode only
MIN_SECRET = 32


def all_routes(app: FastAPI) -> list[BaseRoute]:
    """Every route the app serves: its own, and those of the included routers."""
    own = [r for r in app.routes if isinstance(r, Route | Mount)]
    routers = (*ROUTERS, *SERVER_ROUTERS) if app.state.settings.multi_user else ROUTERS
    return [*own, *(route for router in routers for route in router.routes)]


def _label(field: str) -> str:
    kb = knowledge(language.current())
    return kb.question(field).label if field in kb.by_field else field.replace("_", " ")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app, with its settings, store and templates; server mode when settings say so."""
    settings = settings or Settings()
    server_mode_problem = server_mode_problems(settings)
    if server_mode_problem:
        raise CrepitusError(server_mode_problem)
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
    templates = Jinja2Templates(
        directory=str(folder.joinpath("templates")), context_processors=[_in_its_language]
    )
    # every string a page shows goes through the request's language (see language.py)
    templates.env.add_extension("jinja2.ext.i18n")
    templates.env.policies["ext.i18n.trimmed"] = True  # a message's line breaks are layout
    templates.env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=language.gettext, ngettext=language.ngettext, newstyle=True
    )
    templates.env.globals.update(
        label=_label, confidence=confidence, safety_net=_safety_net, evidence_words=_evidence
    )
    templates.env.globals.update(
        csrf_field=csrf.field, signed_in=_signed_in, multi_user=settings.multi_user
    )
    templates.env.globals.update(page_language=language.current, languages=language.LANGUAGES)
    templates.env.globals.update(region_name=region_name, trigger_names=trigger_names)
    templates.env.globals.update(
        emergency_numbers=numbers_for(settings.region),
        steps_while_waiting=steps_while_waiting,
        fit=fit,
        said=said,
        reads_words=language.reads_words,
        serious=serious(),
        sources_of=sources_of,
    )
    templates.env.filters["label"] = _label
    # dates and times as the page's language writes them
    templates.env.filters["day"] = lambda day: format_date(day, language.current())
    templates.env.filters["moment"] = lambda at, **how: format_moment(
        at.astimezone(), language.current(), **how
    )
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(folder.joinpath("static"))), name="static")
    app.add_api_route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False)
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(HeadAsGet)  # the innermost: everything outside still sees HEAD
    # the last added runs first: the log sees every answer, and every answer gets the headers;
    # the body limit applies before the CSRF check reads a form, which is before any route
    if settings.multi_user:
        limits = Limits.from_settings(settings)
        app.state.accounts = Accounts(app.state.store, limits)
        for router in SERVER_ROUTERS:
            app.include_router(router)
        app.add_middleware(Sessions, accounts=app.state.accounts)
    key = (
        settings.secret_key.get_secret_value().encode()
        if settings.secret_key
        else csrf.PERSONAL_KEY
    )
    app.add_middleware(csrf.CsrfProtect, templates=templates, key=key, secure=settings.multi_user)
    app.add_middleware(language.ChooseLanguage)  # outside the CSRF check, whose refusal is a page
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, https=settings.multi_user)
    app.add_middleware(AccessLog)
    _errors(app, templates)
    return app


def server_mode_problems(settings: Settings) -> str:
    """Why server mode cannot start with these settings ("" when it can, or when not asked)."""
    if not settings.multi_user:
        return ""
    missing = []
    secret = settings.secret_key.get_secret_value() if settings.secret_key else ""
    if len(secret) < MIN_SECRET:
        missing.append(
            f"CREPITUS_SECRET_KEY (a random secret of at least {MIN_SECRET} characters, the same"
            " for every worker; make one with: python -c 'import secrets;"
            " print(secrets.token_urlsafe(32))')"
        )
    if not settings.database_url:
        missing.append(
            "CREPITUS_DATABASE_URL (the database every worker shares, for example"
            " postgresql://crepitus@127.0.0.1/crepitus)"
        )
    if not missing:
        return ""
    return "server mode (--multi-user) needs " + " and ".join(missing) + "."


class HeadAsGet:
    """Answer HEAD wherever GET is answered: the GET's status and headers, without the body.

    Starlette's own routes do this; FastAPI's do not (and listing HEAD on each would put a HEAD
    operation for every GET in the OpenAPI schema).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _in_its_language(request: Request) -> dict[str, Any]:
    """What every page reads from the knowledge, in the page's language."""
    kb = knowledge(language.current())
    return {"kb": kb, "levels": kb.levels}


def _safety_net(result: Assessment) -> tuple[str, ...]:
    return safety_net(result, translator(language.current()))


def _evidence(strength: str) -> str:
    return evidence_words(strength, translator(language.current()))


def _signed_in(request: Request) -> Any:
    return account_of(request.scope)


def _errors(app: FastAPI, templates: Jinja2Templates) -> None:
    @app.exception_handler(SignInRequiredError)
    async def sign_in(request: Request, exc: SignInRequiredError) -> Response:
        # a page for signed-in people: sign in first, then come back to it
        return RedirectResponse(sign_in_url(exc.path), status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        # keep the exception's headers: a 405 must say which methods are allowed (Allow)
        if request.url.path.startswith("/api/"):
            answer: Response = problem(exc.status_code, _title(exc.status_code), str(exc.detail))
        elif exc.status_code == 405:  # a form's address opened on its own (a bookmark, a link)
            title, detail, onward = _form_only(request.url.path)
            answer = _page(request, templates, 405, title, detail, onward=onward)
        else:
            detail = exc.detail
            if exc.status_code == 404 and detail == "Not Found":  # no route: say it plainly
                detail = _(NO_PAGE)
            answer = _page(request, templates, exc.status_code, _title(exc.status_code), detail)
        answer.headers.update(exc.headers or {})
        return answer

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"field": ".".join(str(p) for p in e.get("loc", ())), "problem": str(e.get("msg"))}
            for e in exc.errors()
        ]
        if not request.url.path.startswith(JSON_PATHS):  # a page's address with a bad id in it
            return _page(request, templates, 404, _("Not found"), _no_such(exc))
        return problem(422, "Invalid request", "The request does not fit the API.", errors)


# the paths that answer machines: their errors stay problem details, whoever asks
JSON_PATHS = ("/api/", "/fhir/", "/cds-services")
# what a person opening a form's address on its own can do instead, by where it is
FORM_ONLY = (
    ("/check", N_("This page only opens as part of the check. Start the check again."), "/check"),
    ("/feedback", N_("Feedback is sent from the end of a result page."), "/check"),
    ("/diary", N_("This address only works from a button in your diary."), "/diary"),
)
NO_PAGE = N_("There is no page at this address. Check it, or start again from the home page.")
# what each id in a page's address names, to say which one is not there
NAMED = {
    "entry_id": N_("There is no diary entry %(id)s."),
    "share_id": N_("There is no share link %(id)s."),
}


def _page(
    request: Request,
    templates: Jinja2Templates,
    status: int,
    title: str,
    detail: str,
    *,
    onward: str = "",
) -> Response:
    context = {"title": title, "detail": detail, "way_on": onward}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def _form_only(path: str) -> tuple[str, str, str]:
    title = _("This page is part of a form")
    for prefix, detail, onward in FORM_ONLY:
        if path == prefix or path.startswith(prefix + "/"):
            return title, _(detail), onward
    return title, _("This address only works from a form."), ""


def _no_such(exc: RequestValidationError) -> str:
    for error in exc.errors():
        loc = error.get("loc", ())
        if len(loc) == 2 and loc[0] == "path" and loc[1] in NAMED:
            return _(NAMED[str(loc[1])]) % {"id": repr(str(error.get("input"))[:40])}
    return _(NO_PAGE)


def favicon() -> FileResponse:
    """The site's icon, where browsers look for it without being told."""
    icon = resources.files("crepitus.web").joinpath("static", "favicon.ico")
    headers = {"Cache-Control": "public, max-age=86400"}
    return FileResponse(str(icon), media_type="image/x-icon", headers=headers)


def _title(status: int) -> str:
    titles = {404: N_("Not found"), 405: N_("Method not allowed"), 410: N_("No longer available")}
    return _(titles.get(status, N_("Request failed")))


__all__ = ["HTMLResponse", "all_routes", "create_app"]
