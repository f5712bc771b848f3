"""A measure's timeline: its notification, addenda, corrigenda and revisions, the same measure
on other sources, and the changes seen on each document, in date order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Notice, NoticeChange

MAX_DOCUMENTS = 200
MAX_CHANGES = 100
# Within one day, the notification comes before what amends it.
DOC_ORDER = {"regular": 0, "emergency": 0, "revision": 1, "addendum": 2, "corrigendum": 3}


@dataclass(frozen=True)
class TimelineDocument:
    id: int
    identity: str
    symbol: str | None
    doc_type: str
    domain: str
    source_id: str
    title: str
    distribution_date: date | None
    comment_deadline: date | None
    addendum_reasons: list[str]
    url: str | None
    current: bool  # the notice whose page this is


@dataclass(frozen=True)
class TimelineChange:
    notice_id: int
    symbol: str
    at: datetime
    kinds: list[str]
    material: bool


@dataclass(frozen=True)
class Timeline:
    documents: list[TimelineDocument]
    changes: list[TimelineChange]

    @property
    def other_sources(self) -> list[TimelineDocument]:
        return [d for d in self.documents if d.domain not in ("TBT", "SPS")]


def _document(notice: Notice, current_id: int) -> TimelineDocument:
    return TimelineDocument(
        id=notice.id,
        identity=notice.identity,
        symbol=notice.symbol,
        doc_type=notice.doc_type,
        domain=notice.domain,
        source_id=notice.source_id,
        title=notice.title,
        distribution_date=notice.distribution_date,
        comment_deadline=notice.comment_deadline,
        addendum_reasons=list(notice.addendum_reasons or []),
        url=notice.url,
        current=notice.id == current_id,
    )


def measure_timeline(session: Session, notice: Notice) -> Timeline:
    if notice.measure_id is None:
        members = [notice]
    else:
        members = list(
            session.scalars(
                select(Notice).where(Notice.measure_id == notice.measure_id).limit(MAX_DOCUMENTS)
            )
        )
    members.sort(
        key=lambda n: (n.distribution_date or date.max, DOC_ORDER.get(n.doc_type, 4), n.id)
    )
    labels = {n.id: n.symbol or n.identity for n in members}
    changes = session.scalars(
        select(NoticeChange)
        .where(NoticeChange.notice_id.in_(list(labels)))
        .order_by(NoticeChange.at.desc())
        .limit(MAX_CHANGES)
    )
    return Timeline(
        documents=[_document(n, notice.id) for n in members],
        changes=[
            TimelineChange(c.notice_id, labels[c.notice_id], c.at, list(c.kinds), c.material)
            for c in changes
        ],
    )
