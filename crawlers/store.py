"""The crawl's way into the notice store: `upsert_notice` in batched transactions.

Crawlers running in one process share one `NoticeStore` per database: they all run in the
reactor's thread, and two SQLite write transactions from the same thread would wait on each
other forever. Each item gets a savepoint, so one bad item rolls back alone.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from crawlers.items import ValidNotice
from warning.core.db.runtime import Database
from warning.core.store import NoticeInput, RecordError, UpsertResult, upsert_notice
from warning.core.store.batch import upsert_many

logger = logging.getLogger(__name__)


class StoreError(RuntimeError):
    """An item could not be written; the message names the notice and the database error."""


class NoticeStore:
    def __init__(self, database_url: str, *, batch: int = 500, batch_seconds: float = 2.0):
        self.url = database_url
        self.database = Database(database_url)
        self.batch = max(1, batch)
        self.batch_seconds = batch_seconds
        self.users = 0
        self._session: Session | None = None
        self._pending = 0
        self._since = time.monotonic()

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self.database.sessions()
        return self._session

    def upsert(self, item: NoticeInput, now: datetime | None = None) -> UpsertResult:
        session = self.session
        try:
            with session.begin_nested():
                result = upsert_notice(session, item, now=now or datetime.now(UTC))
        except (SQLAlchemyError, RecordError) as exc:
            raise StoreError(f"{item.identity()}: {type(exc).__name__}: {exc}") from exc
        self._written(1)  # a failed commit raises StoreError for this item
        return result

    def upsert_batch(self, items: list[ValidNotice]) -> list[UpsertResult | StoreError]:
        """Each item's result, or its StoreError: a failing batch is retried item by item so
        that one bad notice costs only itself."""
        session = self.session
        notices = [item.notice for item in items]
        try:
            with session.begin_nested():
                results: list[UpsertResult | StoreError] = list(upsert_many(
                    session, notices, now=datetime.now(UTC), fields=[i.fields for i in items]))
        except (SQLAlchemyError, RecordError) as exc:
            logger.warning("a batch of %d notices failed (%s); storing them one by one",
                           len(items), exc)
            results = []
            for item in notices:
                try:
                    results.append(self.upsert(item))
                except StoreError as error:
                    results.append(error)
            return results
        try:
            self._written(len(items))
        except StoreError as error:
            return [error] * len(items)
        return results

    def _written(self, count: int) -> None:
        self._pending += count
        if self._pending >= self.batch or time.monotonic() - self._since > self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        """Commit what was written; a failed commit loses it, and says how much."""
        pending, self._pending = self._pending, 0
        self._since = time.monotonic()
        if self._session is None or not pending:
            return
        try:
            self._session.commit()
        except SQLAlchemyError as exc:
            self._session.rollback()
            raise StoreError(f"commit failed, {pending} notice(s) written since the last "
                             f"commit were not saved: {type(exc).__name__}: {exc}") from exc

    def close(self) -> None:
        if self._session is not None:
            try:
                self.commit()
            finally:
                self._session.close()
                self._session = None
        self.database.engine.dispose()


_STORES: dict[str, NoticeStore] = {}


def open_store(database_url: str, *, batch: int, batch_seconds: float) -> NoticeStore:
    """The process's store for this database (created on first use); pair with `release_store`."""
    store = _STORES.get(database_url)
    if store is None:
        store = _STORES[database_url] = NoticeStore(
            database_url, batch=batch, batch_seconds=batch_seconds
        )
    store.users += 1
    return store


def release_store(store: NoticeStore) -> None:
    """Commit what this user wrote; the last user closes the store. A failed commit raises
    StoreError (after closing)."""
    store.users -= 1
    if store.users > 0:
        store.commit()
        return
    _STORES.pop(store.url, None)
    store.close()


def commit_all_stores() -> None:
    """Commit every open store, so another connection can write (SQLite allows one writer)."""
    for store in list(_STORES.values()):
        store.commit()
