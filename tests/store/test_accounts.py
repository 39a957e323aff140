"""Accounts on SQLite and on PostgreSQL: sign-up, sign-in limits, sessions, password, deletion.

The PostgreSQL database is shared by every test (and perhaps by another test run), so each test
makes its own names and addresses and removes what it made. Time never passes by sleeping: the
accounts read a clock that the test moves forward. Hashing uses argon2id with tiny costs (the real
ones take about half a second a password here), except in the tests of the real parameters.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete, func, select

import crepitus.store.accounts as accounts_module
from crepitus.errors import AccountError, LockedOutError
from crepitus.store.accounts import (
    AccountRecord,
    Accounts,
    BusyError,
    Limits,
    RegistrationLimitError,
    SlowDownError,
)
from crepitus.store.db import sqlite_url
from crepitus.store.diary import Store, check_entry
from crepitus.store.models import OWNED, Account, LoginFailure, SessionRow
from crepitus.store.sharing import OwnerShares, open_share

PASSWORD = "correct horse battery"
NEW_PASSWORD = "staple tuning fork 42"
WRONG = "not the password at all"
LIMITS = Limits(attempts=3, minutes=15)
REAL_HASHER = accounts_module._hasher
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1_024, parallelism=1)  # argon2id still


class Clock:
    """A clock that stands still until the test moves it."""

    def __init__(self) -> None:
        self.moment = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.moment

    def forward(self, delta: timedelta) -> None:
        self.moment += delta


@dataclass
class World:
    """One test's accounts, clock, and the names and addresses it used (to clean up)."""

    store: Store
    clock: Clock
    accounts: Accounts
    names: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)

    def name(self) -> str:
        made = f"t-{uuid.uuid4().hex[:16]}"
        self.names.append(made)
        return made

    def address(self) -> str:
        made = f"192.0.2.{uuid.uuid4().hex[:12]}"  # unique, so no other test shares its count
        self.addresses.append(made)
        return made

    def register(self, password: str = PASSWORD) -> AccountRecord:
        return self.accounts.register(self.name(), password)

    def fail(self, username: str, times: int, address: str = "") -> None:
        for _ in range(times):
            with pytest.raises(AccountError) as refused:
                self.accounts.authenticate(username, WRONG, address)
            assert not isinstance(refused.value, LockedOutError)

    def guess(self, username: str, times: int, address: str = "") -> None:
        """A stranger's wrong guesses, whether they are checked or told to wait."""
        for _ in range(times):
            with pytest.raises(AccountError):
                self.accounts.authenticate(username, WRONG, address)


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts_module, "_hasher", CHEAP_HASHER)
    monkeypatch.setattr(accounts_module, "_UNKNOWN", CHEAP_HASHER.hash("unknown name"))


@pytest.fixture
def world(store: Store, cheap_hashing: None) -> Iterator[World]:
    clock = Clock()
    made = World(store, clock, Accounts(store, LIMITS, now=clock))
    yield made
    for name in made.names:
        account = made.accounts.find(name)
        if account is not None:
            made.accounts.delete_unchecked(account)
    keys = [f"name:{n}" for n in made.names] + [f"address:{a}" for a in made.addresses]
    keys += [f"register:{a}" for a in made.addresses]
    with store.session() as session:
        session.execute(delete(LoginFailure).where(LoginFailure.key.in_(keys)))
        for name in made.names:
            for kind in ("pair", "device", "confirm"):
                session.execute(
                    delete(LoginFailure).where(
                        LoginFailure.key.startswith(f"{kind}:{name}|", autoescape=True)
                    )
                )


def failure_rows(store: Store, prefix: str) -> int:
    """How many failure rows have keys starting with ``prefix``."""
    with store.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(LoginFailure)
                .where(LoginFailure.key.startswith(prefix, autoescape=True))
            )
            or 0
        )


def fields(error: AccountError) -> set[str]:
    return {problem.field for problem in error.problems}


def owned_rows(store: Store, owner: str) -> dict[str, int]:
    """How many rows ``owner`` has in each owned table."""
    with store.session() as session:
        return {
            table.__tablename__: session.scalar(
                select(func.count()).select_from(table).where(table.owner == owner)
            )
            or 0
            for table in OWNED
        }


