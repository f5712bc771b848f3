"""Reading notices back: filters shared by the CLI, and a plain-dict view of a notice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from warning.core.db import Notice, NoticeSymbol
from warning.core.symbols import normalise_symbol

NOTICE_FIELDS = (
    "id",
    "identity",
    "source_id",
    "sources",
    "external_id",
    "symbol",
    "measure_id",
    "domain",
    "doc_type",
    "member_code",
    "member_name",
    "agency",
    "title",
    "description",
    "products",
    "hs_codes",
    "ics_codes",
    "objectives",
    "keywords",
    "languages",
    "addendum_reasons",
    "cited_symbols",
    "distribution_date",
    "comment_deadline",
    "comment_deadline_text",
    "adoption_date",
    "adoption_text",
    "entry_into_force_date",
    "entry_into_force_text",
    "withdrawn",
    "url",
    "links",
    "attention",
    "extra",
    "content_hash",
    "first_seen_at",
    "last_seen_at",
    "last_changed_at",
    "classified_at",
    "flagged",
    "flagged_at",
    "urgency",
    "first_alerted_at",
)


@dataclass(frozen=True)
class NoticeFilter:
    source: str | None = None
    domain: str | None = None
    member: str | None = None
    symbol: str | None = None
    since: date | None = None
    open_on: date | None = None  # comment period still open on this day
    limit: int | None = None

    def apply(self, query: Select[tuple[Notice]]) -> Select[tuple[Notice]]:
        if self.source:
            query = query.where(Notice.source_id == self.source)
        if self.domain:
            query = query.where(Notice.domain == self.domain)
        if self.member:
            query = query.where(Notice.member_code == self.member.upper())
        if self.symbol:
            wanted = normalise_symbol(self.symbol) or self.symbol
            aliases = select(NoticeSymbol.notice_id).where(
                or_(NoticeSymbol.symbol == wanted, NoticeSymbol.base == wanted)
            )
            query = query.where(or_(Notice.identity == wanted, Notice.id.in_(aliases)))
        if self.since:
            query = query.where(Notice.distribution_date >= self.since)
        if self.open_on:
            query = query.where(Notice.comment_deadline >= self.open_on)
        return query


def notice_reference(symbol: str | None, identity: str) -> str:
    """How people refer to a notice: its WTO symbol, else its identity without a trailing URL
    (feed entries are identified by their link)."""
    return symbol or identity.split(":http", 1)[0]


def list_notices(session: Session, flt: NoticeFilter) -> list[Notice]:
    query = flt.apply(select(Notice)).order_by(
        Notice.distribution_date.desc().nulls_last(), Notice.id.desc()
    )
    if flt.limit:
        query = query.limit(flt.limit)
    return list(session.scalars(query))


def get_notice(session: Session, ref: str) -> Notice | None:
    """A notice by numeric id, identity or any of its symbols."""
    if ref.isdigit():
        return session.get(Notice, int(ref))
    found = list_notices(session, NoticeFilter(symbol=ref, limit=1))
    if found:
        return found[0]
    return session.scalars(select(Notice).where(Notice.identity == ref)).first()


def notice_to_dict(notice: Notice, *, with_raw: bool = True) -> dict[str, Any]:
    data = {field: getattr(notice, field) for field in NOTICE_FIELDS}
    data["aliases"] = [row.symbol for row in notice.symbols]
    data["measure_key"] = notice.measure.key if notice.measure else None
    if with_raw:
        data["raw"] = notice.raw
    return data
