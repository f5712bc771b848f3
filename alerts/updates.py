"""Material updates (deadline moved, adopted, in force, withdrawn, scope changed) to everyone
who was sent the original notice, from the store's `notice_change` rows with `material=True`.

Only recipients whose original went out before the change hear of it: an original sent later
already showed the new values. Updates go out at once whatever the subscription's frequency,
because a moved deadline cannot wait for a weekly digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts import cursors
from alerts.config import AlertsConfig
from alerts.outbox import Queued, enqueue
from alerts.queue import eligible_subscribers
from config.settings import Settings
from warning.core.db import Delivery, DigestItem, NoticeChange, Subscriber

MATERIAL_KINDS = ("deadline", "adoption", "entry_into_force", "withdrawn", "scope")


def original_recipients(
    session: Session, notice_id: int, before: datetime,
    subscriber_ids: Sequence[int] | None = None,
) -> dict[int, datetime]:
    """Subscriber id → when the original (a new alert or a digest holding it) was sent."""
    direct = (
        select(Delivery.subscriber_id, Delivery.sent_at)
        .where(Delivery.kind == "new", Delivery.notice_id == notice_id)
    )
    via_digest = (
        select(Delivery.subscriber_id, Delivery.sent_at)
        .join(DigestItem, DigestItem.delivery_id == Delivery.id)
        .where(DigestItem.notice_id == notice_id)
    )
    found: dict[int, datetime] = {}
    for query in (direct, via_digest):
        query = query.join(Subscriber, Subscriber.id == Delivery.subscriber_id).where(
            Delivery.status == "sent", Delivery.sent_at < before, eligible_subscribers()
        )
        if subscriber_ids is not None:
            query = query.where(Delivery.subscriber_id.in_(subscriber_ids))
        for subscriber_id, sent_at in session.execute(query):
            if sent_at is None:
                continue
            if subscriber_id not in found or sent_at < found[subscriber_id]:
                found[subscriber_id] = sent_at
    return found


def queue_updates(
    session: Session, *, settings: Settings, config: AlertsConfig, now: datetime,
    subscriber_ids: Sequence[int] | None = None, move_cursor: bool = True,
) -> int:
    """Queue one update per (recipient, material change) since the last run; returns how many."""
    since = cursors.read_since(session, "changes", config.match_overlap_minutes)
    query = select(NoticeChange).where(NoticeChange.material.is_(True))
    if since is not None:
        query = query.where(NoticeChange.at >= since)
    items = []
    for change in session.scalars(query.order_by(NoticeChange.id)):
        kinds = [k for k in change.kinds if k in MATERIAL_KINDS]
        if not kinds:
            continue
        payload = {"change": change.id, "kinds": kinds, "at": change.at.isoformat(),
                   "before": change.before, "after": change.after}
        for subscriber_id in original_recipients(session, change.notice_id, change.at,
                                                 subscriber_ids):
            items.append(Queued(f"update:{subscriber_id}:{change.id}", subscriber_id, "update",
                                change.notice_id, payload))
    queued = enqueue(session, items, settings=settings, now=now)
    if move_cursor:
        cursors.advance(session, "changes", now)
    return len(queued)
