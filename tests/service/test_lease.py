"""The scheduler lease: one holder at a time; a dead holder's lease expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from warning.core.db.runtime import Database
from warning.service.lease import Lease, current_holder, expire_leases

T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
TTL = timedelta(seconds=60)


def _pair(database: Database) -> tuple[Lease, Lease]:
    return (
        Lease(database.sessions, ttl=TTL, holder="a"),
        Lease(database.sessions, ttl=TTL, holder="b"),
    )


def test_only_one_process_holds_the_lease(database: Database) -> None:
    a, b = _pair(database)
    assert a.acquire(T0)
    assert not b.acquire(T0 + timedelta(seconds=1))
    assert a.holds(T0 + timedelta(seconds=2)) and not b.holds(T0 + timedelta(seconds=2))


def test_the_holder_renews_its_lease(database: Database) -> None:
    a, b = _pair(database)
    a.acquire(T0)
    assert a.renew(T0 + timedelta(seconds=50))
    assert not b.acquire(T0 + timedelta(seconds=90))  # renewed until T0+110 s


def test_a_dead_holders_lease_expires_and_another_takes_over(database: Database) -> None:
    a, b = _pair(database)
    a.acquire(T0)
    assert b.acquire(T0 + timedelta(seconds=61))
    assert not a.holds(T0 + timedelta(seconds=62))
    assert not a.renew(T0 + timedelta(seconds=62))  # the old holder cannot take it back


def test_a_released_lease_is_free_at_once(database: Database) -> None:
    a, b = _pair(database)
    a.acquire(T0)
    b.release()  # not b's to release: nothing happens
    assert not b.acquire(T0)
    a.release()
    assert b.acquire(T0)


def test_status_shows_the_holder(database: Database, session) -> None:
    a, _ = _pair(database)
    assert current_holder(session) is None
    a.acquire()
    holder = current_holder(session)
    assert holder["holder"] == "a" and holder["alive"]


def test_housekeeping_removes_leases_dead_for_a_day(database: Database, session) -> None:
    a, _ = _pair(database)
    a.acquire(T0)
    assert expire_leases(session, T0 + timedelta(hours=2)) == 0
    assert expire_leases(session, T0 + timedelta(days=2)) == 1
