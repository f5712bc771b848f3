"""`upsert_notice`: store a notice idempotently by identity and report new / changed / unchanged.

A notice seen on a second source (the same WTO symbol from ePing and from the document itself)
stays one notice: the first source's fields win, the second only fills what is missing, and each
source's raw payload is kept. This keeps two sources from overwriting each other on every crawl.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from warning.core.db import Notice, NoticeChange, NoticeSymbol, Source
from warning.core.store.changes import COMPARED_FIELDS, ChangeDecision, decide_change, snapshot
from warning.core.store.lifecycle import (
    link_measure,
    measure_keys,
    record_addendum_effect,
    sync_symbols,
)
from warning.core.store.record import NoticeInput, content_hash

Status = Literal["new", "changed", "unchanged"]
_FIELDS = (
    *COMPARED_FIELDS,
    "symbol",
    "external_id",
    "member_name",
    "description",
    "title",
    "languages",
    "extra",
)


@dataclass(frozen=True, slots=True)
class UpsertResult:
    status: Status
    notice_id: int
    change: ChangeDecision | None = None


def _current(notice: Notice) -> dict[str, Any]:
    return {field: getattr(notice, field) for field in _FIELDS}


def _merge_secondary(current: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for field, value in incoming.items():
        if field in merged and merged[field] in (None, "", [], {}) and value not in (None, "", []):
            merged[field] = value
    return merged


def _find(session: Session, identity: str, symbols: list[str]) -> Notice | None:
    notice = session.scalars(select(Notice).where(Notice.identity == identity)).first()
    if notice is None and symbols:
        notice = session.scalars(
            select(Notice)
            .join(NoticeSymbol, NoticeSymbol.notice_id == Notice.id)
            .where(NoticeSymbol.symbol.in_(symbols))
            .limit(1)
        ).first()
    return notice


def ensure_source(session: Session, source_id: str) -> None:
    if session.get(Source, source_id) is None:
        session.add(Source(id=source_id))
        session.flush()


def upsert_notice(
    session: Session, item: NoticeInput, *, now: datetime | None = None
) -> UpsertResult:
    """Insert or update one notice. Idempotent: the same item twice gives `unchanged`."""
    now = now or datetime.now(UTC)
    fields = item.to_fields()
    symbols = item.parsed_symbols()
    identity = item.identity()
    ensure_source(session, item.source)
    notice = _find(session, identity, [str(s) for s in symbols])
    if notice is None:
        try:
            with session.begin_nested():
                return _insert(session, item, identity, fields, now)
        except IntegrityError:
            notice = _find(session, identity, [str(s) for s in symbols])
            if notice is None:
                raise
    return _update(session, notice, item, fields, now)


def _insert(
    session: Session, item: NoticeInput, identity: str, fields: dict[str, Any], now: datetime
) -> UpsertResult:
    symbols = item.parsed_symbols()
    notice = Notice(
        identity=identity,
        source_id=item.source,
        sources=[item.source],
        content_hash=content_hash(snapshot(fields)),
        raw={item.source: item.raw},
        first_seen_at=now,
        last_seen_at=now,
        last_changed_at=now,
        **fields,
    )
    session.add(notice)
    sync_symbols(session, notice, symbols)
    link_measure(session, notice, measure_keys(symbols, fields["cited_symbols"], identity))
    session.flush()
    record_addendum_effect(session, notice, now)
    return UpsertResult("new", notice.id)


def _update(
    session: Session, notice: Notice, item: NoticeInput, fields: dict[str, Any], now: datetime
) -> UpsertResult:
    current = _current(notice)
    primary = item.source == notice.source_id
    proposed = {**current, **fields} if primary else _merge_secondary(current, fields)
    decision = decide_change(current, proposed)
    notice.last_seen_at = now
    notice.raw = {**notice.raw, item.source: item.raw}
    if item.source not in notice.sources:
        notice.sources = [*notice.sources, item.source]
    symbols = item.parsed_symbols()
    sync_symbols(session, notice, symbols)
    link_measure(session, notice, measure_keys(symbols, proposed["cited_symbols"], notice.identity))
    if not decision.changed:
        if decision.cosmetic and primary:
            _apply(notice, proposed)
        session.flush()
        return UpsertResult("unchanged", notice.id, decision)
    _apply(notice, proposed)
    notice.content_hash = content_hash(snapshot(proposed))
    notice.last_changed_at = now
    if decision.needs_reclassification:
        notice.classified_at = None
    session.add(
        NoticeChange(
            notice_id=notice.id,
            at=now,
            source_id=item.source,
            kinds=sorted(decision.kinds),
            material=decision.material,
            before=decision.before,
            after=decision.after,
        )
    )
    session.flush()
    if "addendum_reasons" in decision.after:
        record_addendum_effect(session, notice, now)
    return UpsertResult("changed", notice.id, decision)


def _apply(notice: Notice, values: dict[str, Any]) -> None:
    for field, value in values.items():
        if getattr(notice, field) != value:
            setattr(notice, field, value)
