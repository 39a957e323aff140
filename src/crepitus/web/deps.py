"""Shared dependencies of the routes, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from crepitus.settings import Settings
from crepitus.store.feedback import FeedbackStore


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _feedback(request: Request) -> FeedbackStore:
    store: FeedbackStore = request.app.state.feedback
    return store


def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


SettingsDep = Annotated[Settings, Depends(_settings)]
FeedbackDep = Annotated[FeedbackStore, Depends(_feedback)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]
