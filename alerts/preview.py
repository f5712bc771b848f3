"""What a subscriber would be sent if dispatch ran now, rendered without sending or saving."""

from __future__ import annotations

from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

from sqlalchemy.orm import Session

from alerts.categories import load_taxonomy
from alerts.compose import Composer
from alerts.config import AlertsConfig
from alerts.dispatch import pending_for, queue_all
from alerts.outbox import enqueue_confirmation
from alerts.subscriptions import SubscriptionError, find_subscriber
from config.settings import Settings


def preview(
    session: Session, email: str, *, settings: Settings, config: AlertsConfig, now: datetime,
    days: int | None = None,
) -> list[EmailMessage]:
    """Queue for this subscriber alone (digests as if due now, or matching the last `days` days
    instead of since the last run), render their unsent mail, then roll everything back."""
    subscriber = find_subscriber(session, email)
    if subscriber is None:
        raise SubscriptionError(f"no subscriber {email!r}")
    try:
        if subscriber.confirmed_at is None:
            enqueue_confirmation(session, subscriber, settings, now)
        else:
            queue_all(
                session, settings=settings, config=config, now=now,
                subscriber_ids=[subscriber.id],
                subscription_ids=[s.id for s in subscriber.subscriptions],
                force_digest=True, move_cursor=False,
                since=now - timedelta(days=days) if days else None,
            )
        session.flush()
        composer = Composer(session, settings, config, load_taxonomy(settings.taxonomy_file), now)
        messages = [composer.compose(r, subscriber) for r in pending_for(session, subscriber.id)]
        # Parsed back as EmailMessage: callers read parts with `get_body`.
        return [message_from_bytes(m.as_bytes(), policy=policy.default) for m in messages]  # type: ignore[misc]
    finally:
        session.rollback()
