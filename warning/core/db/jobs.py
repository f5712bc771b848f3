"""Job runs (crawls, classification, dispatch) and the scheduler's lease."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from warning.core.db.base import Base, utcnow


class JobRun(Base):
    __tablename__ = "job_run"
    __table_args__ = (Index("ix_job_run_job_started_at", "job", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(80))  # "crawl", "classify", "dispatch", ...
    source_id: Mapped[str | None] = mapped_column(ForeignKey("source.id"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="running")  # success, failed
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text)


class SchedulerLease(Base):
    """Held by the one process whose scheduler may act; expires if its holder dies."""

    __tablename__ = "scheduler_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    until: Mapped[datetime]
