"""Shared dependencies of the routes, as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from crepitus.settings import Settings
from crepitus.store.diary import OwnerStore, Store
from crepitus.store.models import LOCAL_OWNER


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _owner_store(request: Request) -> OwnerStore:
    """The store of the person using the app (personal mode: the one local owner)."""
    store: Store = request.app.state.store
    return store.owner(LOCAL_OWNER)


def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[OwnerStore, Depends(_owner_store)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]
