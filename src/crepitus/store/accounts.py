"""Accounts of a multi-user server: sign-up, sign-in with limits, sessions, password, deletion.

Passwords are hashed with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes), at most
``Limits.hashing`` at a time in one process, so memory stays bounded however many requests
arrive. Everything else lives in the database, nothing in the process, so any worker answers any
request: a session is a row found by the SHA-256 of the cookie's random token, and the limits
count rows that every worker sees.

Guessing is slowed down, never turned into a lock a stranger can hand the owner. Failed sign-ins
are counted per name *and* address, per address across names, and per name across addresses;
past each allowance, every further try must wait twice as long as the one before (one minute,
two, four, up to the window). A browser that has signed in to the name before (the web layer
recognises its signed device cookie) is counted on its own, so strangers' guesses never slow
the owner's own browser; and a signed-in person's confirmations (changing the password,
deleting the account) are counted per session, never refused because of anyone else's guesses.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, delete, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from zxcvbn import zxcvbn

from crepitus.errors import AccountError, FieldProblem, LockedOutError
from crepitus.i18n import current, gettext
from crepitus.knowledge.locales import ENGLISH
from crepitus.store.diary import Store
from crepitus.store.models import OWNED, Account, LoginFailure, SessionRow

if TYPE_CHECKING:
    from crepitus.settings import Settings

USERNAME = re.compile(r"[a-z0-9][a-z0-9._@+-]{2,63}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1_024
MIN_STRENGTH = 3  # zxcvbn's score, 0 to 4: 3 is "safely unguessable" against online guessing
STRENGTH_CHARACTERS = 72  # zxcvbn reads this many characters (its own limit); longer ones pass
ADDRESS_FACTOR = 5  # one address (a clinic's wifi), or one name from many addresses, gets 5x
FIRST_WAIT = 60  # seconds: the first wait past an allowance; each further failure doubles it
REGISTRATION_WINDOW = timedelta(hours=1)
HASHING_WAIT = 5.0  # seconds a request waits for a hashing slot before it is told to come back
BUSY_RETRY = 5  # seconds, the Retry-After of such an answer
KEY_LENGTH = 200  # the failure table's key column

_hasher = PasswordHasher()  # argon2id
# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
_UNKNOWN = _hasher.hash(secrets.token_hex(16))


class SlowDownError(LockedOutError):
    """Too many failed tries from here: the next one is not checked for ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self.seconds = max(1, seconds)
        super().__init__(max(1, math.ceil(self.seconds / 60)))


class RegistrationLimitError(AccountError):
    """Too many accounts made from one address within the hour."""

    def __init__(self, seconds: int) -> None:
        self.seconds = max(1, seconds)
        super().__init__(
            [
                FieldProblem(
                    "",
                    "Too many accounts have been created from your network recently. Please try"
                    " again later.",
                )
            ]
        )


class BusyError(AccountError):
    """Every password-hashing slot of this process is in use: come back in ``seconds``."""

    def __init__(self, seconds: int = BUSY_RETRY) -> None:
        self.seconds = seconds
        super().__init__(
            [FieldProblem("", "The server is busy. Please try again in a few seconds.")]
        )


@dataclass(frozen=True, slots=True)
class AccountRecord:
    id: int
    username: str
    owner: str  # the owner id of every row of this account's data
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Limits:
    """Allowances of failed sign-ins and of sign-ups, and how many hashes run at once."""

    attempts: int = 5  # failed sign-ins for one name from one address before waits begin
    minutes: int = 15  # the window failures are counted in, and the longest wait
    session_hours: int = 12
    registrations: int = 10  # sign-ups one address may try within an hour
    hashing: int = 2  # argon2 hashes computed at once in one process (64 MiB each)

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            attempts=settings.login_attempts,
            minutes=settings.lockout_minutes,
            session_hours=settings.session_hours,
            registrations=settings.registrations_per_hour,
            hashing=settings.hashing_slots,
        )


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _record(row: Account) -> AccountRecord:
    return AccountRecord(row.id, row.username, row.owner, row.created_at)


