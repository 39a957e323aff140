"""Accounts of a multi-user server: sign-up, sign-in with limits, sessions, password, deletion.

Passwords are hashed with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes). Everything lives
in the database, nothing in the process, so any worker answers any request: a session is a row
found by the SHA-256 of the cookie's random token, and the sign-in limits count rows of failures
that every worker sees.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from crepitus.errors import AccountError, FieldProblem, LockedOutError
from crepitus.store.diary import Store
from crepitus.store.models import OWNED, Account, LoginFailure, SessionRow

USERNAME = re.compile(r"[a-z0-9][a-z0-9._@+-]{2,63}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1_024
ADDRESS_FACTOR = 5  # one address may fail this many times more than one name (a clinic's wifi)

_hasher = PasswordHasher()  # argon2id
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_UNKNOWN = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True, slots=True)
class AccountRecord:
    id: int
    username: str
    owner: str  # the owner id of every row of this account's data
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Limits:
    """How many failed sign-ins are allowed, and for how long a lock lasts."""

    attempts: int = 5
    minutes: int = 15
    session_hours: int = 12


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _record(row: Account) -> AccountRecord:
    return AccountRecord(row.id, row.username, row.owner, row.created_at)


def _name(username: str) -> str:
    return username.strip().lower()


def check_password(password: str, username: str = "", field: str = "password") -> None:
    """Refuse a password that is too short, too long or the name itself."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(FieldProblem(field, f"use at least {MIN_PASSWORD} characters"))
    elif len(password) > MAX_PASSWORD:
        problems.append(FieldProblem(field, f"use at most {MAX_PASSWORD} characters"))
    elif username and _name(password) == _name(username):
        problems.append(FieldProblem(field, "must not be the account name"))
    if problems:
        raise AccountError(problems)


