"""Exporters who subscribe, what they subscribe to, the outbox of deliveries and their feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warning.core.db.base import Base, utcnow


class Subscriber(Base):
    __tablename__ = "subscriber"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="zh")
    confirmed_at: Mapped[datetime | None]
    bouncing: Mapped[bool] = mapped_column(default=False)
    consecutive_failures: Mapped[int] = mapped_column(default=0)
    unsubscribed_at: Mapped[datetime | None]
    # When the pending confirmation email was asked for; it keys that email, so subscribing
    # again after unsubscribing sends a new one but adding a second subscription does not.
    confirmation_requested_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    subscriptions: Mapped[list[Subscription]] = relationship(
        back_populates="subscriber", cascade="all, delete-orphan"
    )


class Subscription(Base):
    __tablename__ = "subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscriber.id", ondelete="CASCADE"), index=True
    )
    categories: Mapped[list[str]] = mapped_column(default=list)
    hs_prefixes: Mapped[list[str]] = mapped_column(default=list)
    markets: Mapped[list[str]] = mapped_column(default=list)
    keywords: Mapped[list[str]] = mapped_column(default=list)
    domains: Mapped[list[str]] = mapped_column(default=list)
    frequency: Mapped[str] = mapped_column(String(12), default="immediate")
    reminders: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    next_digest_at: Mapped[datetime | None]  # digest schedule lives here, not in the scheduler
    last_digest_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    subscriber: Mapped[Subscriber] = relationship(back_populates="subscriptions")


class Delivery(Base):
    """The outbox: one row per message to send, unique per (subscriber, subject, kind)."""

    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("key"),
        Index("ix_delivery_status_next_attempt_at", "status", "next_attempt_at"),
        Index("ix_delivery_subscriber_notice", "subscriber_id", "notice_id"),
        Index("ix_delivery_status_lease_until", "status", "lease_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200))
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscriber.id", ondelete="CASCADE"))
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))  # confirmation, new, update, reminder, digest
    # pending, sending (leased), sent, failed, skipped (recipient unsubscribed/bouncing meanwhile)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    message_id: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(80))
    lease_until: Mapped[datetime | None]
    # Times the row was claimed again after a lease expired: each may have been sent twice.
    reclaims: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class Feedback(Base):
    """An exporter's "relevant / not relevant" on a notice they were sent."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("subscriber_id", "notice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscriber.id", ondelete="CASCADE"))
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    relevant: Mapped[bool]
    at: Mapped[datetime] = mapped_column(default=utcnow)


class DigestItem(Base):
    """A notice waiting for a daily or weekly digest; `delivery_id` is set once it is digested."""

    __tablename__ = "digest_item"
    __table_args__ = (
        UniqueConstraint("subscription_id", "notice_id"),
        Index("ix_digest_item_subscription_delivery", "subscription_id", "delivery_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscription.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscriber.id", ondelete="CASCADE"), index=True
    )
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    matched_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivery_id: Mapped[int | None] = mapped_column(
        ForeignKey("delivery.id", ondelete="SET NULL"), index=True
    )


class AlertCursor(Base):
    """How far alert dispatch has looked (classifications, notice changes), so a run only
    matches what is new since the last one."""

    __tablename__ = "alert_cursor"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[datetime]
