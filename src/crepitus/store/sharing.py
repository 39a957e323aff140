"""Share links: read-only access to one owner's diary, trends and report, with an audit log.

A link carries a random token (256 bits); the database keeps only its SHA-256, so a copy of the
database opens no diary. A link has an expiry and can be revoked; every look through it writes
a row of the audit log, in the same transaction that lets it through.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import select

from crepitus.errors import AccountError, FieldProblem
from crepitus.i18n import gettext
from crepitus.store.accounts import token_hash
from crepitus.store.diary import DiaryReader, Store, control_problem, valid_id
from crepitus.store.models import Share, ShareAccess

MAX_LABEL = 100
Now = Callable[[], datetime]
State = Literal["open", "expired", "revoked"]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ShareRecord:
    id: int
    label: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def state(self, now: datetime) -> State:
        if self.revoked_at is not None:
            return "revoked"
        return "open" if now < self.expires_at else "expired"


@dataclass(frozen=True, slots=True)
class AccessRecord:
    at: datetime
    share_id: int
    label: str
    what: str


def _record(row: Share) -> ShareRecord:
    return ShareRecord(row.id, row.label, row.created_at, row.expires_at, row.revoked_at)


class OwnerShares:
    """One owner's share links and the log of their use; nothing of any other owner."""

    def __init__(self, store: Store, owner: str, now: Now = _utc_now) -> None:
        self.store = store
        self.owner = owner
        self._now = now

    def create(self, label: str, days: int, max_days: int) -> tuple[ShareRecord, str]:
        """A new link open for ``days``; returns it with its token, which is never shown again."""
        label = label.strip()
        problems = []
        if not label or len(label) > MAX_LABEL:
            said = gettext("say who it is for, in 1 to %(count)s characters")
            problems.append(FieldProblem("label", said % {"count": MAX_LABEL}))
        elif (problem := control_problem(label)) or any(c in label for c in "\t\r\n"):
            problems.append(FieldProblem("label", problem or gettext("must be on one line")))
        if not 1 <= days <= max_days:
            said = gettext("expected a whole number from 1 to %(count)s") % {"count": max_days}
            problems.append(FieldProblem("days", said))
        if problems:
            raise AccountError(problems)
        token = secrets.token_urlsafe(32)
        now = self._now()
        row = Share(
            owner=self.owner,
            token_hash=token_hash(token),
            label=label,
            created_at=now,
            expires_at=now + timedelta(days=days),
            revoked_at=None,
        )
        with self.store.session() as session:
            session.add(row)
            session.flush()
            return _record(row), token

    def all(self) -> list[ShareRecord]:
        """This owner's links, newest first."""
        with self.store.session() as session:
            rows = session.scalars(
                select(Share).where(Share.owner == self.owner).order_by(Share.id.desc())
            )
            return [_record(r) for r in rows]

    def revoke(self, share_id: int) -> bool:
        """Close a link at once; False when this owner has no such link."""
        if not valid_id(share_id):
            return False
        with self.store.session() as session:
            row = session.scalars(
                select(Share).where(Share.id == share_id, Share.owner == self.owner)
            ).first()
            if row is None:
                return False
            if row.revoked_at is None:
                row.revoked_at = self._now()
            return True

    def accesses(self, limit: int = 500) -> list[AccessRecord]:
        """The newest looks through this owner's links, newest first."""
        with self.store.session() as session:
            rows = session.scalars(
                select(ShareAccess)
                .where(ShareAccess.owner == self.owner)
                .order_by(ShareAccess.at.desc(), ShareAccess.id.desc())
                .limit(limit)
            )
            return [AccessRecord(r.at, r.share_id, r.label, r.what) for r in rows]


@dataclass(frozen=True, slots=True)
class Opened:
    """What a share token opens: the link, and (when it is open) its owner's diary, read-only."""

    share: ShareRecord
    state: State
    diary: DiaryReader | None


def open_share(store: Store, token: str, what: str, now: Now = _utc_now) -> Opened | None:
    """Resolve a token; when the link is open, log the look as ``what``. None for no such link."""
    moment = now()
    with store.session() as session:
        row = session.scalars(select(Share).where(Share.token_hash == token_hash(token))).first()
        if row is None:
            return None
        share = _record(row)
        state = share.state(moment)
        if state != "open":
            return Opened(share, state, None)
        session.add(
            ShareAccess(owner=row.owner, share_id=row.id, label=row.label, at=moment, what=what)
        )
        owner = row.owner
    return Opened(share, state, store.owner(owner))
