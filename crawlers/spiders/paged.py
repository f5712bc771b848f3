"""`PagedJsonSpider`: JSON search APIs paged by page number (ePing, RASFF-like backends).

Page 1 tells the total; the remaining pages are then requested together (within the source's
concurrency). Without a total, pages are read one after another until a short or empty page.
Ordering is not trusted: a record seen on two pages is kept once (`record_key`).
"""

from __future__ import annotations

import math
from abc import ABCMeta, abstractmethod
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.spiders.base import PageError, SourceSpider, json_page
from crawlers.strict import Record


class PagedJsonSpider(SourceSpider, metaclass=ABCMeta):
    first_page = 1

    @property
    def page_size(self) -> int:
        return int(self.options.get("page_size", 100))

    @property
    def max_pages(self) -> int:
        return int(self.options.get("max_pages", 500))

    # --- what a subclass provides ---------------------------------------------------------
    @abstractmethod
    def page_request(self, page: int) -> Request:
        """The request for one page (call `self.request(..., callback=self.parse_page,
        cb_kwargs={"page": page})`)."""

    @abstractmethod
    def page_records(self, data: Any) -> list[Any]:
        """The list of records in a page; raise PageError when the envelope is not understood
        (`records_at(data, "items")` does that for the usual shape)."""

    def page_total(self, data: Any) -> int | None:
        """The total number of records the search has, when the page says it."""
        return None

    def record_key(self, record: dict[str, Any]) -> str | None:
        return None

    @abstractmethod
    def map_record(self, record: Record) -> dict[str, Any] | None:
        """One record as a `notice_item`, or None to leave it out (counted by the caller)."""

    # --- paging ---------------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        yield self.page_request(self.first_page)

    @json_page
    def parse_page(self, response: Response, data: Any, page: int) -> Iterator[Any]:
        records = self.page_records(data)
        if page == self.first_page:
            yield from self._more_pages(data, len(records))
        elif self.page_total(data) is None and len(records) >= self.page_size:
            yield from self._next_page(page + 1)
        yield from self.map_records(records, self.map_record, key=self.record_key)

    def _more_pages(self, data: Any, count: int) -> Iterator[Request]:
        total = self.page_total(data)
        if total is None:
            if count >= self.page_size:
                yield from self._next_page(self.first_page + 1)
            return
        pages = math.ceil(total / self.page_size) if self.page_size else 1
        self.crawler.stats.set_value("tbtwatch/pages/expected", pages)
        for number in range(self.first_page + 1, self.first_page + pages):
            request = self._numbered(number)
            if request is None:
                return
            yield request

    def _next_page(self, number: int) -> Iterator[Request]:
        request = self._numbered(number)
        if request is not None:
            yield request

    def _numbered(self, number: int) -> Request | None:
        if number - self.first_page + 1 > self.max_pages:
            self.page_failed(
                "too_many_pages",
                f"more than {self.max_pages} pages (options.max_pages); the rest was not read",
            )
            return None
        return self.page_request(number)


def records_at(data: Any, key: str) -> list[Any]:
    """`data[key]` when it is a list; PageError otherwise (the envelope changed)."""
    if not isinstance(data, dict):
        raise PageError("unexpected_envelope", f"expected a JSON object, got {type(data).__name__}")
    records = data.get(key)
    if not isinstance(records, list):
        raise PageError(
            "unexpected_envelope",
            f"no list {key!r} in the response (keys: {', '.join(sorted(data)) or 'none'})",
        )
    return records
