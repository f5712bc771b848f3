"""When writing notices fails: one bad notice costs only itself, a failed commit says what was
lost, and no item is left waiting for a batch that failed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from crawlers.items import ValidNotice
from crawlers.pipelines.store import Batcher
from crawlers.store import NoticeStore, StoreError
from warning.core.db import Notice
from warning.core.store import NoticeInput


def valid(symbol: str, **extra) -> ValidNotice:
    notice = NoticeInput(source="eping", symbol=symbol, title="t", extra=extra)
    return ValidNotice(notice, notice.identity(), notice.to_fields())


def test_one_bad_notice_in_a_batch_costs_only_itself(database):
    store = NoticeStore(database.url)
    # A value the JSON column cannot hold: the batch fails, then each notice is tried alone.
    items = [valid("G/TBT/N/USA/1"), valid("G/TBT/N/USA/2", odd={1, 2}), valid("G/TBT/N/USA/3")]
    results = store.upsert_batch(items)
    store.close()
    assert [type(r).__name__ for r in results] == ["UpsertResult", "StoreError", "UpsertResult"]
    assert "G/TBT/N/USA/2" in str(results[1])
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Notice)) == 2


def test_a_failed_commit_says_how_many_notices_were_not_saved(database, monkeypatch):
    store = NoticeStore(database.url, batch=1000)
    store.upsert_batch([valid("G/TBT/N/USA/1"), valid("G/TBT/N/USA/2")])

    def refuse() -> None:
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(store.session, "commit", refuse)
    with pytest.raises(StoreError, match=r"2 notice\(s\) written since the last commit were not"):
        store.commit()


def test_every_waiting_item_hears_back_when_a_batch_cannot_be_written():
    def write(items):
        raise RuntimeError("disk full")

    batcher = Batcher(write, size=2, wait=1.0)
    heard = []
    for symbol in ("G/TBT/N/USA/1", "G/TBT/N/USA/2"):
        batcher.submit(valid(symbol)).addCallback(heard.append)
    assert [str(r) for r in heard] == ["RuntimeError: disk full"] * 2
    assert all(isinstance(r, StoreError) for r in heard)
