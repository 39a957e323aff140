"""The tables, as SQLAlchemy 2 models.

Every row of health data (entries, assessments, feedback) and of sharing (share links and their
audit log) belongs to an owner, and the store scopes every query by it. In server mode an owner
is an account's random ``owner`` id; in personal mode it is ``LOCAL_OWNER``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

LOCAL_OWNER = "local"
"""The owner of every row in personal mode (one user, no login)."""


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware in Python, stored as UTC on every database (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class Entry(Base):
    """One diary entry: a moment of popping, and how it felt."""

    __tablename__ = "entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), default=LOCAL_OWNER)
    at: Mapped[datetime]
    day: Mapped[int] = mapped_column(Integer)  # whole days since 1970-01-01 UTC, for grouping
    region: Mapped[str] = mapped_column(String(16))
    pops: Mapped[int] = mapped_column(Integer)
    sound: Mapped[str | None] = mapped_column(String(16))
    triggers: Mapped[list[str]] = mapped_column(JSON, default=list)
    pain: Mapped[int] = mapped_column(Integer)
    pain_at_pop: Mapped[bool] = mapped_column(Boolean, default=False)
    swelling: Mapped[bool] = mapped_column(Boolean, default=False)
    stiffness: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (Index("ix_entries_owner_day", "owner", "day"),)


class SavedAssessment(Base):
    """An assessment kept with the case it was made from."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), default=LOCAL_OWNER, index=True)
    created_at: Mapped[datetime]
    case: Mapped[dict[str, Any]] = mapped_column(JSON)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    # the fields answered "I don't know" (None: saved before this was kept)
    unknown: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    triage: Mapped[str] = mapped_column(String(16))
    knowledge_version: Mapped[str] = mapped_column(String(32))


class FeedbackRow(Base):
    """An answer to 'Was this helpful?'."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), default=LOCAL_OWNER, index=True)
    created_at: Mapped[datetime]
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    triage: Mapped[str] = mapped_column(String(16))
    knowledge_version: Mapped[str] = mapped_column(String(32))


class Account(Base):
    """A person's account on a multi-user server."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    # random, never reused: rows left behind by anything could never fall to a later account
    owner: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]


class SessionRow(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is kept here."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginFailure(Base):
    """A failed sign-in, counted against the name tried and against the address it came from."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), index=True)  # "name:..." or "address:..."
    at: Mapped[datetime]


class Share(Base):
    """A read-only link to an owner's diary, trends and report, for a clinician."""

    __tablename__ = "shares"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class ShareAccess(Base):
    """One look through a share link: the audit log its owner reads."""

    __tablename__ = "share_accesses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    share_id: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime]
    what: Mapped[str] = mapped_column(String(40))


OWNED = (Entry, SavedAssessment, FeedbackRow, Share, ShareAccess)
"""Every table whose rows belong to an owner: what forgetting an owner deletes."""