def session_rows(store: Store, account: AccountRecord) -> int:
    with store.session() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(SessionRow)
                .where(SessionRow.account_id == account.id)
            )
            or 0
        )


# -- sign-up -------------------------------------------------------------------------------------


def test_the_password_is_stored_as_argon2id_never_in_plain(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts_module, "_hasher", REAL_HASHER)
    account = world.register()
    with world.store.session() as session:
        row = session.get_one(Account, account.id)
        stored = row.password_hash
        every_column = [str(getattr(row, c.key)) for c in Account.__table__.columns]
    assert stored.startswith("$argon2id$")
    assert "$m=65536,t=3," in stored  # argon2-cffi's defaults: 64 MiB, 3 passes
    assert all(PASSWORD not in value for value in every_column)
    assert len(account.owner) >= 32 and account.owner != account.username
    assert world.accounts.authenticate(account.username, PASSWORD) == account


def test_a_hash_made_with_weaker_parameters_is_redone_at_sign_in(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = world.register()  # with the cheap parameters
    monkeypatch.setattr(accounts_module, "_hasher", REAL_HASHER)
    assert world.accounts.authenticate(account.username, PASSWORD) == account
    with world.store.session() as session:
        stored = session.get_one(Account, account.id).password_hash
    assert stored.startswith("$argon2id$") and "$m=65536,t=3," in stored
    assert world.accounts.authenticate(account.username, PASSWORD) == account


def test_a_name_is_kept_in_lower_case_and_found_whatever_the_case(world: World) -> None:
    name = world.name()
    account = world.accounts.register(f"  {name.upper()} ", PASSWORD)
    assert account.username == name
    found = world.accounts.find(name.upper())
    assert found == account


@pytest.mark.parametrize(
    "username",
    ["ab", "-starts-with-dash", "has space", "x" * 65, "émile-dupont", "semi;colon", ""],
)
def test_a_bad_username_is_refused_naming_the_field(world: World, username: str) -> None:
    with pytest.raises(AccountError) as refused:
        world.accounts.register(username, PASSWORD)
    assert fields(refused.value) == {"username"}
    assert world.accounts.find(username) is None


@pytest.mark.parametrize("password", ["", "short", "123456789", "x" * 1_025])
def test_a_short_or_huge_password_is_refused_naming_the_field(world: World, password: str) -> None:
    name = world.name()
    with pytest.raises(AccountError) as refused:
        world.accounts.register(name, password)
    assert fields(refused.value) == {"password"}
    assert "characters" in str(refused.value)
    assert world.accounts.find(name) is None


def test_the_name_itself_is_refused_as_the_password(world: World) -> None:
    name = world.name()
    with pytest.raises(AccountError) as refused:
        world.accounts.register(name, name.upper())
    assert fields(refused.value) == {"password"}
    assert "account name" in str(refused.value)
    assert world.accounts.find(name) is None


def test_a_taken_name_is_refused_whatever_its_case_without_saying_taken(world: World) -> None:
    first = world.register()
    with pytest.raises(AccountError) as refused:
        world.accounts.register(first.username.upper(), "another long password")
    assert fields(refused.value) == {"username"}
    assert "taken" not in str(refused.value)  # no more telling than the sign-in form needs
    assert "choose another" in str(refused.value)
    assert world.accounts.find(first.username) == first


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaa", "1234567890", " " * 12, "password12", "qwertyuiop", "Password123"]
)
def test_a_common_or_trivial_password_is_refused_with_a_reason(world: World, password: str) -> None:
    name = world.name()
    with pytest.raises(AccountError) as refused:
        world.accounts.register(name, password)
    assert fields(refused.value) == {"password"}
    assert "too easy to guess" in str(refused.value)
    assert world.accounts.find(name) is None


def test_a_password_made_of_the_name_is_refused(world: World) -> None:
    name = world.name()
    with pytest.raises(AccountError) as refused:
        world.accounts.register(name, name + "2024!")
    assert fields(refused.value) == {"password"}


