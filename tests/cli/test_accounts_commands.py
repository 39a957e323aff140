"""``crepitus accounts`` and ``crepitus serve --multi-user``, run as an administrator would.

Each command runs in a subprocess whose environment holds no CREPITUS_ setting but the ones a
test gives it, so nothing of the machine's (or of another test's) configuration leaks in.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crepitus.store.accounts import Accounts
from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store, check_entry
from crepitus.store.models import OWNED
from crepitus.store.sharing import OwnerShares, open_share
from tests.cli.conftest import crepitus

PASSWORD = "correct horse battery"


@pytest.fixture
def clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment without any CREPITUS_ setting, and a private data folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CREPITUS_")}
    env["CREPITUS_DATA_DIR"] = str(tmp_path / "data")
    return env


@pytest.fixture
def url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "server.sqlite3")


@pytest.fixture
def env(clean_env: dict[str, str], url: str) -> dict[str, str]:
    return {**clean_env, "CREPITUS_DATABASE_URL": url}


@pytest.fixture
def accounts(url: str) -> Iterator[Accounts]:
    """The accounts of the server's database, as the test (not the command) sees them."""
    store = Store(url)
    yield Accounts(store)
    store.close()


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return crepitus(*args, stdin=stdin, env=env)


# -- accounts add --------------------------------------------------------------------------------


def test_add_creates_an_account_that_signs_in(env: dict[str, str], accounts: Accounts) -> None:
    done = run(env, "accounts", "add", "Alice.Smith", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    assert "Created the account alice.smith." in done.stdout
    account = accounts.find("alice.smith")
    assert account is not None
    assert accounts.authenticate("alice.smith", PASSWORD) == account
    assert PASSWORD not in done.stdout + done.stderr


def test_add_refuses_a_short_password_and_creates_nothing(
    env: dict[str, str], accounts: Accounts
) -> None:
    done = run(env, "accounts", "add", "alice", "--password-stdin", stdin="short\n")
    assert done.returncode == 1
    assert "password: use at least 10 characters" in done.stderr
    assert accounts.find("alice") is None


def test_add_refuses_a_bad_name(env: dict[str, str], accounts: Accounts) -> None:
    done = run(env, "accounts", "add", "a b", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 1
    assert "username:" in done.stderr
    assert accounts.find("a b") is None


def test_add_refuses_a_taken_name(env: dict[str, str], accounts: Accounts) -> None:
    accounts.register("alice", PASSWORD)
    done = run(env, "accounts", "add", "ALICE", "--password-stdin", stdin="another password\n")
    assert done.returncode == 1
    assert "username: that name is taken" in done.stderr
    assert accounts.authenticate("alice", PASSWORD).username == "alice"


def test_add_without_a_database_url_says_what_to_set(clean_env: dict[str, str]) -> None:
    done = run(clean_env, "accounts", "add", "alice", "--password-stdin", stdin=PASSWORD + "\n")
    assert done.returncode == 1
    assert "set CREPITUS_DATABASE_URL" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (Path(clean_env["CREPITUS_DATA_DIR"]) / "crepitus.sqlite3").exists()


def test_add_without_a_terminal_asks_for_password_stdin(
    env: dict[str, str], accounts: Accounts
) -> None:
    done = run(env, "accounts", "add", "alice", stdin=PASSWORD + "\n")
    assert done.returncode == 2
    assert "--password-stdin" in done.stderr
    assert accounts.find("alice") is None


# -- accounts delete -----------------------------------------------------------------------------


def test_delete_removes_the_account_and_its_data_only(
    env: dict[str, str], url: str, accounts: Accounts
) -> None:
    store = accounts.store
    gone = accounts.register("alice", PASSWORD)
    kept = accounts.register("bob", PASSWORD)
    for account in (gone, kept):
        owner = store.owner(account.owner)
        owner.add(
            check_entry({"at": "2026-11-20T08:30Z", "region": "lumbar", "pops": 1, "pain": 2})
        )
        owner.save_assessment({"age": 40}, {"triage": "self_care", "knowledge_version": "x"})
        owner.add_feedback(True, "fine", "self_care", "x")
        _, token = OwnerShares(store, account.owner).create("Dr Lee", days=7, max_days=90)
        assert open_share(store, token, "diary") is not None
    gone_session = accounts.start_session(gone)

    done = run(env, "accounts", "delete", "ALICE", "--yes")

    assert done.returncode == 0, done.stderr
    assert f"Deleted the account alice and {len(OWNED)} records." in done.stdout
    assert accounts.find("alice") is None
    assert accounts.session_account(gone_session) is None
    assert store.owner(gone.owner).count() == 0
    assert OwnerShares(store, gone.owner).all() == []
    assert OwnerShares(store, gone.owner).accesses() == []
    assert accounts.find("bob") == kept
    assert store.owner(kept.owner).count() == 1
    assert store.owner(kept.owner).latest_assessment() is not None
    assert len(OwnerShares(store, kept.owner).accesses()) == 1


def test_delete_of_an_unknown_name_fails(env: dict[str, str], accounts: Accounts) -> None:
    accounts.register("bob", PASSWORD)
    done = run(env, "accounts", "delete", "alice", "--yes")
    assert done.returncode == 1
    assert "there is no account 'alice'" in done.stderr
    assert accounts.find("bob") is not None


def test_delete_without_yes_or_a_terminal_deletes_nothing(
    env: dict[str, str], accounts: Accounts
) -> None:
    accounts.register("alice", PASSWORD)
    done = run(env, "accounts", "delete", "alice")
    assert done.returncode == 2
    assert "--yes" in done.stderr
    assert accounts.find("alice") is not None


def test_delete_without_a_database_url_says_what_to_set(clean_env: dict[str, str]) -> None:
    done = run(clean_env, "accounts", "delete", "alice", "--yes")
    assert done.returncode == 1
    assert "set CREPITUS_DATABASE_URL" in done.stderr


# -- serve --multi-user --------------------------------------------------------------------------


def test_server_mode_without_its_settings_refuses_to_start(clean_env: dict[str, str]) -> None:
    done = run(clean_env, "serve", "--multi-user", "--port", "1")
    assert done.returncode == 2
    assert "--multi-user" in done.stderr
    assert "CREPITUS_SECRET_KEY" in done.stderr
    assert "CREPITUS_DATABASE_URL" in done.stderr
    assert "is serving" not in done.stderr


def test_server_mode_with_a_short_secret_names_the_secret(env: dict[str, str]) -> None:
    short = {**env, "CREPITUS_SECRET_KEY": "too-short"}
    done = run(short, "serve", "--multi-user", "--port", "1")
    assert done.returncode == 2
    assert "CREPITUS_SECRET_KEY" in done.stderr
    assert "at least 32 characters" in done.stderr
    assert "CREPITUS_DATABASE_URL" not in done.stderr
    assert "too-short" not in done.stderr
    assert "is serving" not in done.stderr


def test_server_mode_with_a_secret_but_no_database_names_the_database(
    clean_env: dict[str, str],
) -> None:
    secret = {**clean_env, "CREPITUS_SECRET_KEY": "s" * 40}
    done = run(secret, "serve", "--multi-user", "--port", "1")
    assert done.returncode == 2
    assert "CREPITUS_DATABASE_URL" in done.stderr
    assert "CREPITUS_SECRET_KEY" not in done.stderr
    assert "s" * 40 not in done.stderr
