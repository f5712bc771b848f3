"""The scheduler lease: one row in `scheduler_lease` that only one process may hold at a time.

Taking the lease is one conditional UPDATE (or an INSERT when the row does not exist yet), so
two processes racing for it on SQLite or PostgreSQL can never both win. The holder renews it
well before it expires; a holder that dies stops renewing, and another process takes over once
`until` has passed. Clocks of the hosts sharing a database must agree to within a few seconds.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from warning.core.db import SchedulerLease
from warning.core.db.base import utcnow

log = logging.getLogger(__name__)


def default_holder() -> str:
    """host:pid:random, so a restarted process on the same host is a new holder."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class Lease:
    sessions: sessionmaker[Session]
    name: str = "scheduler"
    ttl: timedelta = timedelta(seconds=60)
    holder: str = field(default_factory=default_holder)

    def acquire(self, now: datetime | None = None) -> bool:
        """Take or renew the lease; False while another live holder has it."""
        now = now or utcnow()
        until = now + self.ttl
        with self.sessions() as session:
            taken = session.execute(
                update(SchedulerLease)
                .where(
                    SchedulerLease.name == self.name,
                    or_(SchedulerLease.holder == self.holder, SchedulerLease.until < now),
                )
                .values(holder=self.holder, until=until)
            ).rowcount
            session.commit()
            if taken:
                return True
            try:
                session.execute(
                    insert(SchedulerLease).values(name=self.name, holder=self.holder, until=until)
                )
                session.commit()
            except IntegrityError:
                session.rollback()
                return False  # the row exists and someone alive holds it
        return True

    renew = acquire

    def holds(self, now: datetime | None = None) -> bool:
        """Whether this process holds an unexpired lease right now (checked in the database)."""
        now = now or utcnow()
        with self.sessions() as session:
            row = session.get(SchedulerLease, self.name)
            return row is not None and row.holder == self.holder and row.until >= now

    def release(self) -> None:
        """Give the lease up at once, so a standby process need not wait for it to expire."""
        with self.sessions() as session:
            session.execute(
                delete(SchedulerLease).where(
                    SchedulerLease.name == self.name, SchedulerLease.holder == self.holder
                )
            )
            session.commit()


def current_holder(session: Session, name: str = "scheduler") -> dict[str, object] | None:
    """Who holds the lease and until when (None when nobody ever took it)."""
    row = session.execute(
        select(SchedulerLease.holder, SchedulerLease.until).where(SchedulerLease.name == name)
    ).first()
    if row is None:
        return None
    return {"holder": row.holder, "until": row.until, "alive": row.until >= utcnow()}


def expire_leases(session: Session, now: datetime | None = None) -> int:
    """Delete leases whose holder stopped renewing them long ago (housekeeping)."""
    cutoff = (now or utcnow()) - timedelta(days=1)
    return session.execute(delete(SchedulerLease).where(SchedulerLease.until < cutoff)).rowcount
