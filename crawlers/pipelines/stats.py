"""Stats: what was stored, by domain and member, and the latest distribution date (the cursor)."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawlers import stats as keys
from crawlers.items import StoredNotice
from warning.core.dates import parse_date


class StatsPipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, StoredNotice):
            return item
        notice = item.notice
        self.stats.inc_value(f"{keys.PREFIX}/by_domain/{notice.domain or 'implied'}")
        distributed = parse_date(notice.distribution_date)
        if distributed is not None:
            # ISO dates order as strings, so max_value keeps the latest.
            self.stats.max_value(keys.LATEST_DATE, distributed.isoformat())
        if notice.comment_deadline:
            self.stats.inc_value(f"{keys.PREFIX}/with_deadline")
        return item