# -- sign-in -------------------------------------------------------------------------------------


def test_the_right_password_signs_in_and_a_wrong_one_does_not(world: World) -> None:
    account = world.register()
    assert world.accounts.authenticate(account.username, PASSWORD) == account
    assert world.accounts.authenticate(account.username.upper(), PASSWORD) == account
    with pytest.raises(AccountError) as refused:
        world.accounts.authenticate(account.username, WRONG)
    assert not isinstance(refused.value, LockedOutError)


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(world: World) -> None:
    account = world.register()
    with pytest.raises(AccountError) as wrong:
        world.accounts.authenticate(account.username, WRONG)
    with pytest.raises(AccountError) as unknown:
        world.accounts.authenticate(world.name(), PASSWORD)
    assert str(wrong.value) == str(unknown.value)
    assert wrong.value.problems == unknown.value.problems


def test_failures_slow_that_name_from_that_address_even_for_the_right_password(
    world: World,
) -> None:
    account = world.register()
    address = world.address()
    world.fail(account.username, LIMITS.attempts, address)
    with pytest.raises(LockedOutError) as slowed:
        world.accounts.authenticate(account.username, PASSWORD, address)
    assert isinstance(slowed.value, SlowDownError)
    assert slowed.value.seconds == 60  # the first wait is a minute, not the whole window
    assert "wait a minute" in str(slowed.value)


def test_the_wait_grows_with_each_further_failure_up_to_the_window(world: World) -> None:
    account = world.register()
    address = world.address()
    world.fail(account.username, LIMITS.attempts, address)
    waits = []
    for _ in range(12):
        with pytest.raises(SlowDownError) as slowed:
            world.accounts.authenticate(account.username, WRONG, address)
        waits.append(slowed.value.seconds)
        world.clock.forward(timedelta(seconds=slowed.value.seconds))
        world.fail(account.username, 1, address)  # one guess after each wait, no more
    # then the first failures leave the 15-minute window and the waits shorten again
    assert waits[:4] == [60, 120, 240, 480]
    assert max(waits) <= LIMITS.minutes * 60


def test_hammering_while_slowed_down_does_not_extend_the_wait(world: World) -> None:
    account = world.register()
    address = world.address()
    world.fail(account.username, LIMITS.attempts, address)
    for _ in range(20):
        with pytest.raises(SlowDownError):
            world.accounts.authenticate(account.username, WRONG, address)
    world.clock.forward(timedelta(seconds=61))
    assert world.accounts.authenticate(account.username, PASSWORD, address) == account


def test_a_strangers_failures_leave_the_owner_free_elsewhere_and_on_a_known_device(
    world: World,
) -> None:
    account = world.register()
    stranger = world.address()
    for _ in range(3):  # far past the limit, waiting out each delay
        world.guess(account.username, LIMITS.attempts * 5, stranger)
        world.clock.forward(timedelta(minutes=1))
    # from another address the owner is not refused
    assert world.accounts.authenticate(account.username, PASSWORD, world.address()) == account
    # from the stranger's own address (a shared network), a browser that signed in before is not
    assert (
        world.accounts.authenticate(account.username, PASSWORD, stranger, device="known-device")
        == account
    )


def test_a_known_device_has_limits_of_its_own(world: World) -> None:
    account = world.register()
    address = world.address()
    for _ in range(LIMITS.attempts):
        with pytest.raises(AccountError) as refused:
            world.accounts.authenticate(account.username, WRONG, address, device="stolen")
        assert not isinstance(refused.value, LockedOutError)
    with pytest.raises(SlowDownError):
        world.accounts.authenticate(account.username, PASSWORD, address, device="stolen")
    # the device's failures did not slow anyone else
    assert world.accounts.authenticate(account.username, PASSWORD, address) == account


def test_a_slow_down_is_seen_by_a_second_worker_on_the_same_database(world: World) -> None:
    account = world.register()
    address = world.address()
    world.fail(account.username, LIMITS.attempts, address)
    # a second worker process: its own engine on the same database (the PostgreSQL URL, or the
    # same SQLite file), nothing shared in memory with the first
    second_store = Store(world.store.url)
    try:
        second = Accounts(second_store, LIMITS, now=world.clock)
        with pytest.raises(LockedOutError):
            second.authenticate(account.username, PASSWORD, address)
    finally:
        second_store.close()


