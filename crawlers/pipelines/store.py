"""Store: upsert the notices (issue 2's store) in batches; count new / changed / unchanged.

Scrapy hands this pipeline the items of a page concurrently (CONCURRENT_ITEMS); each waits
while the batch fills (or for `TBTWATCH_STORE_BATCH_WAIT` seconds), then the batch is written at
once with `upsert_many`, which does for new notices in three statements what `upsert_notice`
does in a dozen each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawlers import stats as keys
from crawlers.items import StoredNotice, ValidNotice
from crawlers.store import NoticeStore, StoreError, open_store, release_store
from warning.core.store import NoticeInput, UpsertResult

logger = logging.getLogger(__name__)
Result = UpsertResult | StoreError


class Batcher:
    """Collects items; `write` gets them in batches of `size` (or after `wait` seconds)."""

    def __init__(self, write: Callable[[list[ValidNotice]], list[Result]], size: int,
                 wait: float):
        self.write, self.size, self.wait = write, max(1, size), wait
        self.pending: list[tuple[ValidNotice, Deferred[Result]]] = []
        self._timer: Any = None

    def submit(self, item: ValidNotice) -> Deferred[Result]:
        waiting: Deferred[Result] = Deferred()
        self.pending.append((item, waiting))
        if len(self.pending) >= self.size:
            self.flush()
        elif self._timer is None:
            from twisted.internet import reactor

            self._timer = reactor.callLater(self.wait, self.flush)  # type: ignore[attr-defined]
        return waiting

    def flush(self) -> None:
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            results = self.write([item for item, _ in batch])
        except Exception as exc:  # every waiting item must hear back, or the crawl never ends
            logger.exception("writing a batch of %d notices failed", len(batch))
            results = [StoreError(f"{type(exc).__name__}: {exc}")] * len(batch)
        for (_, waiting), result in zip(batch, results, strict=True):
            waiting.callback(result)


class StorePipeline:
    def __init__(self, crawler: Crawler):
        url = crawler.settings.get("TBTWATCH_DATABASE_URL")
        if not url:
            raise NotConfigured("TBTWATCH_DATABASE_URL is not set: nowhere to store notices")
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        self.store: NoticeStore | None = None
        self.batcher: Batcher | None = None
        crawler.signals.connect(self._spider_idle_commit, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        settings = self.crawler.settings
        self.store = open_store(
            self.url,
            batch=settings.getint("TBTWATCH_STORE_BATCH", 500),
            batch_seconds=settings.getfloat("TBTWATCH_STORE_BATCH_SECONDS", 2.0),
        )
        self.batcher = Batcher(self.store.upsert_batch,
                               settings.getint("TBTWATCH_STORE_BATCH_ITEMS", 100),
                               settings.getfloat("TBTWATCH_STORE_BATCH_WAIT", 0.05))

    def close_spider(self) -> None:
        if self.batcher is not None:
            self.batcher.flush()
        if self.store is not None:
            store, self.store = self.store, None
            try:
                release_store(store)
            except StoreError as exc:
                self._failed(str(exc))

    def _spider_idle_commit(self) -> None:
        if self.store is None:
            return
        try:
            self.store.commit()
        except StoreError as exc:
            self._failed(str(exc))

    def _failed(self, message: str) -> None:
        """Counted as a store error, and kept for the report when the spider keeps errors."""
        page_failed = getattr(self.crawler.spider, "page_failed", None)
        if page_failed is not None:
            page_failed("store", f"store: {message}")  # counts tbtwatch/errors/store
        else:
            self.stats.inc_value(keys.STORE_ERRORS)
            logger.error("store: %s", message)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, NoticeInput):
            item = ValidNotice(item, item.identity(), item.to_fields())
        if not isinstance(item, ValidNotice):
            return item
        assert self.batcher is not None, "the store pipeline was not opened"
        result = await maybe_deferred_to_future(self.batcher.submit(item))
        if isinstance(result, StoreError):
            self._failed(f"could not store {result}")
            raise DropItem(f"store failed: {result}")
        self.stats.inc_value(f"{keys.STORED}/{result.status}")
        return StoredNotice(item.notice, item.identity, result.status, result.notice_id)
