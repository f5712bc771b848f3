"""EU RASFF Window: food and feed alerts, information notifications and border rejections.

The public backend (sources.md §6.1, [3P-multi]; no key) is searched with
`POST /rasff-window/backend/public/notification/search/consolidated/` and a JSON body
(`parameters.pageNumber`, `parameters.itemsPerPage` ≤ 100, `ecValidDateFrom`/`ecValidDateTo` as
`dd-MM-yyyy HH:mm:ss`), then each notification's detail is read from
`GET /rasff-window/backend/public/notification/view/id/<notifId>/` (product, hazards, measures,
distribution). Origin and Referer headers are sent because some clients report the backend
refusing requests without them. A detail answered 401 or 404 means "not public" (reported by a
client that crawled every India-origin notification): the notice is stored from the list entry
and counted; any other detail failure is an error for that record. Notices whose origin country
is in `options.attention_origins` (default China) are marked for the reviewer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawlers.spiders.base import json_page
from crawlers.spiders.paged import PagedJsonSpider, records_at
from crawlers.spiders.rasff_fields import (
    Detail,
    Listed,
    notice_of,
    read_detail,
    read_listed,
)
from crawlers.strict import Record, RecordSkipped

SEARCH_PATH = "/rasff-window/backend/public/notification/search/consolidated/"
DETAIL_PATH = "/rasff-window/backend/public/notification/view/id/{notif_id}/"
SEARCH_PAGE = "/rasff-window/screen/search"
MAX_PAGE_SIZE = 100  # the backend's limit, per the clients that document it
NOT_PUBLIC = (401, 404)
DETAIL_NOT_PUBLIC = "tbtwatch/rasff/detail_not_public"
DETAIL_READ = "tbtwatch/rasff/detail_read"
# When at least this many details were asked for and none was public, the detail endpoint has
# moved or changed: that must fail the source, not pass as a run of list-only notices.
ALL_MISSING_ALARM = 5


def rasff_day(day: date, end: bool = False) -> str:
    return day.strftime("%d-%m-%Y") + (" 23:59:59" if end else " 00:00:00")


class RasffSpider(PagedJsonSpider):
    name = "rasff"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._listed_raw: dict[str, Any] = {}

    @property
    def page_size(self) -> int:
        return min(MAX_PAGE_SIZE, int(self.options.get("page_size", MAX_PAGE_SIZE)))

    def headers(self) -> dict[str, str]:
        parts = urlsplit(self.source.url())
        origin = f"{parts.scheme}://{parts.netloc}"
        return {"Accept": "application/json", "Origin": origin, "Referer": origin + SEARCH_PAGE}

    # --- the search -----------------------------------------------------------------------
    def page_request(self, page: int) -> Request:
        body: dict[str, Any] = {
            "parameters": {"pageNumber": page, "itemsPerPage": self.page_size},
            "ecValidDateTo": rasff_day(self.until, end=True),
        }
        if self.since is not None:
            body["ecValidDateFrom"] = rasff_day(self.since)
        return self.request(
            self.api_url(SEARCH_PATH), self.parse_page, method="POST", body=json.dumps(body),
            headers={**self.headers(), "Content-Type": "application/json"},
            cb_kwargs={"page": page},
        )

    def page_records(self, data: Any) -> list[Any]:
        records = records_at(data, "notifications")
        for raw in records:
            if isinstance(raw, dict):
                self._listed_raw[str(raw.get("notifId"))] = raw
        return records

    def page_total(self, data: Any) -> int | None:
        total = data.get("totalElements") if isinstance(data, dict) else None
        return total if isinstance(total, int) and not isinstance(total, bool) else None

    def record_key(self, record: dict[str, Any]) -> str | None:
        notif_id = record.get("notifId")
        return f"notifId:{notif_id}" if notif_id is not None else None

    def map_record(self, record: Record) -> Any:
        """A list entry becomes a request for its detail; the notice is made from both."""
        listed = read_listed(record, self._listed_raw.pop(str(record.peek("notifId")), None))
        if not self.in_window(listed.validated.date()):
            return None
        return Request(
            self.api_url(DETAIL_PATH.format(notif_id=listed.notif_id)), callback=self.parse_detail,
            errback=self.on_detail_error, headers=self.headers(), cb_kwargs={"listed": listed},
        )

    # --- the detail -----------------------------------------------------------------------
    @json_page
    def parse_detail(self, response: Response, data: Any, listed: Listed) -> Iterator[Any]:
        record: Record | None = None
        try:
            record = Record(data, prefix="detail.")
            detail = read_detail(record, listed)
        except RecordSkipped as exc:
            self.skip_record(f"rasff:{listed.reference}: {exc}")
            return
        finally:
            if record is not None:
                self.note_fields(record)
        self.crawler.stats.inc_value(DETAIL_READ)
        yield self.notice(listed, detail, data)

    def on_detail_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        listed: Listed = request.cb_kwargs["listed"]
        if failure.check(HttpError) and failure.value.response.status in NOT_PUBLIC:
            self.crawler.stats.inc_value(DETAIL_NOT_PUBLIC)
            self.logger.info("rasff:%s: no public detail (HTTP %s); stored from the list entry",
                             listed.reference, failure.value.response.status)
            yield self.notice(listed, None, None)
            return
        self.on_error(failure)

    def notice(self, listed: Listed, detail: Detail | None, raw_detail: Any) -> dict[str, Any]:
        return notice_of(
            listed, detail, source=self.source.id, raw_detail=raw_detail,
            page_url=str(self.options.get("page_url", "https://webgate.ec.europa.eu")),
            attention_origins=self.options.get("attention_origins", ["CN"]),
        )

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        missing = stats.get_value(DETAIL_NOT_PUBLIC, 0)
        if missing >= ALL_MISSING_ALARM and not stats.get_value(DETAIL_READ, 0):
            self.page_failed(
                "detail_endpoint",
                f"none of {missing} notification details was public: the detail endpoint "
                f"{DETAIL_PATH} may have moved or changed",
            )