def test_failures_counted_by_two_workers_add_up(world: World) -> None:
    account = world.register()
    address = world.address()
    second_store = Store(world.store.url)
    try:
        second = World(second_store, world.clock, Accounts(second_store, LIMITS, now=world.clock))
        world.fail(account.username, 2, address)
        second.fail(account.username, 1, address)
        with pytest.raises(LockedOutError):
            world.accounts.authenticate(account.username, PASSWORD, address)
    finally:
        second_store.close()


def test_guesses_sent_all_at_once_get_no_more_tries_than_the_limit(world: World) -> None:
    account = world.register()
    address = world.address()
    start = threading.Barrier(12)
    outcomes: list[str] = []

    def guess(number: int) -> None:
        start.wait()
        try:
            world.accounts.authenticate(account.username, f"{WRONG} {number}", address)
        except LockedOutError:
            outcomes.append("slowed")
        except AccountError:
            outcomes.append("checked")

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 12
    checked = outcomes.count("checked")
    assert checked <= LIMITS.attempts  # the rest never reached the password
    # a refused guess does not count: the ones left up to the limit are still allowed, no more
    world.fail(account.username, LIMITS.attempts - checked, address)
    with pytest.raises(LockedOutError):
        world.accounts.authenticate(account.username, PASSWORD, address)


def test_failures_older_than_the_window_do_not_count(world: World) -> None:
    account = world.register()
    address = world.address()
    world.fail(account.username, LIMITS.attempts - 1, address)
    world.clock.forward(timedelta(minutes=LIMITS.minutes, seconds=1))
    world.fail(account.username, LIMITS.attempts - 1, address)
    assert world.accounts.authenticate(account.username, PASSWORD, address) == account


def test_one_address_is_slowed_after_five_times_the_attempts_across_names(world: World) -> None:
    limits = Limits(attempts=2, minutes=15)
    accounts = Accounts(world.store, limits, now=world.clock)
    account = world.register()
    address = world.address()
    for _ in range(limits.attempts * 5):  # one failure for each of many names: none is slowed
        with pytest.raises(AccountError) as refused:
            accounts.authenticate(world.name(), WRONG, address)
        assert not isinstance(refused.value, LockedOutError)
    with pytest.raises(LockedOutError):
        accounts.authenticate(account.username, PASSWORD, address)
    # the name itself is not slowed: from elsewhere it signs in
    assert accounts.authenticate(account.username, PASSWORD, world.address()) == account
    assert accounts.authenticate(account.username, PASSWORD) == account


def test_one_name_is_slowed_after_five_times_the_attempts_across_addresses(world: World) -> None:
    limits = Limits(attempts=2, minutes=15)
    accounts = Accounts(world.store, limits, now=world.clock)
    account = world.register()
    for _ in range(limits.attempts * 5):  # guesses from many addresses at one name
        with pytest.raises(AccountError) as refused:
            accounts.authenticate(account.username, WRONG, world.address())
        assert not isinstance(refused.value, LockedOutError)
    with pytest.raises(LockedOutError):
        accounts.authenticate(account.username, PASSWORD, world.address())
    # a browser that signed in before is not slowed
    assert accounts.authenticate(account.username, PASSWORD, world.address(), "d") == account


def test_fewer_failures_from_an_address_do_not_slow_it(world: World) -> None:
    limits = Limits(attempts=2, minutes=15)
    accounts = Accounts(world.store, limits, now=world.clock)
    account = world.register()
    address = world.address()
    for _ in range(limits.attempts * 5 - 1):
        with pytest.raises(AccountError):
            accounts.authenticate(world.name(), WRONG, address)
    assert accounts.authenticate(account.username, PASSWORD, address) == account


