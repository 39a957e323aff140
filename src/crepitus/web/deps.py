"""Shared dependencies of the routes, as Annotated aliases.

They are ``async`` although none of them waits for anything: FastAPI runs a plain ``def``
dependency in its thread pool, and a hop to a thread and back for each of them on every request
cost more than the whole of their work.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates

from crepitus.settings import Settings
from crepitus.store.accounts import AccountRecord, Accounts
from crepitus.store.diary import OwnerStore, Store
from crepitus.store.models import LOCAL_OWNER
from crepitus.web.auth import SignInRequiredError, account_of


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _account(request: Request) -> AccountRecord:
    """The signed-in account; a page that needs one sends everybody else to sign in."""
    account = account_of(request.scope)
    if account is None:
        raise SignInRequiredError(request.url.path)
    return account


async def person(request: Request) -> None:
    """In server mode, the pages of a router with this dependency need a signed-in person.

    Set on the routers of the check, the diary and feedback, so a page that reads nothing yet
    (the check's first page) still asks for a sign-in before anything is typed into it.
    """
    if request.app.state.settings.multi_user:
        await _account(request)


async def _owner_store(request: Request) -> OwnerStore:
    """The store of the person asking: the only way a route reaches anyone's data.

    Personal mode has one owner. In server mode the owner is the signed-in account's, so a
    route can only ever read and write that person's rows.
    """
    store: Store = request.app.state.store
    if not request.app.state.settings.multi_user:
        return store.owner(LOCAL_OWNER)
    return store.owner((await _account(request)).owner)


async def _accounts(request: Request) -> Accounts:
    accounts: Accounts = request.app.state.accounts
    return accounts


async def _templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[OwnerStore, Depends(_owner_store)]
AccountDep = Annotated[AccountRecord, Depends(_account)]
AccountsDep = Annotated[Accounts, Depends(_accounts)]
TemplatesDep = Annotated[Jinja2Templates, Depends(_templates)]
