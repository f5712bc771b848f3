"""Comment-deadline reminders, `reminder_days` before the deadline (14 and 3 by default).

A reminder goes to whoever was sent the notice through a subscription that has reminders on.
Each threshold is sent once per notice and deadline (a moved deadline re-arms them). A run that
was missed sends the reminder late rather than never (the threshold is the nearest one at or
above the days left), and nobody is reminded of a window their original alert already fell in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from alerts.config import AlertsConfig
from alerts.followups import effective_deadline, is_withdrawn, measure_states, regular_notices_of
from alerts.outbox import Queued, enqueue
from alerts.queue import eligible_subscribers
from config.settings import Settings
from warning.core.db import Delivery, DigestItem, Notice, Subscriber, Subscription


def threshold(days_left: int, reminder_days: Sequence[int]) -> int | None:
    """The reminder due with `days_left` days to go: the smallest threshold ≥ days_left."""
    if days_left < 0:
        return None
    due = [d for d in reminder_days if d >= days_left]
    return min(due) if due else None


def _originals(
    session: Session, notice_ids: list[int], subscriber_ids: Sequence[int] | None
) -> dict[tuple[int, int], tuple[datetime, set[int]]]:
    """(subscriber, notice) → (first sent, subscriptions that matched), for sent alerts."""
    found: dict[tuple[int, int], tuple[datetime, set[int]]] = {}

    def note(subscriber_id: int, notice_id: int, sent_at: datetime, subs: set[int]) -> None:
        key = (subscriber_id, notice_id)
        first, known = found.get(key, (sent_at, set()))
        found[key] = (min(first, sent_at), known | subs)

    base = [Delivery.status == "sent", eligible_subscribers()]
    if subscriber_ids is not None:
        base.append(Delivery.subscriber_id.in_(subscriber_ids))
    direct = (
        select(Delivery.subscriber_id, Delivery.notice_id, Delivery.sent_at, Delivery.payload)
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .where(Delivery.kind == "new", Delivery.notice_id.in_(notice_ids), *base)
    )
    for subscriber_id, notice_id, sent_at, payload in session.execute(direct):
        if sent_at is not None and notice_id is not None:
            note(subscriber_id, notice_id, sent_at, set(payload.get("subscriptions", [])))
    digested = (
        select(Delivery.subscriber_id, DigestItem.notice_id, Delivery.sent_at,
               DigestItem.subscription_id)
        .join(DigestItem, DigestItem.delivery_id == Delivery.id)
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .where(DigestItem.notice_id.in_(notice_ids), *base)
    )
    for subscriber_id, notice_id, sent_at, subscription_id in session.execute(digested):
        if sent_at is not None:
            note(subscriber_id, notice_id, sent_at, {subscription_id})
    return found


def _deadlines_due(session: Session, today: date, horizon: date) -> dict[int, date]:
    """Notice id → the comment deadline that applies (an addendum may have moved it), for
    notices not withdrawn whose deadline falls between today and the horizon."""
    found = list(session.scalars(select(Notice).where(
        Notice.comment_deadline >= today, Notice.comment_deadline <= horizon,
    )))
    found += regular_notices_of(session, found)  # their follow-ups moved the deadline here
    unique = {n.id: n for n in found}
    states = measure_states(session, unique.values())
    due: dict[int, date] = {}
    for notice in unique.values():
        state = states.get(notice.id)
        deadline = effective_deadline(notice, state)
        if deadline is None or is_withdrawn(notice, state):
            continue
        if today <= deadline <= horizon:
            due[notice.id] = deadline
    return due


def queue_reminders(
    session: Session, *, settings: Settings, config: AlertsConfig, now: datetime,
    subscriber_ids: Sequence[int] | None = None,
) -> int:
    if not config.reminder_days:
        return 0
    today = now.astimezone(settings.tz).date()
    deadlines = _deadlines_due(session, today, today + timedelta(days=max(config.reminder_days)))
    if not deadlines:
        return 0
    originals = _originals(session, list(deadlines), subscriber_ids)
    wanted = {s for _, subs in originals.values() for s in subs}
    with_reminders = set(session.scalars(select(Subscription.id).where(
        Subscription.id.in_(wanted), Subscription.active.is_(True),
        Subscription.reminders.is_(True),
    ))) if wanted else set()
    items = []
    for (subscriber_id, notice_id), (sent_at, subs) in originals.items():
        deadline = deadlines[notice_id]
        due = threshold((deadline - today).days, config.reminder_days)
        if due is None or not subs & with_reminders:
            continue
        if (deadline - sent_at.astimezone(settings.tz).date()).days <= due:
            continue  # the original itself arrived inside this reminder's window
        payload = {"days": due, "deadline": deadline.isoformat()}
        key = f"reminder:{subscriber_id}:{notice_id}:{deadline.isoformat()}:{due}"
        items.append(Queued(key, subscriber_id, "reminder", notice_id, payload))
    return len(enqueue(session, items, settings=settings, now=now))

