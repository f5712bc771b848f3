"""New notices → matches → outbox rows (immediate) and digest items (daily, weekly).

A notice becomes a candidate when it gets a classification (machine or reviewer) after the last
run, less an overlap: rows are unique by key, so looking twice queues nothing twice. Notices
distributed longer ago than `new_notice_max_age_days` are not alerted (a backlog import would
otherwise mail years of old notifications), nor are withdrawn ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from alerts import cursors
from alerts.config import AlertsConfig
from alerts.followups import FOLLOW_UPS
from alerts.match import Criteria, Match, Reason, SubscriptionIndex
from alerts.notices import facts_for, load_notices
from alerts.outbox import Queued, enqueue, insert_rows
from config.settings import Settings
from warning.core.db import Classification, Delivery, DigestItem, Notice, Subscriber, Subscription


@dataclass
class QueueCounts:
    notices: int = 0
    matches: int = 0
    new: int = 0
    digest_items: int = 0
    skipped_follow_ups: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def reasons_json(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    return [{"kind": r.kind, "value": r.value, "detail": r.detail} for r in reasons]


def eligible_subscribers() -> Any:
    """Confirmed, still subscribed and not bouncing."""
    return and_(
        Subscriber.confirmed_at.is_not(None),
        Subscriber.unsubscribed_at.is_(None),
        Subscriber.bouncing.is_(False),
    )


def load_criteria(session: Session, subscriber_ids: Sequence[int] | None = None) -> list[Criteria]:
    """Active subscriptions of eligible subscribers, as plain tuples (fast for 100,000)."""
    query = (
        select(
            Subscription.id, Subscription.subscriber_id, Subscription.categories,
            Subscription.hs_prefixes, Subscription.markets, Subscription.keywords,
            Subscription.domains, Subscription.frequency, Subscription.reminders,
        )
        .join(Subscriber, Subscriber.id == Subscription.subscriber_id)
        .where(Subscription.active.is_(True), eligible_subscribers())
        .order_by(Subscription.id)
    )
    if subscriber_ids is not None:
        query = query.where(Subscription.subscriber_id.in_(subscriber_ids))
    return [
        Criteria(row[0], row[1], tuple(row[2]), tuple(row[3]), tuple(row[4]), tuple(row[5]),
                 tuple(row[6]), row[7], bool(row[8]))
        for row in session.execute(query)
    ]


def candidate_notices(
    session: Session, *, since: datetime | None, now: datetime, settings: Settings,
    config: AlertsConfig,
) -> list[int]:
    today = now.astimezone(settings.tz).date()
    oldest = today - timedelta(days=config.new_notice_max_age_days)
    classified = and_(
        Classification.notice_id == Notice.id,
        or_(Classification.current.is_(True), Classification.accepted.is_(True)),
    )
    if since is not None:
        classified = and_(classified, Classification.created_at >= since)
    query = select(Notice.id).where(
        Notice.withdrawn.is_(False),
        or_(
            Notice.distribution_date >= oldest,
            and_(
                Notice.distribution_date.is_(None),
                Notice.first_seen_at >= now - timedelta(days=config.new_notice_max_age_days),
            ),
        ),
        exists(select(Classification.id).where(classified)),
    )
    return list(session.scalars(query.order_by(Notice.id)))


def _earlier_recipients(session: Session, notice: Notice) -> set[int]:
    """Subscribers already alerted to another notice of the same measure."""
    siblings = select(Notice.id).where(
        Notice.measure_id == notice.measure_id, Notice.id != notice.id
    )
    sent = select(Delivery.subscriber_id).where(
        Delivery.kind == "new", Delivery.notice_id.in_(siblings)
    )
    waiting = select(DigestItem.subscriber_id).where(DigestItem.notice_id.in_(siblings))
    return set(session.scalars(sent)) | set(session.scalars(waiting))


def queue_new_notices(
    session: Session, *, settings: Settings, config: AlertsConfig, now: datetime,
    subscriber_ids: Sequence[int] | None = None, since: datetime | None = None,
    move_cursor: bool = True,
) -> QueueCounts:
    """Match notices classified since the last run and queue what they mean for subscribers."""
    counts = QueueCounts()
    if since is None:
        since = cursors.read_since(session, "match", config.match_overlap_minutes)
    ids = candidate_notices(session, since=since, now=now, settings=settings, config=config)
    counts.notices = len(ids)
    if ids:
        criteria = load_criteria(session, subscriber_ids)
        if criteria:
            index = SubscriptionIndex(criteria)
            matches = [m for facts in facts_for(session, ids) for m in index.match(facts)]
            counts.matches = len(matches)
            matches = _drop_follow_up_repeats(session, matches, counts)
            _queue(session, matches, settings=settings, now=now, counts=counts)
    if move_cursor:
        cursors.advance(session, "match", now)
    return counts


def _drop_follow_up_repeats(
    session: Session, matches: list[Match], counts: QueueCounts
) -> list[Match]:
    notices = load_notices(session, sorted({m.notice_id for m in matches}))
    earlier: dict[int, set[int]] = {}
    kept = []
    for match in matches:
        notice = notices[match.notice_id]
        if notice.doc_type in FOLLOW_UPS and notice.measure_id is not None:
            if notice.id not in earlier:
                earlier[notice.id] = _earlier_recipients(session, notice)
            if match.subscription.subscriber_id in earlier[notice.id]:
                counts.skipped_follow_ups += 1
                continue
        kept.append(match)
    return kept


def _queue(
    session: Session, matches: list[Match], *, settings: Settings, now: datetime,
    counts: QueueCounts,
) -> None:
    immediate: dict[tuple[int, int], list[Match]] = defaultdict(list)
    digest_rows = []
    for match in matches:
        sub = match.subscription
        if sub.frequency == "immediate":
            immediate[(sub.subscriber_id, match.notice_id)].append(match)
        else:
            digest_rows.append({
                "subscription_id": sub.id, "subscriber_id": sub.subscriber_id,
                "notice_id": match.notice_id, "reasons": reasons_json(match.reasons),
                "matched_at": now,
            })
    items = []
    for (subscriber_id, notice_id), found in immediate.items():
        reasons = list(dict.fromkeys(r for m in found for r in m.reasons))
        payload = {"reasons": reasons_json(reasons),
                   "subscriptions": sorted({m.subscription.id for m in found})}
        items.append(Queued(f"new:{subscriber_id}:{notice_id}", subscriber_id, "new",
                            notice_id, payload))
    counts.new = len(enqueue(session, items, settings=settings, now=now))
    counts.digest_items = _insert_digest_items(session, digest_rows)


def _insert_digest_items(session: Session, rows: list[dict[str, Any]]) -> int:
    """Insert digest items not already waiting (unique per subscription and notice)."""
    if not rows:
        return 0
    existing: set[tuple[int, int]] = set()
    for start in range(0, len(rows), 500):
        chunk = rows[start:start + 500]
        found = session.execute(
            select(DigestItem.subscription_id, DigestItem.notice_id).where(
                DigestItem.subscription_id.in_({r["subscription_id"] for r in chunk}),
                DigestItem.notice_id.in_({r["notice_id"] for r in chunk}),
            )
        )
        existing.update((subscription_id, notice_id) for subscription_id, notice_id in found)
    fresh = [r for r in rows if (r["subscription_id"], r["notice_id"]) not in existing]
    insert_rows(session, DigestItem.__table__, fresh, ["subscription_id", "notice_id"])
    return len(fresh)
