"""The store: diary entries, saved assessments and feedback, always scoped by owner.

``Store(url).owner(name)`` is the only way in: every query it runs filters by that owner, so no
caller can forget to. Personal mode uses the single owner ``LOCAL_OWNER``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Engine, case, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from crepitus.contract.fields import case_fields
from crepitus.errors import EntryError, FieldProblem
from crepitus.store.db import connect
from crepitus.store.models import LOCAL_OWNER, OWNED, Entry, FeedbackRow, SavedAssessment

MAX_NOTE = 2_000
MAX_POPS = 1_000
MAX_ID = 2**31 - 1  # the id columns are INTEGER: PostgreSQL's ends here (SQLite's at 2**63 - 1)
FIRST_YEAR, LAST_YEAR = 1900, 2999  # the years (in UTC) an entry may be in
WHOLE = re.compile(r"-?[0-9]{1,9}")  # ASCII digits only: "²" passes str.isdigit(), not int()
# control characters that have no place in text a person typed (tab and line breaks do)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_problem(text: str) -> str:
    """Why ``text`` cannot be stored as typed text ("" when it can): NUL, and other controls
    (PostgreSQL refuses NUL in text; the rest are never typed)."""
    found = CONTROL.search(text)
    if found is None:
        return ""
    return f"must not contain control characters (found U+{ord(found[0]):04X})"


def valid_id(value: int) -> bool:
    """Whether ``value`` fits the id columns; a query with any other id finds nothing."""
    return 1 <= value <= MAX_ID


FUTURE = "is in the future"
REGION_WORDS = {"neck": "cervical", "upper": "thoracic", "mid": "thoracic", "lower": "lumbar"}


@dataclass(frozen=True, slots=True)
class EntryData:
    """A checked diary entry, ready to store."""

    at: datetime
    region: str
    pops: int
    pain: int
    sound: str | None = None
    triggers: tuple[str, ...] = ()
    pain_at_pop: bool = False
    swelling: bool = False
    stiffness: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """A stored entry."""

    id: int
    at: datetime
    region: str
    pops: int
    pain: int
    sound: str | None
    triggers: tuple[str, ...]
    pain_at_pop: bool
    swelling: bool
    stiffness: bool
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "region": self.region,
            "pops": self.pops,
            "pain": self.pain,
            "sound": self.sound,
            "triggers": list(self.triggers),
            "pain_at_pop": self.pain_at_pop,
            "swelling": self.swelling,
            "stiffness": self.stiffness,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One week of entries, aggregated in the database."""

    week: int  # whole weeks since 1970-01-01 (a Thursday)
    entries: int
    pops: int
    painful_pops: int
    mean_pain: float
    max_pain: int


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    id: int
    created_at: datetime
    helpful: bool
    comment: str
    triage: str
    knowledge_version: str


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    id: int
    created_at: datetime
    case: dict[str, Any]
    result: dict[str, Any]
    unknown: tuple[str, ...] = ()  # the questions answered "I don't know"


ENTRY_FIELDS = (
    "at",
    "region",
    "pops",
    "pain",
    "sound",
    "triggers",
    "pain_at_pop",
    "swelling",
    "stiffness",
    "note",
)


def check_entry(
    raw: Mapping[str, Any], line: int | None = None, latest: datetime | None = None
) -> EntryData:
    """An entry from loose input (JSON, CSV, a form); EntryError names every bad field.

    ``latest`` is the latest moment an entry may be at (a pop cannot be noted before it
    happens); None leaves the future open, as an import of another clock's data may need.
    """
    problems: list[FieldProblem] = []
    fields = case_fields()

    def bad(name: str, problem: str) -> None:
        problems.append(FieldProblem(name, problem))

    for key in raw:
        if key not in ENTRY_FIELDS and key != "id":
            bad(key, f"unknown field; expected one of: {', '.join(ENTRY_FIELDS)}")
    at = _moment(raw.get("at"), bad)
    if at is not None and latest is not None and at > latest:
        bad("at", FUTURE)
        at = None
    region = REGION_WORDS.get(str(raw.get("region", "")), raw.get("region"))
    if not fields["pop_region"].accepts(region):
        bad("region", f"expected {fields['pop_region'].expected()} (or neck, upper, lower)")
    pops = _whole(raw.get("pops"), "pops", 1, MAX_POPS, bad)
    pain = _whole(raw.get("pain", 0), "pain", 0, 10, bad)
    sound = raw.get("sound") or None
    if sound is not None and not fields["pop_sound"].accepts(sound):
        bad("sound", f"expected {fields['pop_sound'].expected()}")
    triggers = raw.get("triggers") or []
    if isinstance(triggers, str):
        triggers = [t for t in triggers.replace(";", ",").split(",") if t.strip()]
        triggers = [t.strip() for t in triggers]
    spec = fields["pop_triggers"]
    if not isinstance(triggers, list) or not all(spec.accepts(t) for t in triggers):
        bad("triggers", f"expected {spec.expected()}")
        triggers = []
    flags = {}
    for name in ("pain_at_pop", "swelling", "stiffness"):
        flags[name] = _flag(raw.get(name, False), name, bad)
    note = raw.get("note") or ""
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        bad("note", f"expected text of at most {MAX_NOTE} characters")
        note = ""
    elif problem := control_problem(note):
        bad("note", problem)
    if problems:
        raise EntryError(problems, line)
    assert at is not None and pops is not None and pain is not None
    return EntryData(
        at=at,
        region=str(region),
        pops=pops,
        pain=pain,
        sound=sound,
        triggers=tuple(dict.fromkeys(triggers)),
        note=note,
        **flags,
    )


