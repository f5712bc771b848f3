"""Measures: a notification, its addenda, corrigenda and revisions, and the same measure on other
sources, grouped whatever order they arrive in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Measure, Notice, NoticeChange, NoticeSymbol
from warning.core.symbols import Symbol, parse_symbol

# What an addendum's reasons mean for the measure it amends, as change kinds.
_REASON_KINDS = {
    "comment_period_changed": "deadline",
    "adopted": "adoption",
    "published": "adoption",
    "entered_into_force": "entry_into_force",
    "dates_changed": "adoption",
    "withdrawn": "withdrawn",
    "scope_changed": "scope",
}


def measure_keys(own: list[Symbol], cited: list[str], identity: str) -> list[str]:
    """Keys a notice's measure may be known by: its own base symbols, else the WTO symbols it
    cites, else its own identity."""
    keys = list(dict.fromkeys(symbol.base for symbol in own))
    if not keys:
        bases = [parse_symbol(c) for c in cited]
        keys = list(dict.fromkeys(s.base for s in bases if s))
    return keys or [identity]


def find_or_create_measure(session: Session, keys: list[str]) -> Measure:
    measure = session.scalars(select(Measure).where(Measure.key.in_(keys)).limit(1)).first()
    if measure is not None:
        return measure
    via_symbol = session.scalars(
        select(Notice.measure_id)
        .join(NoticeSymbol, NoticeSymbol.notice_id == Notice.id)
        .where(NoticeSymbol.base.in_(keys), Notice.measure_id.is_not(None))
        .limit(1)
    ).first()
    if via_symbol is not None:
        found = session.get(Measure, via_symbol)
        if found is not None:
            return found
    measure = Measure(key=keys[0])
    session.add(measure)
    session.flush()
    return measure


def link_measure(session: Session, notice: Notice, keys: list[str]) -> None:
    """Attach the notice to its measure; a notice alone in a measure of its own identity moves
    when it later cites a WTO symbol."""
    if notice.measure_id is not None:
        current = session.get(Measure, notice.measure_id)
        if current is not None and (current.key in keys or current.key != notice.identity):
            return
    notice.measure = find_or_create_measure(session, keys)


def sync_symbols(session: Session, notice: Notice, symbols: list[Symbol]) -> None:
    """Keep every symbol the notice is known by (joint notifications), the first as primary."""
    known = {row.symbol for row in notice.symbols}
    for index, symbol in enumerate(symbols):
        text = str(symbol)
        if text not in known:
            notice.symbols.append(
                NoticeSymbol(symbol=text, base=symbol.base, primary=index == 0 and not known)
            )
            known.add(text)


def record_addendum_effect(session: Session, addendum: Notice, now: datetime) -> None:
    """An addendum that moves a deadline, adopts, withdraws or rescopes the measure is a material
    change of the measure's regular notification: record it there, once."""
    kinds = sorted({_REASON_KINDS[r] for r in addendum.addendum_reasons if r in _REASON_KINDS})
    if not kinds or addendum.measure_id is None:
        return
    parent = session.scalars(
        select(Notice)
        .where(
            Notice.measure_id == addendum.measure_id, Notice.doc_type.in_(("regular", "emergency"))
        )
        .order_by(Notice.distribution_date.desc().nulls_last(), Notice.id)
        .limit(1)
    ).first()
    if parent is None or parent.id == addendum.id:
        return
    after: dict[str, Any] = {"addendum": addendum.symbol or addendum.identity}
    for field in ("comment_deadline", "adoption_date", "entry_into_force_date"):
        value = getattr(addendum, field)
        if value is not None:
            after[field] = value.isoformat()
    session.add(
        NoticeChange(
            notice_id=parent.id,
            at=now,
            source_id=addendum.source_id,
            kinds=kinds,
            material=True,
            before={},
            after=after,
        )
    )
