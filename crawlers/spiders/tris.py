"""EU TRIS notifications (Directive (EU) 2015/1535): draft national technical regulations.

UNVERIFIED FORMAT. The TRIS site is a JavaScript application (sources.md §4) and no response of
its backend has been captured. This spider is built to the fields third-party TRIS ingesters
store (see `tris_fields.py`) and ASSUMES a paged JSON list at `options.list_path` (default
`/api/notifications`) taking `page` (1-based), `pageSize`, `notificationDateFrom` and
`notificationDateTo` (ISO dates) and answering `{"items": [...], "totalCount": n}`. Parameter and
envelope names are options in `config/sources/tris.yml`, so a live capture can correct them
without code. Unknown fields are counted and logged by name, absent expected ones as missing.
The source is disabled until a live response confirms the format. The RSS feed and its
hard-coded seed list that one script uses are not used (sources.md §4 calls the seeds invented).
"""

from __future__ import annotations

from typing import Any

from scrapy.http import Request

from crawlers.spiders.paged import PagedJsonSpider, records_at
from crawlers.spiders.tris_fields import map_notification, tris_number
from crawlers.strict import Record, RecordSkipped
from warning.core.dates import parse_date

DEFAULT_PARAMS = {
    "page": "page",
    "page_size": "pageSize",
    "date_from": "notificationDateFrom",
    "date_to": "notificationDateTo",
}


class TrisSpider(PagedJsonSpider):
    name = "tris"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._raw: dict[str, Any] = {}

    def param(self, role: str) -> str:
        return str({**DEFAULT_PARAMS, **self.options.get("params", {})}[role])

    def page_request(self, page: int) -> Request:
        params = {self.param("page"): page, self.param("page_size"): self.page_size,
                  self.param("date_to"): self.until.isoformat()}
        if self.since is not None:
            params[self.param("date_from")] = self.since.isoformat()
        url = self.api_url(self.options.get("list_path", "/api/notifications"), params)
        return self.request(url, self.parse_page, cb_kwargs={"page": page},
                            headers={"Accept": "application/json"})

    def page_records(self, data: Any) -> list[Any]:
        records = records_at(data, self.options.get("records_key", "items"))
        for raw in records:
            if isinstance(raw, dict):
                self._raw[str(raw.get("notification_number"))] = raw
        return records

    def page_total(self, data: Any) -> int | None:
        total = data.get(self.options.get("total_key", "totalCount"))
        return total if isinstance(total, int) and not isinstance(total, bool) else None

    def record_key(self, record: dict[str, Any]) -> str | None:
        try:
            return tris_number(record.get("notification_number"))
        except RecordSkipped:
            return None

    def map_record(self, record: Record) -> dict[str, Any] | None:
        raw = self._raw.pop(str(record.peek("notification_number")), None)
        item = map_notification(
            record, source=self.source.id, raw=raw,
            page_url=str(self.options.get("page_url", self.source.base_url)),
        )
        if not self.in_window(parse_date(item.get("distribution_date"))):
            return None
        return item
