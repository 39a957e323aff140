"""Share links on SQLite and on PostgreSQL: tokens, expiry, revocation and the audit log."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from crepitus.errors import AccountError
from crepitus.store.diary import OwnerStore, Store, check_entry
from crepitus.store.models import Share, ShareAccess
from crepitus.store.sharing import MAX_LABEL, OwnerShares, open_share

MAX_DAYS = 90


def an_entry(day: int = 20, pops: int = 2) -> dict[str, object]:
    return {"at": f"2026-11-{day:02d}T08:30:00+00:00", "region": "lumbar", "pops": pops, "pain": 3}


@pytest.fixture
def owners(store: Store) -> Iterator[tuple[OwnerStore, OwnerStore]]:
    """Two fresh owners, removed afterwards with their links and log (the database is shared)."""
    made = tuple(store.owner(f"test-{uuid.uuid4().hex[:12]}") for _ in range(2))
    yield made[0], made[1]
    for owner in made:
        owner.forget_all()


@pytest.fixture
def mine(owners: tuple[OwnerStore, OwnerStore]) -> OwnerStore:
    return owners[0]


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def shares_of(owner: OwnerStore, now: datetime | None = None) -> OwnerShares:
    if now is None:
        return OwnerShares(owner.store, owner.name)
    return OwnerShares(owner.store, owner.name, now=at(now))


def test_a_link_has_a_long_token_and_only_its_hash_is_stored(mine: OwnerStore) -> None:
    share, token = shares_of(mine).create("  Dr Lee  ", days=7, max_days=MAX_DAYS)
    assert len(token) >= 43
    assert share.label == "Dr Lee"
    assert share.expires_at - share.created_at == timedelta(days=7)
    assert share.state(datetime.now(UTC)) == "open"
    with mine.store.session() as session:
        stored = session.execute(
            text("SELECT * FROM shares WHERE owner = :owner"), {"owner": mine.name}
        ).all()
        hashes = list(session.scalars(select(Share.token_hash).where(Share.id == share.id)))
    assert len(stored) == 1
    assert all(token not in str(value) for value in stored[0])
    assert hashes == [hashlib.sha256(token.encode()).hexdigest()]


def test_every_link_gets_its_own_token(mine: OwnerStore) -> None:
    shares = shares_of(mine)
    tokens = {shares.create(f"link {i}", days=1, max_days=MAX_DAYS)[1] for i in range(5)}
    assert len(tokens) == 5


@pytest.mark.parametrize("label", ["", "   ", "x" * (MAX_LABEL + 1)])
def test_a_bad_label_is_refused_naming_the_field(mine: OwnerStore, label: str) -> None:
    with pytest.raises(AccountError) as refused:
        shares_of(mine).create(label, days=7, max_days=MAX_DAYS)
    assert [p.field for p in refused.value.problems] == ["label"]
    assert shares_of(mine).all() == []


@pytest.mark.parametrize("days", [0, -1, MAX_DAYS + 1])
def test_a_bad_number_of_days_is_refused_naming_the_field(mine: OwnerStore, days: int) -> None:
    with pytest.raises(AccountError) as refused:
        shares_of(mine).create("Dr Lee", days=days, max_days=MAX_DAYS)
    assert [p.field for p in refused.value.problems] == ["days"]
    assert f"1 to {MAX_DAYS}" in str(refused.value)
    assert shares_of(mine).all() == []


def test_both_bad_fields_are_named_together(mine: OwnerStore) -> None:
    with pytest.raises(AccountError) as refused:
        shares_of(mine).create("", days=0, max_days=MAX_DAYS)
    assert [p.field for p in refused.value.problems] == ["label", "days"]


def test_the_longest_label_and_days_allowed_are_accepted(mine: OwnerStore) -> None:
    share, _ = shares_of(mine).create("x" * MAX_LABEL, days=MAX_DAYS, max_days=MAX_DAYS)
    assert share.expires_at - share.created_at == timedelta(days=MAX_DAYS)


def test_an_unknown_token_opens_nothing(store: Store, mine: OwnerStore) -> None:
    shares_of(mine).create("Dr Lee", days=7, max_days=MAX_DAYS)
    assert open_share(store, "no-such-token", "diary") is None
    assert open_share(store, "", "diary") is None
    assert shares_of(mine).accesses() == []


def test_an_open_link_reads_the_diary_and_logs_the_look(store: Store, mine: OwnerStore) -> None:
    mine.add(check_entry(an_entry(20)))
    mine.add(check_entry(an_entry(21, pops=5)))
    share, token = shares_of(mine).create("Dr Lee", days=7, max_days=MAX_DAYS)

    opened = open_share(store, token, "diary")

    assert opened is not None and opened.state == "open"
    assert opened.share == share
    assert opened.diary is not None
    assert [e.pops for e in opened.diary.entries()] == [2, 5]
    assert opened.diary.count() == 2
    (look,) = shares_of(mine).accesses()
    assert (look.share_id, look.label, look.what) == (share.id, "Dr Lee", "diary")
    assert abs(look.at - datetime.now(UTC)) < timedelta(minutes=1)


def test_every_look_is_logged_newest_first(store: Store, mine: OwnerStore) -> None:
    _, token = shares_of(mine).create("Dr Lee", days=7, max_days=MAX_DAYS)
    base = datetime.now(UTC)
    for minutes, what in enumerate(["diary", "trends", "report"]):
        assert open_share(store, token, what, now=at(base + timedelta(minutes=minutes))) is not None
    looks = shares_of(mine).accesses()
    assert [a.what for a in looks] == ["report", "trends", "diary"]
    assert [a.what for a in shares_of(mine).accesses(limit=2)] == ["report", "trends"]


def test_a_revoked_link_opens_no_diary_and_logs_nothing(store: Store, mine: OwnerStore) -> None:
    mine.add(check_entry(an_entry()))
    share, token = shares_of(mine).create("Dr Lee", days=7, max_days=MAX_DAYS)
    assert shares_of(mine).revoke(share.id)
    assert shares_of(mine).revoke(share.id)  # twice is harmless

    opened = open_share(store, token, "diary")

    assert opened is not None
    assert opened.state == "revoked" and opened.diary is None
    assert opened.share.revoked_at is not None
    assert shares_of(mine).accesses() == []
    (listed,) = shares_of(mine).all()
    assert listed.state(datetime.now(UTC)) == "revoked"


def test_an_expired_link_opens_no_diary_and_logs_nothing(store: Store, mine: OwnerStore) -> None:
    mine.add(check_entry(an_entry()))
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    share, token = shares_of(mine, now=two_days_ago).create("Dr Lee", days=1, max_days=MAX_DAYS)

    opened = open_share(store, token, "diary")

    assert opened is not None
    assert opened.state == "expired" and opened.diary is None
    assert opened.share == share
    assert shares_of(mine).accesses() == []
    with store.session() as session:
        logged = list(session.scalars(select(ShareAccess).where(ShareAccess.share_id == share.id)))
    assert logged == []


def test_a_link_expires_at_its_end(store: Store, mine: OwnerStore) -> None:
    share, token = shares_of(mine).create("Dr Lee", days=1, max_days=MAX_DAYS)
    before = share.expires_at - timedelta(seconds=1)
    opened = open_share(store, token, "diary", now=lambda: before)
    assert opened is not None and opened.state == "open"
    opened = open_share(store, token, "diary", now=lambda: share.expires_at)
    assert opened is not None and opened.state == "expired"


def test_an_owner_cannot_revoke_another_owners_link(
    store: Store, owners: tuple[OwnerStore, OwnerStore]
) -> None:
    mine, theirs = owners
    share, token = shares_of(theirs).create("Dr Lee", days=7, max_days=MAX_DAYS)
    assert not shares_of(mine).revoke(share.id)
    assert not shares_of(mine).revoke(10**9)
    opened = open_share(store, token, "diary")
    assert opened is not None and opened.state == "open"
    assert shares_of(theirs).all()[0].revoked_at is None


def test_links_and_looks_of_one_owner_are_never_shown_to_another(
    store: Store, owners: tuple[OwnerStore, OwnerStore]
) -> None:
    mine, theirs = owners
    mine.add(check_entry(an_entry(pops=1)))
    theirs.add(check_entry(an_entry(pops=9)))
    my_old, _ = shares_of(mine).create("old", days=7, max_days=MAX_DAYS)
    my_share, my_token = shares_of(mine).create("Dr Lee", days=7, max_days=MAX_DAYS)
    their_share, their_token = shares_of(theirs).create("Dr Kim", days=7, max_days=MAX_DAYS)

    my_look = open_share(store, my_token, "diary")
    their_look = open_share(store, their_token, "report")

    assert my_look is not None and my_look.diary is not None
    assert their_look is not None and their_look.diary is not None
    assert [e.pops for e in my_look.diary.entries()] == [1]
    assert [e.pops for e in their_look.diary.entries()] == [9]
    assert [s.id for s in shares_of(mine).all()] == [my_share.id, my_old.id]  # newest first
    assert [s.id for s in shares_of(theirs).all()] == [their_share.id]
    assert [(a.share_id, a.what) for a in shares_of(mine).accesses()] == [(my_share.id, "diary")]
    assert [(a.share_id, a.what) for a in shares_of(theirs).accesses()] == [
        (their_share.id, "report")
    ]


def test_forgetting_an_owner_removes_its_links_and_log(store: Store, mine: OwnerStore) -> None:
    _, token = shares_of(mine).create("Dr Lee", days=7, max_days=MAX_DAYS)
    assert open_share(store, token, "diary") is not None
    assert mine.forget_all() == 2
    assert open_share(store, token, "diary") is None
    assert shares_of(mine).all() == [] and shares_of(mine).accesses() == []


# --- crafted input ------------------------------------------------------------------------------


@pytest.mark.parametrize("share_id", [0, -1, 2**31, 2**63, 10**30])
def test_ids_out_of_the_columns_range_are_no_link(mine: OwnerStore, share_id: int) -> None:
    assert shares_of(mine).revoke(share_id) is False


@pytest.mark.parametrize("label", ["Dr\x00Who", "tab\tbell\x07"])
def test_a_label_with_control_characters_is_refused_naming_it(mine: OwnerStore, label: str) -> None:
    with pytest.raises(AccountError) as caught:
        shares_of(mine).create(label, 7, MAX_DAYS)
    assert [p.field for p in caught.value.problems] == ["label"]
    assert shares_of(mine).all() == []