class Accounts:
    """The accounts kept in one store's database."""

    def __init__(
        self,
        store: Store,
        limits: Limits | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.limits = limits or Limits()
        self._now = now

    # -- sign-up ---------------------------------------------------------------------------------

    def register(self, username: str, password: str) -> AccountRecord:
        name = _name(username)
        if not USERNAME.fullmatch(name):
            raise AccountError(
                [
                    FieldProblem(
                        "username",
                        "use 3 to 64 letters, digits or . _ @ + - (starting with a letter or"
                        " digit)",
                    )
                ]
            )
        check_password(password, name)
        now = self._now()
        row = Account(
            username=name,
            owner=secrets.token_hex(16),
            password_hash=_hasher.hash(password),
            created_at=now,
            password_changed_at=now,
        )
        try:
            with self.store.session() as session:
                session.add(row)
                session.flush()
                return _record(row)
        except IntegrityError:
            raise AccountError([FieldProblem("username", "that name is taken")]) from None

    def find(self, username: str) -> AccountRecord | None:
        with self.store.session() as session:
            row = session.scalars(
                select(Account).where(Account.username == _name(username))
            ).first()
            return None if row is None else _record(row)

    # -- sign-in ---------------------------------------------------------------------------------

    def authenticate(self, username: str, password: str, address: str = "") -> AccountRecord:
        """The account, when the password is right and neither the name nor address is locked.

        A locked name is refused even with the right password, so guessing cannot go on by
        waiting for the one right answer. Failures are counted whether or not the name exists,
        and the answer is the same, so the form does not tell which names have accounts.
        """
        name = _name(username)
        keys = [f"name:{name}"] + ([f"address:{address}"] if address else [])
        pending = self._attempt(keys)
        with self.store.session() as session:
            row = session.scalars(select(Account).where(Account.username == name)).first()
            stored = row.password_hash if row is not None else _UNKNOWN
        if not _verify(stored, password) or row is None:
            raise AccountError([FieldProblem("", "That name and password do not match.")])
        with self.store.session() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.key == f"name:{name}"))
            session.execute(delete(LoginFailure).where(LoginFailure.id.in_(pending)))
            if _hasher.check_needs_rehash(stored):
                session.get_one(Account, row.id).password_hash = _hasher.hash(password)
        return _record(row)

    def _attempt(self, keys: list[str]) -> list[int]:
        """Count an attempt as failed before its password is checked; refuse it over the limit.

        Counting first is what makes the limit hold when many guesses arrive at once: each
        attempt's row is committed before it counts, so of any number of simultaneous guesses
        at most the limit get as far as the password. A right password removes the rows again;
        a refused attempt removes its own (so hammering a locked name does not extend the lock).
        """
        now = self._now()
        with self.store.session() as session:
            rows = [LoginFailure(key=key[:200], at=now) for key in keys]
            session.add_all(rows)
            session.flush()
            pending = [row.id for row in rows]
        try:
            self._refuse_if_locked(keys)
        except LockedOutError:
            with self.store.session() as session:
                session.execute(delete(LoginFailure).where(LoginFailure.id.in_(pending)))
            raise
        return pending

    def _refuse_if_locked(self, keys: list[str]) -> None:
        now = self._now()
        window = timedelta(minutes=self.limits.minutes)
        with self.store.session() as session:
            for key in keys:
                allowed = self.limits.attempts
                if key.startswith("address:"):
                    allowed *= ADDRESS_FACTOR
                failures = session.execute(
                    select(func.count(), func.min(LoginFailure.at)).where(
                        LoginFailure.key == key[:200], LoginFailure.at > now - window
                    )
                ).one()
                count, first = int(failures[0]), failures[1]
                if count > allowed:  # this attempt's own row is among them
                    # the lock lasts until the oldest failure in the window leaves it
                    left = (first + window - now).total_seconds() if first else 60
                    raise LockedOutError(max(1, -(-int(left) // 60)))

    # -- sessions --------------------------------------------------------------------------------

    def start_session(self, account: AccountRecord) -> str:
        """A new session's token, for the cookie; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        now = self._now()
        with self.store.session() as session:
            session.add(
                SessionRow(
                    token_hash=token_hash(token),
                    account_id=account.id,
                    created_at=now,
                    expires_at=now + timedelta(hours=self.limits.session_hours),
                )
            )
            # a sign-in is a good moment to forget sessions and failures that have run out
            session.execute(delete(SessionRow).where(SessionRow.expires_at <= now))
            window = timedelta(minutes=self.limits.minutes)
            session.execute(delete(LoginFailure).where(LoginFailure.at <= now - window))
        return token

    def session_account(self, token: str) -> AccountRecord | None:
        """The account signed in with ``token``, or None when it is unknown or has run out."""
        with self.store.session() as session:
            row = session.scalars(
                select(Account)
                .join(SessionRow, SessionRow.account_id == Account.id)
                .where(SessionRow.token_hash == token_hash(token))
                .where(SessionRow.expires_at > self._now())
            ).first()
            return None if row is None else _record(row)

    def end_session(self, token: str) -> None:
        with self.store.session() as session:
            session.execute(delete(SessionRow).where(SessionRow.token_hash == token_hash(token)))

    # -- changes ---------------------------------------------------------------------------------

    def change_password(
        self, account: AccountRecord, current: str, new: str, keep_token: str = ""
    ) -> None:
        """Set a new password and sign out every other session (only ``keep_token`` stays)."""
        self._confirm(account, current, "current_password")
        check_password(new, account.username, "new_password")
        with self.store.session() as session:
            row = session.get_one(Account, account.id)
            row.password_hash = _hasher.hash(new)
            row.password_changed_at = self._now()
            session.execute(
                delete(SessionRow).where(
                    SessionRow.account_id == account.id,
                    SessionRow.token_hash != token_hash(keep_token),
                )
            )

    def delete(self, account: AccountRecord, password: str) -> int:
        """Delete the account and everything it owns, in one transaction; how many rows went."""
        self._confirm(account, password, "password")
        return self.delete_unchecked(account)

    def delete_unchecked(self, account: AccountRecord) -> int:
        """Delete without asking for the password (the administrator's command line)."""
        removed = 0
        with self.store.session() as session:
            for table in OWNED:
                done = session.execute(delete(table).where(table.owner == account.owner))
                removed += int(getattr(done, "rowcount", 0))
            session.execute(delete(SessionRow).where(SessionRow.account_id == account.id))
            session.execute(
                delete(LoginFailure).where(LoginFailure.key == f"name:{account.username}")
            )
            session.execute(delete(Account).where(Account.id == account.id))
        return removed + 1

    def _confirm(self, account: AccountRecord, password: str, field: str) -> None:
        """Check the password of a signed-in person, under the same limits as signing in."""
        pending = self._attempt([f"name:{account.username}"])
        with self.store.session() as session:
            stored = session.get_one(Account, account.id).password_hash
        if not _verify(stored, password):
            raise AccountError([FieldProblem(field, "that is not your password")])
        with self.store.session() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.id.in_(pending)))


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
