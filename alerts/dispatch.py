"""`dispatch`: queue what is due (new notices, updates, reminders, digests), then send the outbox.

Delivery is at least once. A row is claimed with a lease and committed before anything is sent;
after sending, its outcome is committed with the batch. A process killed in between leaves its
batch `sending`: when the lease expires, the next dispatch sends those rows again with the same
Message-ID, so a recipient may get a message twice (recognisably the same one) but never zero
times, and `delivery.reclaims` counts every row that may have been duplicated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import Message

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


@dataclass
class _Batch:
    """One claimed batch on its way out: what was rendered, for whom."""

    session: Session
    owner: str
    now: datetime
    report: DispatchReport
    composer: Composer = field(init=False)
    subscribers: dict[int, Subscriber] = field(default_factory=dict)
    outgoing: list[tuple[Delivery, Subscriber]] = field(default_factory=list)


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
        batch = _Batch(session, owner, self.clock(), report)
        batch.composer = Composer(session, self.settings, self.config, self.taxonomy, batch.now)
        batch.composer.prefetch(rows)
        batch.subscribers = {s.id: s for s in session.scalars(
            select(Subscriber).where(Subscriber.id.in_({r.subscriber_id for r in rows}))
        )}
        # A generator: the transport starts sending the first message while the next ones
        # are still being rendered.
        results = self.transport.send(self._messages(batch, rows))
        sent = []
        for (row, subscriber), error in zip(batch.outgoing, results, strict=True):
            if error is None:
                sent.append(row)
                if subscriber.consecutive_failures:
                    subscriber.consecutive_failures = 0
            elif error.permanent:
                self._permanent(session, row, subscriber, owner, error, report)
            else:
                self._temporary(session, row, owner, error.message, batch.now, report)
        self._sent(session, sent, owner, batch.now, report)

    def _messages(self, batch: _Batch, rows: list[Delivery]) -> Iterator[Message]:
        """Render each row; rows that cannot go are marked here and not yielded."""
        session, owner, report = batch.session, batch.owner, batch.report
        for row in rows:
            subscriber = batch.subscribers.get(row.subscriber_id)
            reason = "recipient removed" if subscriber is None else _blocked(row, subscriber)
            if reason or subscriber is None:
                mark_skipped(session, row, owner, reason or "recipient removed")
                report.skipped += 1
                continue
            try:
                message = batch.composer.compose(row, subscriber)
            except ComposeError as exc:
                mark_failed(session, row, owner, str(exc))
                report.failed += 1
                continue
            except Exception as exc:  # a rendering bug must not stop the other messages
                log.exception("cannot render %s", row.key)
                self._temporary(session, row, owner, f"rendering failed: {exc!r}", batch.now,
                                report)
                continue
            batch.outgoing.append((row, subscriber))
            yield message

    def _sent(
        self, session: Session, rows: list[Delivery], owner: str, now: datetime,
        report: DispatchReport,
    ) -> None:
        held = mark_sent(session, [r.id for r in rows], owner, now)
        if held < len(rows):
            log.warning("%d sent messages had lost their lease to another worker",
                        len(rows) - held)
        report.sent += len(rows)
        self._first_alerted(session, rows, now)

    def _permanent(
        self, session: Session, row: Delivery, subscriber: Subscriber, owner: str,
        error: TransportError, report: DispatchReport,
    ) -> None:
        mark_failed(session, row, owner, error.message)
        report.failed += 1
        subscriber.consecutive_failures += 1
        bounced = subscriber.consecutive_failures >= self.config.bounce_after
        if bounced and not subscriber.bouncing:
            subscriber.bouncing = True
            report.bouncing.append(subscriber.email)
            log.warning("%s marked bouncing after %d permanent failures",
                        subscriber.email, subscriber.consecutive_failures)

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

    def _first_alerted(self, session: Session, rows: list[Delivery], now: datetime) -> None:
        """Timeliness (issue 6): when each notice's first alert went out."""
        ids = {r.notice_id for r in rows if r.kind == "new" and r.notice_id is not None}
        for row in rows:
            if row.kind == "digest":
                ids.update(entry["id"] for entry in row.payload.get("notices", []))
        if ids:
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
