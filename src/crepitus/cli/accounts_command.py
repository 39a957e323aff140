"""``crepitus accounts``: an administrator adds or deletes accounts of a multi-user server."""

from __future__ import annotations

import getpass
import sys

from crepitus.cli.diary_commands import fail
from crepitus.errors import AccountError, CrepitusError
from crepitus.store.accounts import Accounts


def _accounts() -> Accounts:
    from crepitus.settings import Settings
    from crepitus.store.diary import Store

    settings = Settings()
    if not settings.database_url:
        raise CrepitusError(
            "set CREPITUS_DATABASE_URL to the server's database (accounts live only there)"
        )
    return Accounts(Store(settings.database_url))


def run_add(name: str, password_stdin: bool) -> int:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        if not sys.stdin.isatty():
            return fail("no terminal to ask for the password: use --password-stdin", 2)
        password = getpass.getpass("Password: ")
        if getpass.getpass("The same password again: ") != password:
            return fail("the two passwords differ; nothing was created")
    try:
        accounts = _accounts()
        if accounts.find(name) is not None:  # the administrator may be told plainly
            return fail("username: that name is taken")
        account = accounts.register(name, password)
    except AccountError as exc:
        return fail("; ".join(str(p) for p in exc.problems))
    except CrepitusError as exc:
        return fail(str(exc))
    print(f"Created the account {account.username}.")
    return 0


def run_delete(name: str, yes: bool) -> int:
    try:
        accounts = _accounts()
    except CrepitusError as exc:
        return fail(str(exc))
    account = accounts.find(name)
    if account is None:
        return fail(f"there is no account {name!r}")
    if not yes:
        if not sys.stdin.isatty():
            return fail("refusing to delete without confirmation: add --yes", 2)
        reply = input(f"Delete {account.username} and every record it owns? Type 'yes': ")
        if reply.strip().lower() != "yes":
            print("Nothing was deleted.")
            return 1
    removed = accounts.delete_unchecked(account)
    print(f"Deleted the account {account.username} and {removed - 1} records.")
    return 0
