"""Daily and weekly digests: the schedule (in `subscription.next_digest_at`), queueing, grouping.

Digests go out at `digest_hour` local time (settings.timezone), weekly ones on
`weekly_digest_day`. The schedule lives in the database, not in the scheduler's memory, so a
restart or a missed run sends the digest at the next dispatch and never twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from alerts.config import AlertsConfig
from alerts.outbox import Queued, enqueue
from alerts.queue import eligible_subscribers
from config.settings import Settings
from warning.core.db import Delivery, DigestItem, Subscriber, Subscription

T = TypeVar("T")


def next_slot(
    after: datetime, frequency: str, tz: ZoneInfo, *, hour: int, weekday: int
) -> datetime:
    """The first digest time strictly after `after`, as aware UTC (DST-correct)."""
    local = after.astimezone(tz)
    day = local.date()
    if frequency == "weekly":
        day += timedelta(days=(weekday - day.weekday()) % 7)
    candidate = datetime.combine(day, time(hour), tzinfo=tz)
    if candidate <= local:
        step = 7 if frequency == "weekly" else 1
        candidate = datetime.combine(day + timedelta(days=step), time(hour), tzinfo=tz)
    return candidate.astimezone(UTC)


@dataclass
class DigestCounts:
    queued: int = 0
    scheduled: int = 0
    empty: int = 0


def _due(session: Session, now: datetime, subscription_ids: Sequence[int] | None, force: bool):
    query = (
        select(Subscription)
        .join(Subscriber, Subscriber.id == Subscription.subscriber_id)
        .where(
            Subscription.active.is_(True),
            Subscription.frequency.in_(("daily", "weekly")),
            eligible_subscribers(),
        )
        .order_by(Subscription.id)
    )
    if not force:
        query = query.where(
            or_(Subscription.next_digest_at.is_(None), Subscription.next_digest_at <= now)
        )
    if subscription_ids is not None:
        query = query.where(Subscription.id.in_(subscription_ids))
    return list(session.scalars(query))


def queue_digests(
    session: Session, *, settings: Settings, config: AlertsConfig, now: datetime,
    subscription_ids: Sequence[int] | None = None, force: bool = False,
) -> DigestCounts:
    """Queue one digest per due subscription with waiting notices; advance every schedule."""
    counts = DigestCounts()
    for sub in _due(session, now, subscription_ids, force):
        upcoming = next_slot(now, sub.frequency, settings.tz, hour=config.digest_hour,
                             weekday=config.weekday)
        if sub.next_digest_at is None and not force:
            sub.next_digest_at = upcoming  # a new subscription starts at the next slot
            counts.scheduled += 1
            continue
        slot = sub.next_digest_at or now
        if _queue_one(session, sub, slot, settings=settings, now=now):
            counts.queued += 1
        else:
            counts.empty += 1
        sub.last_digest_at = now
        sub.next_digest_at = upcoming
    return counts


def _queue_one(
    session: Session, sub: Subscription, slot: datetime, *, settings: Settings, now: datetime
) -> bool:
    items = list(session.scalars(
        select(DigestItem)
        .where(DigestItem.subscription_id == sub.id, DigestItem.delivery_id.is_(None))
        .order_by(DigestItem.id)
    ))
    covered = set(session.scalars(
        select(Delivery.notice_id).where(
            Delivery.subscriber_id == sub.subscriber_id, Delivery.kind == "new",
            Delivery.notice_id.in_([i.notice_id for i in items]),
        )
    ))
    if covered:  # the subscriber had these as immediate alerts from another subscription
        session.execute(delete(DigestItem).where(
            DigestItem.subscription_id == sub.id, DigestItem.notice_id.in_(covered)
        ))
        items = [i for i in items if i.notice_id not in covered]
    if not items:
        return False
    local_slot = slot.astimezone(settings.tz)
    key = f"digest:{sub.id}:{local_slot:%Y-%m-%dT%H}"
    payload = {
        "subscription": sub.id,
        "frequency": sub.frequency,
        "period_start": (sub.last_digest_at or min(i.matched_at for i in items)).isoformat(),
        "period_end": now.isoformat(),
        "notices": [{"id": i.notice_id, "reasons": i.reasons} for i in items],
    }
    enqueue(session, [Queued(key, sub.subscriber_id, "digest", None, payload)],
            settings=settings, now=now)
    delivery_id = session.scalars(select(Delivery.id).where(Delivery.key == key)).one()
    session.execute(
        update(DigestItem)
        .where(DigestItem.id.in_([i.id for i in items]))
        .values(delivery_id=delivery_id)
        .execution_options(synchronize_session=False)
    )
    return True


@dataclass
class Group(Generic[T]):
    category: str
    market: str
    entries: list[T]


def group_entries(
    entries: Sequence[T],
    category_of: Callable[[T], str],
    market_of: Callable[[T], str],
    urgency_of: Callable[[T], tuple[int, ...]],
) -> list[Group[T]]:
    """Group by (category, market); groups and their entries most urgent first."""
    groups: dict[tuple[str, str], list[T]] = defaultdict(list)
    for entry in entries:
        groups[(category_of(entry), market_of(entry))].append(entry)
    ordered = [
        Group(category, market, sorted(found, key=urgency_of))
        for (category, market), found in groups.items()
    ]
    ordered.sort(key=lambda g: (urgency_of(g.entries[0]), g.category, g.market))
    return ordered