def test_a_success_clears_that_addresss_failures_for_the_name(world: World) -> None:
    account = world.register()
    address = world.address()
    world.fail(account.username, LIMITS.attempts - 1, address)
    assert world.accounts.authenticate(account.username, PASSWORD, address) == account
    world.fail(account.username, LIMITS.attempts - 1, address)
    assert world.accounts.authenticate(account.username, PASSWORD, address) == account
    assert failure_rows(world.store, f"pair:{account.username}|") == 0


def test_failures_for_an_unknown_name_count_too(world: World) -> None:
    name = world.name()
    address = world.address()
    world.fail(name, LIMITS.attempts, address)
    with pytest.raises(LockedOutError):
        world.accounts.authenticate(name, PASSWORD, address)


# -- registration limits -------------------------------------------------------------------------


def test_registrations_from_one_address_are_limited_per_hour(world: World) -> None:
    limits = Limits(attempts=3, minutes=15, registrations=3)
    accounts = Accounts(world.store, limits, now=world.clock)
    address = world.address()
    taken = world.register()
    for _ in range(2):
        accounts.register(world.name(), PASSWORD, address)
    with pytest.raises(AccountError):  # a taken name counts as well
        accounts.register(taken.username, PASSWORD, address)
    name = world.name()
    with pytest.raises(RegistrationLimitError) as refused:
        accounts.register(name, PASSWORD, address)
    assert 0 < refused.value.seconds <= 3600
    assert accounts.find(name) is None
    assert accounts.register(world.name(), PASSWORD, world.address())  # another address may
    world.clock.forward(timedelta(hours=1, seconds=1))
    assert accounts.register(name, PASSWORD, address).username == name