def _moment(value: Any, bad: Any) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            bad("at", f"expected a date and time like 2026-11-28T08:30+01:00, got {value!r}")
            return None
    else:
        bad("at", "required: when it happened")
        return None
    if moment.tzinfo is None:
        bad("at", "needs a time zone, like 2026-11-28T08:30+01:00 or ...Z")
        return None
    try:
        year = moment.astimezone(UTC).year
    except OverflowError:  # 0001-01-01T00:00+01:00 is before the first year datetime holds
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        bad("at", f"expected a date from {FIRST_YEAR} to {LAST_YEAR}")
        return None
    return moment


def _whole(value: Any, name: str, low: int, high: int, bad: Any) -> int | None:
    if isinstance(value, str) and WHOLE.fullmatch(value.strip()):
        value = int(value)
    if type(value) is not int or not low <= value <= high:
        bad(name, f"expected a whole number from {low} to {high}, got {value!r}")
        return None
    return value


def _flag(value: Any, name: str, bad: Any) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false", "1", "0", "yes", "no", ""):
        return value.lower() in ("true", "1", "yes")
    if not isinstance(value, bool):
        bad(name, f"expected true or false, got {value!r}")
        return False
    return value


def _day(moment: datetime) -> int:
    return int(moment.timestamp() // 86_400)


def _record(row: Entry) -> EntryRecord:
    return EntryRecord(
        row.id,
        row.at,
        row.region,
        row.pops,
        row.pain,
        row.sound,
        tuple(row.triggers),
        row.pain_at_pop,
        row.swelling,
        row.stiffness,
        row.note,
    )


class DiaryReader(Protocol):
    """What reading one owner's diary needs: what a share link opens, with no way to write."""

    def entries(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[EntryRecord]: ...

    def latest(self, limit: int) -> list[EntryRecord]: ...

    def count(self) -> int: ...

    def weeks(self, since_day: int | None = None) -> list[WeekRow]: ...

    def latest_assessment(self) -> AssessmentRecord | None: ...


class Store:
    """The database behind every owner's diary."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine: Engine = connect(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def owner(self, name: str = LOCAL_OWNER) -> OwnerStore:
        """The store seen by one owner: every read and write is limited to their rows."""
        return OwnerStore(self, name)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


@dataclass
class OwnerStore:
    store: Store
    name: str
    _now: Any = field(default=lambda: datetime.now(UTC), repr=False)

    # -- entries -----------------------------------------------------------------------------

    def add(self, data: EntryData) -> EntryRecord:
        return self.add_many([data])[0]

    def add_many(self, items: Sequence[EntryData]) -> list[EntryRecord]:
        """Add entries in one transaction: all of them or, on any failure, none."""
        now = self._now()
        with self.store.session() as session:
            rows = [self._row(data, now) for data in items]
            session.add_all(rows)
            session.flush()
            return [_record(row) for row in rows]

    def _row(self, data: EntryData, now: datetime) -> Entry:
        return Entry(
            owner=self.name,
            at=data.at,
            day=_day(data.at),
            region=data.region,
            pops=data.pops,
            sound=data.sound,
            triggers=list(data.triggers),
            pain=data.pain,
            pain_at_pop=data.pain_at_pop,
            swelling=data.swelling,
            stiffness=data.stiffness,
            note=data.note,
            created_at=now,
            updated_at=now,
        )

    def get(self, entry_id: int) -> EntryRecord | None:
        if not valid_id(entry_id):
            return None
        with self.store.session() as session:
            row = session.scalars(
                select(Entry).where(Entry.id == entry_id, Entry.owner == self.name)
            ).first()
            return None if row is None else _record(row)

    def update(self, entry_id: int, data: EntryData) -> EntryRecord | None:
        """Replace an entry's fields; None when this owner has no such entry."""
        if not valid_id(entry_id):
            return None
        with self.store.session() as session:
            row = session.scalars(
                select(Entry).where(Entry.id == entry_id, Entry.owner == self.name)
            ).first()
            if row is None:
                return None
            fresh = self._row(data, self._now())
            for name in (*ENTRY_FIELDS, "day", "updated_at"):
                setattr(row, name, getattr(fresh, name))
            session.flush()
            return _record(row)

    def delete(self, entry_id: int) -> bool:
        if not valid_id(entry_id):
            return False
        with self.store.session() as session:
            done = session.execute(
                delete(Entry).where(Entry.id == entry_id, Entry.owner == self.name)
            )
            return bool(getattr(done, "rowcount", 0))

    def entries(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[EntryRecord]:
        """This owner's entries, oldest first."""
        query = select(Entry).where(Entry.owner == self.name)
        if since is not None:
            query = query.where(Entry.at >= since)
        if until is not None:
            query = query.where(Entry.at < until)
        with self.store.session() as session:
            return [_record(r) for r in session.scalars(query.order_by(Entry.at, Entry.id))]

    def latest(self, limit: int) -> list[EntryRecord]:
        """This owner's newest ``limit`` entries, newest first (a page, not the whole diary)."""
        query = (
            select(Entry)
            .where(Entry.owner == self.name)
            .order_by(Entry.at.desc(), Entry.id.desc())
            .limit(limit)
        )
        with self.store.session() as session:
            return [_record(r) for r in session.scalars(query)]

    def count(self) -> int:
        with self.store.session() as session:
            query = select(func.count()).select_from(Entry).where(Entry.owner == self.name)
            return int(session.scalar(query) or 0)

    def weeks(self, since_day: int | None = None) -> list[WeekRow]:
        """Entries grouped by week, summed in the database (fast on millions of rows)."""
        week = (Entry.day + 3) // 7  # weeks start on Monday: day 0 (1970-01-01) was a Thursday
        painful = func.sum(case((Entry.pain_at_pop, Entry.pops), else_=0))
        query = (
            select(
                week.label("week"),
                func.count(),
                func.sum(Entry.pops),
                painful,
                func.avg(Entry.pain),
                func.max(Entry.pain),
            )
            .where(Entry.owner == self.name)
            .group_by(week)
            .order_by(week)
        )
        if since_day is not None:
            query = query.where(Entry.day >= since_day)
        with self.store.session() as session:
            return [
                WeekRow(int(w), int(n), int(p), int(pp or 0), float(avg), int(mx))
                for w, n, p, pp, avg, mx in session.execute(query)
            ]

    # -- assessments and feedback ---------------------------------------------------------------

    def save_assessment(
        self,
        case_: Mapping[str, Any],
        result: Mapping[str, Any],
        unknown: Sequence[str] = (),
    ) -> int:
        """Keep a check: its case, its result, and the questions answered "I don't know"
        (asked, and not known: a report must not call them "not asked")."""
        with self.store.session() as session:
            row = SavedAssessment(
                owner=self.name,
                created_at=self._now(),
                case=dict(case_),
                result=dict(result),
                unknown=list(dict.fromkeys(unknown)),
                triage=str(result["triage"]),
                knowledge_version=str(result["knowledge_version"]),
            )
            session.add(row)
            session.flush()
            return row.id

    def latest_assessment(self) -> AssessmentRecord | None:
        with self.store.session() as session:
            row = session.scalars(
                select(SavedAssessment)
                .where(SavedAssessment.owner == self.name)
                .order_by(SavedAssessment.id.desc())
            ).first()
            return (
                None
                if row is None
                else AssessmentRecord(
                    row.id, row.created_at, row.case, row.result, tuple(row.unknown or ())
                )
            )

    def add_feedback(self, helpful: bool, comment: str, triage: str, version: str) -> int:
        if len(comment) > MAX_NOTE:
            raise EntryError([FieldProblem("comment", f"at most {MAX_NOTE} characters")])
        if problem := control_problem(comment):
            raise EntryError([FieldProblem("comment", problem)])
        with self.store.session() as session:
            row = FeedbackRow(
                owner=self.name,
                created_at=self._now(),
                helpful=helpful,
                comment=comment,
                triage=triage,
                knowledge_version=version,
            )
            session.add(row)
            session.flush()
            return row.id

    def feedback(self) -> list[FeedbackRecord]:
        with self.store.session() as session:
            rows = session.scalars(
                select(FeedbackRow).where(FeedbackRow.owner == self.name).order_by(FeedbackRow.id)
            )
            return [
                FeedbackRecord(
                    r.id, r.created_at, r.helpful, r.comment, r.triage, r.knowledge_version
                )
                for r in rows
            ]

    def kept(self) -> dict[str, int]:
        """How many rows of each kind this owner has: what "What we keep" lists."""
        counts: dict[str, int] = {}
        with self.store.session() as session:
            for table in OWNED:
                query = select(func.count()).select_from(table).where(table.owner == self.name)
                counts[table.__tablename__] = int(session.scalar(query) or 0)
        return counts

    def forget_all(self) -> int:
        """Delete every record of this owner; return how many rows went."""
        removed = 0
        with self.store.session() as session:
            for table in OWNED:
                done = session.execute(delete(table).where(table.owner == self.name))
                removed += int(getattr(done, "rowcount", 0))
        return removed
