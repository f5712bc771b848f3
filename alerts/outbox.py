"""The outbox: `delivery` rows queued once per key, claimed with a conditional UPDATE and a lease.

A row is `pending` until a worker claims it (`sending`, with `lease_owner` and `lease_until`),
then `sent`, `failed` (permanent error or too many attempts) or `skipped` (the recipient left or
bounces). A worker that dies leaves its rows `sending`; once the lease expires another claim takes
them again, counting a `reclaim`, and sends them with the Message-ID stored when they were queued.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from config.settings import Settings
from warning.core.db import Delivery, Subscriber

KINDS = ("confirmation", "new", "digest", "update", "reminder")


@dataclass(frozen=True, slots=True)
class Queued:
    """A message to queue; `key` makes it unique for ever."""

    key: str
    subscriber_id: int
    kind: str
    notice_id: int | None = None
    payload: dict[str, Any] | None = None


def message_domain(settings: Settings) -> str:
    address = parseaddr(settings.smtp_from)[1]
    return address.rpartition("@")[2] or "tbtwatch.localhost"


def new_message_id(domain: str, kind: str) -> str:
    return f"<{uuid.uuid4().hex}.{kind}@{domain}>"


def enqueue(
    session: Session, items: Sequence[Queued], *, settings: Settings, now: datetime
) -> list[Queued]:
    """Insert the rows whose key is not queued yet; return those that were new. Safe against a
    concurrent dispatcher: the unique key makes a racing insert a no-op."""
    if not items:
        return []
    unique = {item.key: item for item in items}
    existing: set[str] = set()
    keys = list(unique)
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        existing.update(session.scalars(select(Delivery.key).where(Delivery.key.in_(chunk))))
    fresh = [item for key, item in unique.items() if key not in existing]
    domain = message_domain(settings)
    rows = [
        {
            "key": item.key,
            "subscriber_id": item.subscriber_id,
            "notice_id": item.notice_id,
            "kind": item.kind,
            "status": "pending",
            "payload": item.payload or {},
            "message_id": new_message_id(domain, item.kind),
            "attempts": 0,
            "reclaims": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for item in fresh
    ]
    insert_rows(session, Delivery.__table__, rows, ["key"])
    return fresh


def insert_rows(
    session: Session, table: Any, rows: list[dict[str, Any]], unique: list[str]
) -> None:
    """Insert plain rows, skipping any that would break the unique columns (a concurrent
    insert won the race). Core inserts on the table: the ORM's bulk path is several times
    slower for the 100,000 rows one dispatch may write."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for start in range(0, len(rows), 1000):
        statement = insert(table).on_conflict_do_nothing(index_elements=unique)
        session.execute(statement, rows[start:start + 1000])


def enqueue_confirmation(
    session: Session, subscriber: Subscriber, settings: Settings, now: datetime
) -> bool:
    """Queue the one confirmation email of this opt-in; False if it is already queued."""
    if subscriber.confirmation_requested_at is None:
        subscriber.confirmation_requested_at = now
        session.flush()
    stamp = int(subscriber.confirmation_requested_at.timestamp())
    item = Queued(f"confirmation:{subscriber.id}:{stamp}", subscriber.id, "confirmation")
    return bool(enqueue(session, [item], settings=settings, now=now))


def _due(now: datetime) -> Any:
    return or_(
        and_(Delivery.status == "pending", Delivery.next_attempt_at <= now),
        and_(Delivery.status == "sending", Delivery.lease_until < now),
    )


@dataclass(frozen=True, slots=True)
class Claimed:
    rows: list[Delivery]
    reclaimed: int  # of which taken over from an expired lease (possibly sent already)
    candidates: int  # rows that were due; more than `rows` when another worker won some


def claim(
    session: Session, *, owner: str, now: datetime, lease_seconds: float, limit: int
) -> Claimed:
    """Take up to `limit` due rows for `owner` and commit. The conditional UPDATE re-checks the
    due condition, so of two workers racing for a row only one gets it (SQLite serialises
    writers; PostgreSQL re-evaluates the WHERE clause on the locked row)."""
    found = session.execute(
        select(Delivery.id, Delivery.status)
        .where(_due(now))
        .order_by(Delivery.next_attempt_at, Delivery.id)
        .limit(limit)
    ).all()
    # End the read transaction first: SQLite cannot upgrade a stale WAL snapshot to a write
    # (it fails at once instead of waiting), and the UPDATE re-checks everything anyway.
    session.commit()
    if not found:
        return Claimed([], 0, 0)
    ids = [row_id for row_id, _ in found]
    expired = {row_id for row_id, status in found if status == "sending"}
    session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids), _due(now))
        .values(
            status="sending",
            lease_owner=owner,
            lease_until=now + timedelta(seconds=lease_seconds),
            attempts=Delivery.attempts + 1,
            reclaims=case(
                (Delivery.status == "sending", Delivery.reclaims + 1), else_=Delivery.reclaims
            ),
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    rows = list(
        session.scalars(
            select(Delivery)
            .where(Delivery.id.in_(ids), Delivery.lease_owner == owner)
            .order_by(Delivery.id)
            .execution_options(populate_existing=True)
        )
    )
    return Claimed(rows, sum(1 for r in rows if r.id in expired), len(found))


def _finish(session: Session, row: Delivery, owner: str, **values: Any) -> bool:
    """Update a claimed row only while `owner` still holds it (a lost lease changes nothing)."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == row.id, Delivery.lease_owner == owner, Delivery.status == "sending")
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def mark_sent(session: Session, ids: Sequence[int], owner: str, now: datetime) -> int:
    """Mark a batch sent in one statement; returns how many rows `owner` still held."""
    if not ids:
        return 0
    result = session.execute(
        update(Delivery)
        .where(Delivery.id.in_(ids), Delivery.lease_owner == owner, Delivery.status == "sending")
        .values(status="sent", sent_at=now, last_error=None, lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def mark_retry(
    session: Session, row: Delivery, owner: str, error: str, retry_at: datetime
) -> bool:
    return _finish(
        session, row, owner, status="pending", next_attempt_at=retry_at, last_error=error[:2000]
    )


def mark_failed(session: Session, row: Delivery, owner: str, error: str) -> bool:
    return _finish(session, row, owner, status="failed", last_error=error[:2000])


def mark_skipped(session: Session, row: Delivery, owner: str, reason: str) -> bool:
    return _finish(session, row, owner, status="skipped", last_error=reason)


def skip_pending(session: Session, subscriber_id: int, reason: str) -> int:
    """Withdraw a subscriber's unsent mail (after unsubscribing); returns how many rows."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.status == "pending")
        .values(status="skipped", last_error=reason)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def new_owner() -> str:
    return f"worker-{uuid.uuid4().hex[:16]}"


def outbox_counts(session: Session) -> dict[str, int]:
    from sqlalchemy import func

    rows = session.execute(select(Delivery.status, func.count()).group_by(Delivery.status))
    return {status: int(count) for status, count in rows}