def test_registrations_sent_at_once_get_no_more_than_the_limit(world: World) -> None:
    limits = Limits(registrations=3)
    accounts = Accounts(world.store, limits, now=world.clock)
    address = world.address()
    start = threading.Barrier(10)
    outcomes: list[str] = []

    def register() -> None:
        start.wait()
        try:
            accounts.register(world.name(), PASSWORD, address)
            outcomes.append("made")
        except RegistrationLimitError:
            outcomes.append("refused")

    threads = [threading.Thread(target=register) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 10 and outcomes.count("made") <= 3


def test_hashing_is_capped_per_process_and_busy_answers_retry(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts = Accounts(world.store, Limits(hashing=2), now=world.clock)
    running, most = 0, 0
    lock = threading.Lock()

    class Counting(PasswordHasher):
        def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.05)
            with lock:
                running -= 1
            return CHEAP_HASHER.hash(password)

    monkeypatch.setattr(accounts_module, "_hasher", Counting())
    threads = [
        threading.Thread(target=accounts.register, args=(world.name(), PASSWORD)) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 2
    monkeypatch.setattr(accounts_module, "HASHING_WAIT", 0.05)
    for _ in range(2):  # both slots taken: the next hash waits a while, then gives up
        assert accounts.hashing.acquire(timeout=1)
    try:
        with pytest.raises(BusyError) as busy:
            accounts.register(world.name(), PASSWORD)
        assert busy.value.seconds >= 1
        with pytest.raises(BusyError):
            accounts.authenticate("anyone", PASSWORD)
    finally:
        accounts.hashing.release()
        accounts.hashing.release()
    assert accounts.register(world.name(), PASSWORD)


# -- sessions ------------------------------------------------------------------------------------


def test_a_session_token_finds_its_account_and_only_its_hash_is_kept(world: World) -> None:
    account = world.register()
    token = world.accounts.start_session(account)
    assert len(token) >= 43
    assert world.accounts.session_account(token) == account
    with world.store.session() as session:
        hashes = list(
            session.scalars(
                select(SessionRow.token_hash).where(SessionRow.account_id == account.id)
            )
        )
    assert len(hashes) == 1 and hashes[0] != token and token not in hashes[0]


def test_an_unknown_token_finds_nobody(world: World) -> None:
    world.accounts.start_session(world.register())
    assert world.accounts.session_account("no-such-token") is None
    assert world.accounts.session_account("") is None


def test_a_session_runs_out(world: World) -> None:
    account = world.register()
    token = world.accounts.start_session(account)
    world.clock.forward(timedelta(hours=LIMITS.session_hours) - timedelta(seconds=1))
    assert world.accounts.session_account(token) == account
    world.clock.forward(timedelta(seconds=2))
    assert world.accounts.session_account(token) is None


def test_ending_a_session_signs_out_only_that_session(world: World) -> None:
    account = world.register()
    first = world.accounts.start_session(account)
    second = world.accounts.start_session(account)
    world.accounts.end_session(first)
    assert world.accounts.session_account(first) is None
    assert world.accounts.session_account(second) == account
    world.accounts.end_session(first)  # twice is harmless


# -- changing the password -----------------------------------------------------------------------


def test_changing_the_password_ends_every_session_and_renews_this_one(world: World) -> None:
    account = world.register()
    here = world.accounts.start_session(account)
    elsewhere = world.accounts.start_session(account)
    other = world.register()
    others = world.accounts.start_session(other)

    renewed = world.accounts.change_password(account, PASSWORD, NEW_PASSWORD, session_token=here)

    assert renewed and renewed != here  # this browser's session goes on under a new token
    assert world.accounts.session_account(renewed) == account
    assert world.accounts.session_account(here) is None
    assert world.accounts.session_account(elsewhere) is None
    assert world.accounts.session_account(others) == other
    with pytest.raises(AccountError):
        world.accounts.authenticate(account.username, PASSWORD)
    assert world.accounts.authenticate(account.username, NEW_PASSWORD) == account


def test_changing_the_password_needs_the_current_one(world: World) -> None:
    account = world.register()
    token = world.accounts.start_session(account)
    with pytest.raises(AccountError) as refused:
        world.accounts.change_password(account, WRONG, NEW_PASSWORD, session_token=token)
    assert fields(refused.value) == {"current_password"}
    assert world.accounts.authenticate(account.username, PASSWORD) == account
    assert world.accounts.session_account(token) == account


def test_a_bad_new_password_is_refused_naming_the_field(world: World) -> None:
    account = world.register()
    for bad in ("short", account.username, "password12"):
        with pytest.raises(AccountError) as refused:
            world.accounts.change_password(account, PASSWORD, bad)
        assert fields(refused.value) == {"new_password"}
    assert world.accounts.authenticate(account.username, PASSWORD) == account


def test_wrong_current_passwords_slow_that_session_only(world: World) -> None:
    account = world.register()
    here = world.accounts.start_session(account)
    for _ in range(LIMITS.attempts):
        with pytest.raises(AccountError) as refused:
            world.accounts.change_password(account, WRONG, NEW_PASSWORD, session_token=here)
        assert not isinstance(refused.value, LockedOutError)
    with pytest.raises(LockedOutError):
        world.accounts.change_password(account, PASSWORD, NEW_PASSWORD, session_token=here)
    with pytest.raises(LockedOutError):
        world.accounts.delete(account, PASSWORD, session_token=here)
    # signing in, and another session of the owner, are not slowed by them
    assert world.accounts.authenticate(account.username, PASSWORD, world.address()) == account
    elsewhere = world.accounts.start_session(account)
    assert world.accounts.change_password(account, PASSWORD, NEW_PASSWORD, elsewhere)


def test_strangers_failures_never_refuse_the_owners_own_confirmation(world: World) -> None:
    account = world.register()
    here = world.accounts.start_session(account)
    for _ in range(3):
        world.guess(account.username, LIMITS.attempts * 5, world.address())
    world.guess(account.username, LIMITS.attempts * 5)  # and from no address at all
    new_token = world.accounts.change_password(account, PASSWORD, NEW_PASSWORD, here)
    assert world.accounts.session_account(new_token) == account
    world.accounts.delete(account, NEW_PASSWORD, session_token=new_token)
    assert world.accounts.find(account.username) is None


# -- deleting an account -------------------------------------------------------------------------


def fill(store: Store, account: AccountRecord) -> None:
    """One row of every owned table for ``account``."""
    owner = store.owner(account.owner)
    owner.add(
        check_entry({"at": "2026-11-20T08:30:00+00:00", "region": "lumbar", "pops": 2, "pain": 3})
    )
    owner.save_assessment({"age": 40}, {"triage": "self_care", "knowledge_version": "x"})
    owner.add_feedback(True, "fine", "self_care", "x")
    _, token = OwnerShares(store, account.owner).create("Dr Lee", days=7, max_days=90)
    assert open_share(store, token, "diary") is not None


def test_deleting_needs_the_password(world: World) -> None:
    account = world.register()
    fill(world.store, account)
    with pytest.raises(AccountError) as refused:
        world.accounts.delete(account, WRONG)
    assert fields(refused.value) == {"password"}
    assert world.accounts.find(account.username) == account
    assert all(count == 1 for count in owned_rows(world.store, account.owner).values())


def test_deleting_removes_every_owned_row_and_session_and_nothing_of_others(
    world: World,
) -> None:
    gone = world.register()
    kept = world.register()
    fill(world.store, gone)
    fill(world.store, kept)
    gone_token = world.accounts.start_session(gone)
    kept_token = world.accounts.start_session(kept)
    assert set(owned_rows(world.store, gone.owner)) == {t.__tablename__ for t in OWNED}
    assert all(count == 1 for count in owned_rows(world.store, gone.owner).values())

    removed = world.accounts.delete(gone, PASSWORD)

    assert removed == len(OWNED) + 1  # one row of each table, and the account
    assert world.accounts.find(gone.username) is None
    assert all(count == 0 for count in owned_rows(world.store, gone.owner).values())
    assert session_rows(world.store, gone) == 0
    assert world.accounts.session_account(gone_token) is None
    with pytest.raises(AccountError):
        world.accounts.authenticate(gone.username, PASSWORD)

    assert world.accounts.find(kept.username) == kept
    assert all(count == 1 for count in owned_rows(world.store, kept.owner).values())
    assert world.accounts.session_account(kept_token) == kept
    assert world.accounts.authenticate(kept.username, PASSWORD) == kept


def test_a_deleted_name_can_be_taken_again_with_a_new_owner(world: World) -> None:
    old = world.register()
    fill(world.store, old)
    world.accounts.delete_unchecked(old)
    new = world.accounts.register(old.username, NEW_PASSWORD)
    assert new.owner != old.owner
    assert all(count == 0 for count in owned_rows(world.store, new.owner).values())
    assert world.store.owner(new.owner).entries() == []


def test_deleting_removes_every_failure_recorded_against_the_name(world: World) -> None:
    account = world.register()
    token = world.accounts.start_session(account)
    world.fail(account.username, 2, world.address())
    world.fail(account.username, 1)
    with pytest.raises(AccountError):
        world.accounts.authenticate(account.username, WRONG, world.address(), device="d")
    with pytest.raises(AccountError):
        world.accounts.change_password(account, WRONG, NEW_PASSWORD, session_token=token)
    name = account.username
    assert sum(failure_rows(world.store, f"{k}:{name}") for k in ("name", "pair", "device")) > 0
    world.accounts.delete(account, PASSWORD, session_token=token)
    for kind in ("name", "pair", "device", "confirm"):
        assert failure_rows(world.store, f"{kind}:{name}") == 0, kind


def test_deleted_notes_leave_no_trace_in_the_sqlite_files(
    tmp_path: Path, cheap_hashing: None
) -> None:
    path = tmp_path / "wiped.sqlite3"
    store = Store(sqlite_url(path))
    try:
        accounts = Accounts(store, LIMITS)
        account = accounts.register(f"t-{uuid.uuid4().hex[:12]}", PASSWORD)
        secret = f"secret-note-{uuid.uuid4().hex}"
        store.owner(account.owner).add(
            check_entry(
                {
                    "at": "2026-11-20T08:30:00+00:00",
                    "region": "lumbar",
                    "pops": 2,
                    "pain": 3,
                    "note": secret,
                }
            )
        )
        wal = Path(f"{path}-wal")
        assert secret.encode() in wal.read_bytes() + path.read_bytes()
        accounts.delete(account, PASSWORD)
        assert not wal.exists() or wal.stat().st_size == 0  # checkpointed and truncated
        assert secret.encode() not in path.read_bytes()  # and overwritten in the file itself
    finally:
        store.close()
