"""WTO ePing notifications (sources.md §1).

With `TBTWATCH_EPING_API_KEY` the WTO API portal (`/eping/notifications/search`, key in the
`Ocp-Apim-Subscription-Key` header); without it the public website's JSON
(`/api/v1/azureSearch/getAll`). Both are paged (`page`, `pageSize`, `totalCount`) and asked for
the run's distribution-date window; the window is checked again here because the website is
reported to ignore some parameters. `backfill` reads the bulk Excel export instead (a local file,
a URL, or True for the configured one).
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from scrapy.http import Request, Response

from crawlers.backfill import WorkbookError, map_row, read_rows
from crawlers.spiders.base import page
from crawlers.spiders.eping_fields import map_notification
from crawlers.spiders.paged import PagedJsonSpider, records_at
from crawlers.strict import Record
from warning.core.dates import parse_date

WEBSITE_PATH = "/api/v1/azureSearch/getAll"
API_PATH = "/eping/notifications/search"


def _read_body(spider: Any, response: Response) -> bytes:
    return response.body


class EpingSpider(PagedJsonSpider):
    name = "eping"

    def __init__(self, *args: Any, backfill: str | bool | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.backfill = backfill

    @property
    def api_key(self) -> str | None:
        return self.source.credential("api_key")

    async def start(self) -> AsyncIterator[Any]:
        if not self.backfill:
            yield self.page_request(self.first_page)
            return
        # The whole-database file is large: no size limit, and a long timeout. A local file is
        # read through Scrapy too (file://), so both end the same way.
        yield self.request(self.bulk_target(), self.parse_bulk,
                           meta={"download_maxsize": 0, "download_timeout": 900})

    # --- the JSON search ------------------------------------------------------------------
    def page_request(self, page: int) -> Request:
        params = {
            "language": self.options.get("language", 1),
            "distributionDateFrom": self.since.isoformat() if self.since else None,
            "distributionDateTo": self.until.isoformat(),
            "page": page,
            "pageSize": self.page_size,
        }
        params = {k: v for k, v in params.items() if v is not None}
        if self.api_key:
            url = self.api_url(API_PATH, params, base=self.source.extra_url("api"))
            headers = {"Ocp-Apim-Subscription-Key": self.api_key}
        else:
            url = self.api_url(WEBSITE_PATH, params)
            headers = {}
        return self.request(url, self.parse_page, cb_kwargs={"page": page}, headers=headers)

    def page_records(self, data: Any) -> list[Any]:
        return records_at(data, "items")

    def page_total(self, data: Any) -> int | None:
        total = data.get("totalCount") if isinstance(data, dict) else None
        return total if isinstance(total, int) else None

    def record_key(self, record: dict[str, Any]) -> str | None:
        if record.get("id") is not None:
            return f"id:{record['id']}"
        symbol = str(record.get("documentSymbol") or "").strip()
        return f"symbol:{symbol}" if symbol else None

    def map_record(self, record: Record) -> dict[str, Any] | None:
        item = map_notification(record, self.source.id)
        if not self.in_window(parse_date(item.get("distribution_date"))):
            return None
        return item

    # --- the bulk export ------------------------------------------------------------------
    def bulk_target(self) -> str:
        if isinstance(self.backfill, str) and self.backfill:
            if self.backfill.startswith(("http://", "https://")):
                return self.source.rebase(self.backfill)
            return Path(self.backfill).expanduser().resolve().as_uri()
        path = self.options.get("bulk_path", "/NotificationExcelFiles/Notification_EN.xlsx")
        return self.source.extra_url("bulk") + path

    @page(_read_body)
    def parse_bulk(self, response: Response, body: bytes) -> Iterator[Any]:
        yield from self.map_bulk(body, where=response.url)

    def map_bulk(self, data: bytes, where: str) -> Iterator[Any]:
        rows = read_rows(data)
        try:
            first = next(rows, None)  # reads the header: a wrong file fails here
        except WorkbookError as exc:
            self.page_failed("bulk_file", f"{where}: {exc}")
            return
        yield from self.map_records(
            itertools.chain([first] if first else [], rows),
            lambda record: map_row(record, self.source.id),
            key=lambda row: f"symbol:{str(row.get('symbol') or '').strip()}",
        )

