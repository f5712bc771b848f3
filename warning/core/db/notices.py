"""Sources, notices, their symbols and changes, and the measures that group them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warning.core.db.base import Base, utcnow


class Source(Base):
    """A configured source and its crawl state (the YAML in config/sources is its definition)."""

    __tablename__ = "source"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    cursor: Mapped[dict[str, Any]] = mapped_column(default=dict)
    last_run_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    last_error_at: Mapped[datetime | None]
    items_total: Mapped[int] = mapped_column(default=0)
    last_counts: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Measure(Base):
    """One regulatory measure: a notification with its addenda, corrigenda and revisions, and
    the same measure seen on other sources (a Federal Register rule citing the WTO symbol)."""

    __tablename__ = "measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    notices: Mapped[list[Notice]] = relationship(back_populates="measure")


class Notice(Base):
    """One document from one source, identified by its WTO symbol or `<source>:<external id>`."""

    __tablename__ = "notice"
    __table_args__ = (
        Index("ix_notice_comment_deadline", "comment_deadline"),
        Index("ix_notice_distribution_date", "distribution_date"),
        Index("ix_notice_member_code", "member_code"),
        Index("ix_notice_source_id", "source_id"),
        Index("ix_notice_classified_at", "classified_at"),
        Index("ix_notice_flagged_urgency", "flagged", "urgency"),
        # The queue by domain (walked in urgency order) and the search by domain, newest first;
        # both also make counting a domain's notices an index-only walk.
        Index("ix_notice_flagged_domain_urgency", "flagged", "domain", "urgency"),
        Index("ix_notice_domain_distribution_date", "domain", "distribution_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    identity: Mapped[str] = mapped_column(String(200), unique=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"))
    sources: Mapped[list[str]] = mapped_column(default=list)
    external_id: Mapped[str | None] = mapped_column(String(200))
    symbol: Mapped[str | None] = mapped_column(String(200))
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measure.id"), index=True)
    domain: Mapped[str] = mapped_column(String(16))
    doc_type: Mapped[str] = mapped_column(String(16))
    member_code: Mapped[str | None] = mapped_column(String(8))
    member_name: Mapped[str | None] = mapped_column(String(200))
    agency: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    products: Mapped[str | None] = mapped_column(Text)
    hs_codes: Mapped[list[str]] = mapped_column(default=list)
    ics_codes: Mapped[list[str]] = mapped_column(default=list)
    objectives: Mapped[list[str]] = mapped_column(default=list)
    keywords: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    addendum_reasons: Mapped[list[str]] = mapped_column(default=list)
    cited_symbols: Mapped[list[str]] = mapped_column(default=list)
    distribution_date: Mapped[date | None]
    comment_deadline: Mapped[date | None]
    comment_deadline_text: Mapped[str | None] = mapped_column(Text)
    adoption_date: Mapped[date | None]
    adoption_text: Mapped[str | None] = mapped_column(Text)
    entry_into_force_date: Mapped[date | None]
    entry_into_force_text: Mapped[str | None] = mapped_column(Text)
    withdrawn: Mapped[bool] = mapped_column(default=False)
    url: Mapped[str | None] = mapped_column(Text)
    links: Mapped[list[str]] = mapped_column(default=list)
    attention: Mapped[list[str]] = mapped_column(default=list)  # reasons a reviewer should look
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)  # source-specific fields
    content_hash: Mapped[str] = mapped_column(String(64))
    raw: Mapped[dict[str, Any]] = mapped_column(default=dict)  # payload as received, per source
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    classified_at: Mapped[datetime | None]
    flagged: Mapped[bool] = mapped_column(default=False)
    flagged_at: Mapped[datetime | None]
    urgency: Mapped[float | None]
    first_alerted_at: Mapped[datetime | None]

    measure: Mapped[Measure | None] = relationship(back_populates="notices")
    symbols: Mapped[list[NoticeSymbol]] = relationship(
        back_populates="notice", cascade="all, delete-orphan"
    )


class NoticeSymbol(Base):
    """Every symbol a notice is known by (joint notifications have several); searchable."""

    __tablename__ = "notice_symbol"
    __table_args__ = (UniqueConstraint("symbol", "notice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    symbol: Mapped[str] = mapped_column(String(200), index=True)
    base: Mapped[str] = mapped_column(String(200), index=True)
    primary: Mapped[bool] = mapped_column(default=False)

    notice: Mapped[Notice] = relationship(back_populates="symbols")


class NoticeChange(Base):
    """A change seen on a stored notice: what kinds, and the values before and after."""

    __tablename__ = "notice_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    source_id: Mapped[str] = mapped_column(String(64))
    kinds: Mapped[list[str]] = mapped_column(default=list)
    material: Mapped[bool] = mapped_column(default=False)
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