def _name(username: str) -> str:
    """The name as stored and counted: no account name holds a control character (sign-up
    refuses them), and the databases refuse some (PostgreSQL a NUL), so they are dropped."""
    return "".join(c for c in username if c.isprintable()).strip().lower()


def check_password(password: str, username: str = "", field: str = "password") -> None:
    """Refuse a password that is too short, too long, the name itself, or easy to guess.

    How easy is judged by zxcvbn, which knows common passwords, words, names, keyboard rows,
    repeats, sequences and dates, and is told the account name too.
    """
    problems = []
    if len(password) < MIN_PASSWORD:
        said = gettext("use at least %(count)s characters") % {"count": MIN_PASSWORD}
        problems.append(FieldProblem(field, said))
    elif len(password) > MAX_PASSWORD:
        said = gettext("use at most %(count)s characters") % {"count": MAX_PASSWORD}
        problems.append(FieldProblem(field, said))
    elif username and _name(password) == _name(username):
        problems.append(FieldProblem(field, gettext("must not be the account name")))
    else:
        estimate = zxcvbn(
            password[:STRENGTH_CHARACTERS], user_inputs=[username] if username else []
        )
        if estimate["score"] < MIN_STRENGTH and current() != ENGLISH:
            # the strength checker explains itself in English only: say it plainly instead
            said = gettext("too easy to guess. Add another word or two. Uncommon words are better.")
            problems.append(FieldProblem(field, said))
        elif estimate["score"] < MIN_STRENGTH:
            feedback = estimate["feedback"]
            why = str(feedback.get("warning") or "").rstrip(".")
            advice = " ".join(feedback.get("suggestions") or []) or (
                "Add another word or two. Uncommon words are better."
            )
            problems.append(
                FieldProblem(
                    field,
                    "too easy to guess"
                    + (f" ({why[:1].lower()}{why[1:]})" if why else "")
                    + f". {advice}",
                )
            )
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
        self._now = now
        self.limits = limits or Limits()

    @property
    def limits(self) -> Limits:
        return self._limits

    @limits.setter
    def limits(self, limits: Limits) -> None:
        self._limits = limits
        # the hashes of this process, at most limits.hashing at a time
        self.hashing = threading.BoundedSemaphore(max(1, limits.hashing))

    @contextmanager
    def _hashing_slot(self) -> Iterator[None]:
        slots = self.hashing
        if not slots.acquire(timeout=HASHING_WAIT):
            raise BusyError()
        try:
            yield
        finally:
            slots.release()

    def _hash(self, password: str) -> str:
        with self._hashing_slot():
            return _hasher.hash(password)

    def _verify(self, stored: str, password: str) -> bool:
        with self._hashing_slot():
            try:
                return _hasher.verify(stored, password)
            except (VerificationError, InvalidHashError):
                return False

    # -- sign-up ---------------------------------------------------------------------------------

    def register(self, username: str, password: str, address: str = "") -> AccountRecord:
        """A new account; at most ``limits.registrations`` tries an hour from one address.

        A taken name is refused without saying it is taken ("cannot be used"), after the same
        work (the password is hashed either way), and counts against the address's allowance
        like any other try. Sign-up cannot hide that a name is taken altogether, since it must
        refuse it; the allowance keeps asking as slow as guessing at the sign-in form.
        """
        name = _name(username)
        if not USERNAME.fullmatch(name):
            raise AccountError(
                [
                    FieldProblem(
                        "username",
                        gettext(
                            "use 3 to 64 letters, digits or . _ @ + - (starting with a letter"
                            " or digit)"
                        ),
                    )
                ]
            )
        check_password(password, name)
        if address:
            self._count_registration(address)
        now = self._now()
        row = Account(
            username=name,
            owner=secrets.token_hex(16),
            password_hash=self._hash(password),
            created_at=now,
            password_changed_at=now,
        )
        try:
            with self.store.session() as session:
                session.add(row)
                session.flush()
                return _record(row)
        except IntegrityError:
            raise AccountError(
                [
                    FieldProblem(
                        "username", gettext("that name cannot be used; please choose another")
                    )
                ]
            ) from None

    def _count_registration(self, address: str) -> None:
        """Record a sign-up from ``address`` first, then refuse it if it is over the allowance."""
        key = f"register:{address}"[:KEY_LENGTH]
        now = self._now()
        with self.store.session() as session:
            row = LoginFailure(key=key, at=now)
            session.add(row)
            session.flush()
            own = row.id
        with self.store.session() as session:
            count, first = session.execute(
                select(func.count(), func.min(LoginFailure.at)).where(
                    LoginFailure.key == key,
                    LoginFailure.at > now - REGISTRATION_WINDOW,
                    LoginFailure.id != own,
                )
            ).one()
        if int(count) >= self.limits.registrations:
            with self.store.session() as session:
                session.execute(delete(LoginFailure).where(LoginFailure.id == own))
            left = (first + REGISTRATION_WINDOW - now).total_seconds() if first else 60
            raise RegistrationLimitError(math.ceil(left))

    def find(self, username: str) -> AccountRecord | None:
        with self.store.session() as session:
            row = session.scalars(
                select(Account).where(Account.username == _name(username))
            ).first()
            return None if row is None else _record(row)

    # -- sign-in ---------------------------------------------------------------------------------

    def authenticate(
        self, username: str, password: str, address: str = "", device: str = ""
    ) -> AccountRecord:
        """The account, when the password is right and no count asks this try to wait.

        ``device`` names a browser that has signed in to this name before (the caller has
        checked its signature): its tries are counted on their own, so strangers' failures
        never slow it. Failures are counted whether or not the name exists, and the answer is
        the same, so the form does not tell which names have accounts.
        """
        name = _name(username)
        if device:
            counts = {f"device:{name}|{device}": self.limits.attempts}
        else:
            counts = {
                f"pair:{name}|{address}": self.limits.attempts,
                f"name:{name}": self.limits.attempts * ADDRESS_FACTOR,
            }
            if address:
                counts[f"address:{address}"] = self.limits.attempts * ADDRESS_FACTOR
        pending = self._attempt(counts)
        with self.store.session() as session:
            row = session.scalars(select(Account).where(Account.username == name)).first()
            stored = row.password_hash if row is not None else _UNKNOWN
        if not self._verify(stored, password) or row is None:
            raise AccountError([FieldProblem("", gettext("That name and password do not match."))])
        # the right password: this browser's (or this address's) failures for the name go
        mine = next(iter(counts))[:KEY_LENGTH]
        with self.store.session() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.key == mine))
            session.execute(delete(LoginFailure).where(LoginFailure.id.in_(pending)))
        if _hasher.check_needs_rehash(stored):
            rehashed = self._hash(password)
            with self.store.session() as session:
                session.get_one(Account, row.id).password_hash = rehashed
        return _record(row)

    def _attempt(self, counts: dict[str, int]) -> list[int]:
        """Count a try as failed before its password is checked; make it wait when over.

        Counting first is what makes the allowance hold when many guesses arrive at once: each
        try's rows are committed before it counts, so of any number of simultaneous guesses at
        most the allowance get as far as the password. A right password removes the rows again;
        a try told to wait removes its own, so hammering never lengthens the wait.
        """
        now = self._now()
        with self.store.session() as session:
            rows = [LoginFailure(key=key[:KEY_LENGTH], at=now) for key in counts]
            session.add_all(rows)
            session.flush()
            pending = [row.id for row in rows]
        wait = max(self._wait(key, allowed, pending, now) for key, allowed in counts.items())
        if wait > 0:
            with self.store.session() as session:
                session.execute(delete(LoginFailure).where(LoginFailure.id.in_(pending)))
            raise SlowDownError(math.ceil(wait))
        return pending

    def _wait(self, key: str, allowed: int, pending: list[int], now: datetime) -> float:
        """Seconds this try must still wait for ``key``: none within the allowance; past it,
        a minute after the latest failure, doubling with each further one, up to the window."""
        window = timedelta(minutes=self.limits.minutes)
        with self.store.session() as session:
            count, latest = session.execute(
                select(func.count(), func.max(LoginFailure.at)).where(
                    LoginFailure.key == key[:KEY_LENGTH],
                    LoginFailure.at > now - window,
                    LoginFailure.id.not_in(pending),
                )
            ).one()
        past = int(count) - allowed
        if past < 0 or latest is None:
            return 0.0
        delay = min(window.total_seconds(), FIRST_WAIT * 2 ** min(past, 20))
        return float((latest + timedelta(seconds=delay) - now).total_seconds())

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
            # a sign-in is a good moment to forget sessions and counts that have run out
            session.execute(delete(SessionRow).where(SessionRow.expires_at <= now))
            window = timedelta(minutes=self.limits.minutes)
            signups = LoginFailure.key.startswith("register:")
            session.execute(
                delete(LoginFailure).where(
                    or_(
                        and_(~signups, LoginFailure.at <= now - window),
                        and_(signups, LoginFailure.at <= now - REGISTRATION_WINDOW),
                    )
                )
            )
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
        self, account: AccountRecord, current: str, new: str, session_token: str = ""
    ) -> str:
        """Set a new password and end every session of the account, this one too.

        When ``session_token`` is a session of the account, the browser that made the change
        goes on signed in under a new session, whose token is returned ("" otherwise).
        """
        self._confirm(account, current, "current_password", session_token)
        check_password(new, account.username, "new_password")
        new_hash = self._hash(new)
        renewed = ""
        with self.store.session() as session:
            row = session.get_one(Account, account.id)
            row.password_hash = new_hash
            row.password_changed_at = self._now()
            kept = (
                bool(session_token)
                and (
                    session.scalar(
                        select(func.count())
                        .select_from(SessionRow)
                        .where(
                            SessionRow.account_id == account.id,
                            SessionRow.token_hash == token_hash(session_token),
                            SessionRow.expires_at > self._now(),
                        )
                    )
                    or 0
                )
                > 0
            )
            session.execute(delete(SessionRow).where(SessionRow.account_id == account.id))
        if kept:
            renewed = self.start_session(account)
        return renewed

    def delete(self, account: AccountRecord, password: str, session_token: str = "") -> int:
        """Delete the account and everything it owns, in one transaction; how many rows went."""
        self._confirm(account, password, "password", session_token)
        return self.delete_unchecked(account)

    def delete_unchecked(self, account: AccountRecord) -> int:
        """Delete without asking for the password (the administrator's command line).

        On SQLite, deleted rows are overwritten in the file, and the write-ahead log that still
        holds them is copied into the file and emptied, so no note outlives its account there.
        """
        removed = 0
        sqlite = self.store.engine.dialect.name == "sqlite"
        name = account.username
        with self.store.session() as session:
            if sqlite:
                session.execute(text("PRAGMA secure_delete=ON"))
            for table in OWNED:
                done = session.execute(delete(table).where(table.owner == account.owner))
                removed += int(getattr(done, "rowcount", 0))
            session.execute(delete(SessionRow).where(SessionRow.account_id == account.id))
            session.execute(
                delete(LoginFailure).where(
                    or_(
                        LoginFailure.key == f"name:{name}",
                        *(
                            LoginFailure.key.startswith(f"{kind}:{name}|", autoescape=True)
                            for kind in ("pair", "device", "confirm")
                        ),
                    )
                )
            )
            session.execute(delete(Account).where(Account.id == account.id))
        if sqlite:
            with self.store.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed + 1

    def _confirm(self, account: AccountRecord, password: str, field: str, session: str) -> None:
        """Check a signed-in person's password, counting failures for this session only.

        Strangers' guesses at the name never refuse it; a thief of the session gets the same
        allowance and waits as a guesser at the sign-in form.
        """
        key = f"confirm:{account.username}|{token_hash(session)[:32] if session else ''}"
        pending = self._attempt({key: self.limits.attempts})
        with self.store.session() as db:
            stored = db.get_one(Account, account.id).password_hash
        if not self._verify(stored, password):
            raise AccountError([FieldProblem(field, gettext("that is not your password"))])
        with self.store.session() as db:
            db.execute(delete(LoginFailure).where(LoginFailure.id.in_(pending)))
