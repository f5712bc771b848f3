"""`upsert_many`: a batch of notices for the crawlers, with the results of `upsert_notice`.

One `upsert_notice` costs a dozen statements; a crawl of a year of ePing makes thousands. Here
the notices of a batch that are new (their identity and symbols are neither stored nor shared
with another notice of the batch, and they carry no addendum reasons) are inserted together:
one query finds what is stored, one finds the measures, and one multi-row INSERT per table
writes them all (without building ORM objects, which costs more than the writing). Every other
notice goes through `upsert_notice`, after the new ones, in the batch's order. Measures end up
as `upsert_notice` would group them, whatever the order (see lifecycle.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from warning.core.db import Measure, Notice, NoticeSymbol
from warning.core.store.changes import snapshot
from warning.core.store.lifecycle import measure_keys
from warning.core.store.record import NoticeInput, content_hash
from warning.core.store.upsert import UpsertResult, ensure_source, upsert_notice
from warning.core.symbols import Symbol


@dataclass
class _Measures:
    """Measures by key and by the base symbol of a notice in them, stored or of this batch:
    an int is a stored measure's id, a str the key of a measure this batch will create."""

    by_key: dict[str, int | str] = field(default_factory=dict)
    by_base: dict[str, int | str] = field(default_factory=dict)

    def find(self, keys: list[str]) -> int | str | None:
        for key in keys:
            if key in self.by_key:
                return self.by_key[key]
        for key in keys:
            if key in self.by_base:
                return self.by_base[key]
        return None


def _stored_names(session: Session, identities: set[str], symbols: set[str]) -> set[str]:
    found = set(session.scalars(select(Notice.identity).where(Notice.identity.in_(identities))))
    if symbols:
        found |= set(
            session.scalars(select(NoticeSymbol.symbol).where(NoticeSymbol.symbol.in_(symbols)))
        )
    return found


def _stored_measures(session: Session, keys: set[str]) -> _Measures:
    measures = _Measures()
    for measure_id, key in session.execute(
        select(Measure.id, Measure.key).where(Measure.key.in_(keys))
    ):
        measures.by_key[key] = measure_id
    rows = session.execute(
        select(NoticeSymbol.base, Notice.measure_id)
        .join(Notice, NoticeSymbol.notice_id == Notice.id)
        .where(NoticeSymbol.base.in_(keys), Notice.measure_id.is_not(None))
    )
    for base, linked in rows:
        if linked is not None:
            measures.by_base.setdefault(base, linked)
    return measures


@dataclass
class _Item:
    """A notice with what is derived from it once (symbol parsing is not free)."""

    notice: NoticeInput
    identity: str
    symbols: list[Symbol]
    fields: dict[str, Any] | None = None

    @property
    def names(self) -> set[str]:
        return {self.identity, *(str(s) for s in self.symbols)}


def _split(items: Sequence[_Item], stored: set[str]) -> tuple[list[int], list[int]]:
    """Indexes of the notices that can be inserted together, and of the others."""
    fresh, other, claimed = [], [], set(stored)
    for index, item in enumerate(items):
        names = item.names
        if names & claimed or item.notice.addendum_reasons:
            other.append(index)
        else:
            fresh.append(index)
        claimed |= names
    return fresh, other


def _row(prepared: _Item, fields: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The notice's row, as `upsert_notice` would insert it."""
    item = prepared.notice
    return {
        **fields,
        "identity": prepared.identity,
        "source_id": item.source,
        "sources": [item.source],
        "content_hash": content_hash(snapshot(fields)),
        "raw": {item.source: item.raw},
        "first_seen_at": now,
        "last_seen_at": now,
        "last_changed_at": now,
    }


def _symbol_rows(notice_id: int, symbols: list[Symbol]) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for index, symbol in enumerate(symbols):
        if str(symbol) not in seen:
            seen.add(str(symbol))
            rows.append(
                {
                    "notice_id": notice_id,
                    "symbol": str(symbol),
                    "base": symbol.base,
                    "primary": index == 0,
                }
            )
    return rows


def _measure_ids(
    session: Session, items: list[_Item], keys_of: list[list[str]], now: datetime
) -> list[int]:
    """Each notice's measure: a stored one, one of the batch, or a new one made here."""
    measures = _stored_measures(session, {key for keys in keys_of for key in keys})
    chosen: list[int | str] = []
    for item, keys in zip(items, keys_of, strict=True):
        found = measures.find(keys)
        if found is None:
            found = measures.by_key[keys[0]] = keys[0]
        chosen.append(found)
        for symbol in item.symbols:
            measures.by_base.setdefault(symbol.base, found)
    new = list(dict.fromkeys(c for c in chosen if isinstance(c, str)))
    ids: dict[str, int] = {}
    if new:
        created = session.execute(
            insert(Measure).returning(Measure.id, Measure.key),
            [{"key": key, "created_at": now} for key in new],
        )
        ids = {key: measure_id for measure_id, key in created}
    return [ids[c] if isinstance(c, str) else c for c in chosen]


def _insert_new(session: Session, items: list[_Item], now: datetime) -> list[int]:
    fields = [item.fields or item.notice.to_fields() for item in items]
    keys_of = [
        measure_keys(item.symbols, f["cited_symbols"], item.identity)
        for item, f in zip(items, fields, strict=True)
    ]
    measure_ids = _measure_ids(session, items, keys_of, now)
    rows = [
        {**_row(item, f, now), "measure_id": measure_id}
        for item, f, measure_id in zip(items, fields, measure_ids, strict=True)
    ]
    # Matched by identity (unique), not by order: asking SQLAlchemy to keep the order makes it
    # insert row by row on SQLite.
    returned = session.execute(insert(Notice).returning(Notice.identity, Notice.id), rows)
    by_identity = {identity: notice_id for identity, notice_id in returned}
    ids = [by_identity[item.identity] for item in items]
    symbols = [
        row
        for item, notice_id in zip(items, ids, strict=True)
        for row in _symbol_rows(notice_id, item.symbols)
    ]
    if symbols:
        session.execute(insert(NoticeSymbol), symbols)
    return ids


def upsert_many(
    session: Session,
    notices: Sequence[NoticeInput],
    *,
    now: datetime | None = None,
    fields: Sequence[dict[str, Any] | None] | None = None,
) -> list[UpsertResult]:
    """Store each notice as `upsert_notice` would; results in the order of `notices`.
    `fields`, when given, are the notices' `to_fields()` already computed by the caller."""
    if not notices:
        return []
    now = now or datetime.now(UTC)
    known = list(fields) if fields is not None else [None] * len(notices)
    items = [
        _Item(n, n.identity(), n.parsed_symbols(), f) for n, f in zip(notices, known, strict=True)
    ]
    for source in {item.notice.source for item in items}:
        ensure_source(session, source)
    identities = {item.identity for item in items}
    symbols = {str(s) for item in items for s in item.symbols}
    fresh, other = _split(items, _stored_names(session, identities, symbols))
    results: dict[int, UpsertResult] = {}
    inserted = _insert_new(session, [items[i] for i in fresh], now) if fresh else []
    for index, notice_id in zip(fresh, inserted, strict=True):
        results[index] = UpsertResult("new", notice_id)
    for index in other:
        results[index] = upsert_notice(session, notices[index], now=now)
    return [results[i] for i in range(len(items))]
