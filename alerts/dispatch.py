"""`dispatch`: queue what is due (new notices, updates, reminders, digests), then send the outbox.

Delivery is at least once. A row is claimed with a lease and committed before anything is sent;
after sending, its outcome is committed with the batch. A process killed in between leaves its
batch `sending`: when the lease expires, the next dispatch sends those rows again with the same
Message-ID, so a recipient may get a message twice (recognisably the same one) but never zero
times, and `delivery.reclaims` counts every row that may have been duplicated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from alerts.categories import load_taxonomy
from alerts.compose import ComposeError, Composer
from alerts.config import AlertsConfig
from alerts.digest import queue_digests
from alerts.outbox import claim, mark_failed, mark_retry, mark_sent, mark_skipped, new_owner
from alerts.queue import queue_new_notices
from alerts.reminders import queue_reminders
from alerts.transport import Transport, TransportError
from alerts.updates import queue_updates
from config.settings import Settings
from warning.core.db import Delivery, Notice, Subscriber
from warning.core.db.base import utcnow

log = logging.getLogger(__name__)


@dataclass
class DispatchReport:
    queued: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    failed: int = 0
    retrying: int = 0
    skipped: int = 0
    reclaimed: int = 0
    bouncing: list[str] = field(default_factory=list)

    def summary(self) -> str:
        queued = ", ".join(f"{k} {v}" for k, v in self.queued.items())
        return (
            f"queued: {queued or 'nothing'}; sent {self.sent}, failed {self.failed}, "
            f"retrying {self.retrying}, skipped {self.skipped}"
            + (f", resent after an expired lease {self.reclaimed}" if self.reclaimed else "")
        )


def queue_all(
    session: Session, *, settings: Settings, config: AlertsConfig, now: datetime,
    subscriber_ids: list[int] | None = None, subscription_ids: list[int] | None = None,
    force_digest: bool = False, since: datetime | None = None, move_cursor: bool = True,
) -> dict[str, int]:
    """Queue every kind that is due; returns counts by kind. The caller commits."""
    new = queue_new_notices(session, settings=settings, config=config, now=now,
                            subscriber_ids=subscriber_ids, since=since, move_cursor=move_cursor)
    updates = queue_updates(session, settings=settings, config=config, now=now,
                            subscriber_ids=subscriber_ids, move_cursor=move_cursor)
    reminders = queue_reminders(session, settings=settings, config=config, now=now,
                                subscriber_ids=subscriber_ids)
    session.flush()
    digests = queue_digests(session, settings=settings, config=config, now=now,
                            subscription_ids=subscription_ids, force=force_digest)
    return {"new": new.new, "digest items": new.digest_items, "digest": digests.queued,
            "update": updates, "reminder": reminders}


def _blocked(row: Delivery, subscriber: Subscriber) -> str | None:
    if subscriber.unsubscribed_at is not None:
        return "recipient unsubscribed"
    if subscriber.bouncing:
        return "recipient address is bouncing"
    if row.kind == "confirmation":
        return "already confirmed" if subscriber.confirmed_at is not None else None
    return None if subscriber.confirmed_at is not None else "recipient has not confirmed"


class Sender:
    """Claims due rows batch by batch and sends them until none is due."""

    def __init__(
        self, sessions: sessionmaker[Session], transport: Transport, *, settings: Settings,
        config: AlertsConfig, clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.sessions, self.transport = sessions, transport
        self.settings, self.config, self.clock = settings, config, clock
        self.taxonomy = load_taxonomy(settings.taxonomy_file)

    def run(self, report: DispatchReport, limit: int | None = None) -> DispatchReport:
        handled = 0
        while limit is None or handled < limit:
            size = self.config.batch_size if limit is None else min(
                self.config.batch_size, limit - handled)
            with self.sessions() as session:
                owner = new_owner()
                claimed = claim(session, owner=owner, now=self.clock(),
                                lease_seconds=self.config.lease_seconds, limit=size)
                rows = claimed.rows
                if not claimed.candidates:
                    break
                report.reclaimed += claimed.reclaimed
                self._process(session, rows, owner, report)
                session.commit()
            handled += len(rows)
        return report

    def _process(
        self, session: Session, rows: list[Delivery], owner: str, report: DispatchReport
    ) -> None:
        now = self.clock()
        composer = Composer(session, self.settings, self.config, self.taxonomy, now)
        outgoing: list[tuple[Delivery, Subscriber, EmailMessage]] = []
        for row in rows:
            subscriber = session.get(Subscriber, row.subscriber_id)
            reason = "recipient removed" if subscriber is None else _blocked(row, subscriber)
            if reason or subscriber is None:
                mark_skipped(session, row, owner, reason or "recipient removed")
                report.skipped += 1
                continue
            try:
                outgoing.append((row, subscriber, composer.compose(row, subscriber)))
            except ComposeError as exc:
                mark_failed(session, row, owner, str(exc))
                report.failed += 1
            except Exception as exc:  # a rendering bug must not stop the other messages
                log.exception("cannot render %s", row.key)
                self._temporary(session, row, owner, f"rendering failed: {exc!r}", now, report)
        results = self.transport.send([message for _, _, message in outgoing])
        for (row, subscriber, _), error in zip(outgoing, results, strict=True):
            self._record(session, row, subscriber, owner, error, now, report)

    def _record(
        self, session: Session, row: Delivery, subscriber: Subscriber, owner: str,
        error: TransportError | None, now: datetime, report: DispatchReport,
    ) -> None:
        if error is None:
            if not mark_sent(session, row, owner, now):
                log.warning("%s was sent but its lease had passed to another worker", row.key)
            subscriber.consecutive_failures = 0
            self._first_alerted(session, row, now)
            report.sent += 1
        elif error.permanent:
            mark_failed(session, row, owner, error.message)
            report.failed += 1
            subscriber.consecutive_failures += 1
            bounced = subscriber.consecutive_failures >= self.config.bounce_after
            if bounced and not subscriber.bouncing:
                subscriber.bouncing = True
                report.bouncing.append(subscriber.email)
                log.warning("%s marked bouncing after %d permanent failures",
                            subscriber.email, subscriber.consecutive_failures)
        else:
            self._temporary(session, row, owner, error.message, now, report)

    def _temporary(
        self, session: Session, row: Delivery, owner: str, message: str, now: datetime,
        report: DispatchReport,
    ) -> None:
        if row.attempts >= self.config.max_attempts:
            mark_failed(session, row, owner, f"gave up after {row.attempts} attempts: {message}")
            report.failed += 1
            return
        delay = self.config.retry_delay(row.attempts)
        mark_retry(session, row, owner, message, now + timedelta(seconds=delay))
        report.retrying += 1

    def _first_alerted(self, session: Session, row: Delivery, now: datetime) -> None:
        """Timeliness (issue 6): when a notice's first alert went out."""
        if row.kind == "new" and row.notice_id is not None:
            ids = [row.notice_id]
        elif row.kind == "digest":
            ids = [entry["id"] for entry in row.payload.get("notices", [])]
        else:
            return
        session.execute(
            update(Notice)
            .where(Notice.id.in_(ids), Notice.first_alerted_at.is_(None))
            .values(first_alerted_at=now)
            .execution_options(synchronize_session=False)
        )


def dispatch(
    sessions: sessionmaker[Session], transport: Transport, *, settings: Settings,
    config: AlertsConfig, queue: bool = True, send: bool = True, limit: int | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> DispatchReport:
    """One dispatch run: queue (committed on its own), then send until nothing is due."""
    report = DispatchReport()
    if queue:
        with sessions() as session:
            report.queued = queue_all(session, settings=settings, config=config, now=clock())
            session.commit()
    if send:
        Sender(sessions, transport, settings=settings, config=config, clock=clock).run(
            report, limit
        )
    return report


def pending_for(session: Session, subscriber_id: int) -> list[Delivery]:
    return list(session.scalars(
        select(Delivery)
        .where(Delivery.subscriber_id == subscriber_id, Delivery.status == "pending")
        .order_by(Delivery.id)
    ))
