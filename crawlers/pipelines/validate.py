"""Validate: turn the spider's dict into a `ValidNotice`; reject what cannot become a notice.

A rejected item is dropped, counted (in total and by the field at fault) and logged with the
reason. The same identity twice in one run is dropped as a duplicate (paging overlap).
"""

from __future__ import annotations

import logging
from typing import Any, NoReturn

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawlers import stats as keys
from crawlers.items import ValidNotice
from warning.core.store import NoticeInput, RecordError
from warning.core.store.record import parse_record

logger = logging.getLogger(__name__)


class ValidatePipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> ValidNotice:
        if isinstance(item, NoticeInput):
            notice = item
        elif isinstance(item, dict):
            notice = self._parse(item)
        else:
            self._reject("item", f"a spider yielded a {type(item).__name__}, not a notice dict")
        identity = notice.identity()
        try:
            # The conversion the store makes: a notice with no title, description or products
            # text, or no domain, is refused here rather than stored empty.
            fields = notice.to_fields()
        except RecordError as exc:
            self._reject(str(exc).split(":", 1)[0], f"{identity}: {exc}")
        if identity in self.seen:
            self.stats.inc_value(keys.ITEMS_DUPLICATE)
            raise DropItem(f"{identity} was already stored in this run")
        self.seen.add(identity)
        return ValidNotice(notice, identity, fields)

    def _parse(self, item: dict[str, Any]) -> NoticeInput:
        try:
            return parse_record(item)
        except RecordError as exc:
            ref = item.get("symbol") or item.get("external_id") or "?"
            self._reject(str(exc).split(":", 1)[0], f"{ref}: {exc}")

    def _reject(self, field: str, message: str) -> NoReturn:
        self.stats.inc_value(keys.ITEMS_INVALID)
        self.stats.inc_value(f"{keys.ITEMS_INVALID}/{field}")
        logger.warning("invalid notice, not stored: %s", message)
        raise DropItem(message)
