"""Store: upsert each notice (issue 2's `upsert_notice`) and count new / changed / unchanged."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawlers import stats as keys
from crawlers.items import StoredNotice
from crawlers.store import NoticeStore, StoreError, open_store, release_store
from warning.core.store import NoticeInput

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler):
        url = crawler.settings.get("TBTWATCH_DATABASE_URL")
        if not url:
            raise NotConfigured("TBTWATCH_DATABASE_URL is not set: nowhere to store notices")
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = url
        self.store: NoticeStore | None = None
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

    def close_spider(self) -> None:
        if self.store is not None:
            release_store(self.store)
            self.store = None

    def _spider_idle_commit(self) -> None:
        if self.store is not None:
            self.store.commit()

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, NoticeInput):
            return item
        assert self.store is not None, "the store pipeline was not opened"
        try:
            result = self.store.upsert(item)
        except StoreError as exc:
            self.stats.inc_value(keys.STORE_ERRORS)
            logger.error("could not store %s", exc)
            raise DropItem(f"store failed: {exc}") from exc
        self.stats.inc_value(f"{keys.STORED}/{result.status}")
        return StoredNotice(item, item.identity(), result.status, result.notice_id)
