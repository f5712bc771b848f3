"""`SourceSpider`: what every tbtwatch spider shares. How to add a source:

1. Write `config/sources/<id>.yml` (see `config/sources.py` for every key): `spider: <name>`,
   `base_url` of the real service, `min_items`/`max_items`, `politeness`, `options`.
2. Write `crawlers/spiders/<name>.py` with a subclass of `SourceSpider` (or of a platform base
   such as `PagedJsonSpider` in `paged.py` or the feed spider) whose `name` is `<name>`:
   - `async def start(self)` yields the first requests, built with `self.request(url, ...)` and
     URLs from `self.api_url(path, params)` (so `TBTWATCH_SOURCE_<ID>_URL` moves them);
   - callbacks decorated with `@json_page` (or `@page` for other bodies) get parsed data;
     a malformed page is retried, then counted as an error;
   - each record goes through `self.map_records(records, self.map_record)`: wrap-free, your
     `map_record(record: Record) -> dict` pops fields with `record.take()`/`require()` and
     returns `notice_item(self.source.id, ...)`; leftovers are counted as unknown fields,
     `RecordSkipped` as a skipped record;
   - filter client-side with `self.in_window(date)` when the server ignores the date filter.
3. Add responses to the local replica (`crawlers/replica/responders/<id>.py` + data under
   `crawlers/replica/data/<id>/`) and a test that crawls it through the whole stack
   (`tests/crawlers/` has the helpers).
The spider never sees the database: the runner passes `since`, `until` and `cursor`, and a
classmethod `prepare(session, source, since)` may read what the spider needs before the crawl.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from sqlalchemy.orm import Session
from twisted.python.failure import Failure

from config.sources import SourceConfig
from crawlers import stats as keys
from crawlers.settings import source_settings
from crawlers.strict import Record, RecordSkipped

MAX_KEPT_ERRORS = 20


class PageError(ValueError):
    """A response whose body we cannot read (malformed JSON, unexpected envelope)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def page(reader: Callable[[Any, Response], Any]) -> Callable[..., Any]:
    """Decorate a callback `(self, response, data, **kw)`: `reader` turns the response into data;
    a PageError is retried (it may be a truncated or garbled transfer), then counted."""

    def decorate(method: Callable[..., Iterable[Any]]) -> Callable[..., Iterator[Any]]:
        @functools.wraps(method)
        def wrapper(self: SourceSpider, response: Response, **kwargs: Any) -> Iterator[Any]:
            self.crawler.stats.inc_value(keys.RESPONSES_OK)
            try:
                data = reader(self, response)
                # The callback may find the envelope wrong too (no list where one should be).
                yield from method(self, response, data, **kwargs)
            except PageError as exc:
                yield from self.retry_page(response, exc)

        return wrapper

    return decorate


def _read_json(spider: SourceSpider, response: Response) -> Any:
    return spider.read_json(response)


json_page = page(_read_json)


class SourceSpider(scrapy.Spider):
    """Base of every tbtwatch spider: the source's YAML, strict mapping, counted errors.
    (No `name` here: Scrapy lists every class with a name as a spider.)"""

    def __init__(
        self,
        source: SourceConfig,
        since: date | None = None,
        until: date | None = None,
        cursor: dict[str, Any] | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.source = source
        self.since = since
        self.until = until or datetime.now(UTC).date()
        self.cursor = dict(cursor or {})
        self.errors: list[str] = []
        self._seen_records: set[str] = set()
        self._warned_fields: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The YAML's politeness for this source's crawler; explicit overrides (tests, -s)
        # were set at a higher priority and win.
        crawler.settings.setdict(source_settings(spider.source), priority="spider")
        crawler.signals.connect(spider._on_spider_error, signal=signals.spider_error)
        crawler.signals.connect(spider._on_item_error, signal=signals.item_error)
        return spider

    def _on_spider_error(self, failure: Failure, response: Response, **_: Any) -> None:
        # A bug or an unforeseen shape in a callback: Scrapy logs the traceback; the report
        # must count it and say what it was.
        error = failure.value
        self.page_failed(f"exception_{type(error).__name__}",
                         f"{response.url}: {type(error).__name__}: {error}")

    def _on_item_error(self, failure: Failure, item: Any, **_: Any) -> None:
        error = failure.value
        self.page_failed(f"pipeline_{type(error).__name__}",
                         f"a pipeline failed on an item: {type(error).__name__}: {error}")

    @classmethod
    def prepare(cls, session: Session, source: SourceConfig, since: date | None) -> dict[str, Any]:
        """Extra spider arguments read from the database before the crawl (none by default)."""
        return {}

    @property
    def options(self) -> dict[str, Any]:
        return self.source.options

    # --- requests -------------------------------------------------------------------------
    def api_url(self, path: str, params: Any = None, *, base: str | None = None) -> str:
        """`base` (default: the source's possibly overridden base URL) + path + query."""
        root = base if base is not None else self.source.url()
        query = f"?{urlencode(params, doseq=True)}" if params else ""
        return f"{root}{path}{query}"

    def request(self, url: str, callback: Callable[..., Any], **kwargs: Any) -> Request:
        """A request whose failures (HTTP errors, timeouts, resets) are counted by `on_error`."""
        return Request(url, callback=callback, errback=self.on_error, **kwargs)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            response = failure.value.response
            gave_up = request.meta.get("tbtwatch_gave_up")
            message = gave_up or f"HTTP {response.status} from {response.url}"
            if response.status in (401, 403):
                message += " (access refused: check the source's credentials)"
            self.page_failed(f"http_{response.status}", message)
            return
        error = failure.value
        if failure.check(IgnoreRequest):
            # A refusal we chose (robots.txt, an offsite link), not a failure of the source;
            # the report names robots.txt refusals from Scrapy's own counter.
            self.logger.warning("%s: %s not fetched: %s", self.source.id, request.url, error)
            return
        retries = request.meta.get("retry_times", 0)
        after = f" after {retries} retries" if retries else ""
        self.page_failed(
            type(error).__name__, f"{request.url}: {type(error).__name__}: {error}{after}"
        )

    def page_failed(self, kind: str, message: str) -> None:
        """A page or request that failed for good: counted, logged, kept for the report."""
        self.crawler.stats.inc_value(f"{keys.ERRORS}/{kind}")
        if len(self.errors) < MAX_KEPT_ERRORS:
            self.errors.append(message)
        self.logger.error("%s: %s", self.source.id, message)

    def retry_page(self, response: Response, error: PageError) -> Iterator[Request]:
        retry = get_retry_request(
            response.request, spider=self, reason=error.kind, stats_base_key="tbtwatch/retry"
        )
        if retry is not None:
            yield retry
            return
        self.page_failed(error.kind, f"{response.url}: {error}")

    # --- bodies ---------------------------------------------------------------------------
    def read_json(self, response: Response) -> Any:
        """The JSON body. JSON is UTF-8 whatever the header says; a body that is not UTF-8 is
        read in the declared charset, then Windows-1252, and the mismatch is counted."""
        body = response.body
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = self._decode_fallback(response)
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise PageError(
                "malformed_json", f"not valid JSON ({exc.msg} at line {exc.lineno} column "
                f"{exc.colno}; {len(body)} bytes)"
            ) from None

    def _decode_fallback(self, response: Response) -> str:
        self.crawler.stats.inc_value(f"{keys.CLEAN}/charset_not_utf8")
        declared = getattr(response, "encoding", None)
        for encoding in (declared, "cp1252"):
            if not encoding or encoding.replace("-", "").lower() == "utf8":
                continue
            try:
                return response.body.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
        return response.body.decode("utf-8", errors="replace")

    # --- records --------------------------------------------------------------------------
    def map_records(
        self,
        records: Iterable[Any],
        mapper: Callable[[Record], dict[str, Any] | None],
        *,
        key: Callable[[Any], str | None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Map each raw record strictly; skip (and count) what cannot be understood.
        `key` gives a record's id to drop records already seen in this run."""
        stats = self.crawler.stats
        for raw in records:
            stats.inc_value(keys.RECORDS_SEEN)
            ref = key(raw) if key is not None and isinstance(raw, dict) else None
            if ref is not None:
                if ref in self._seen_records:
                    stats.inc_value(keys.RECORDS_DUPLICATE)
                    continue
                self._seen_records.add(ref)
            record: Record | None = None
            try:
                record = Record(raw)
                item = mapper(record)
            except RecordSkipped as exc:
                self.skip_record(f"{ref or 'record'}: {exc}")
                item = None
            if record is not None:
                self.note_fields(record)
            if isinstance(item, dict):
                item.setdefault("raw", raw)  # the record as received, kept per source
            if item is not None:
                yield item

    def skip_record(self, message: str) -> None:
        self.crawler.stats.inc_value(keys.RECORDS_SKIPPED)
        self.page_failed("record", f"record skipped: {message}")

    def note_fields(self, record: Record) -> None:
        """Count leftover (unknown) and absent (missing) fields by name; warn once per name."""
        stats = self.crawler.stats
        for name in record.leftover():
            stats.inc_value(f"{keys.UNKNOWN_FIELD}/{name}")
            if name not in self._warned_fields:
                self._warned_fields.add(name)
                self.logger.warning("%s: unknown field %r (not mapped)", self.source.id, name)
        for name in record.missing:
            stats.inc_value(f"{keys.MISSING_FIELD}/{name}")

    def in_window(self, day: date | None) -> bool:
        """Whether a record's date falls in this run's window (undated records are kept)."""
        if day is None:
            return True
        inside = (self.since is None or day >= self.since) and day <= self.until
        if not inside:
            self.crawler.stats.inc_value(keys.RECORDS_OUT_OF_WINDOW)
        return inside

    def cursor_after(self, stats: dict[str, Any]) -> dict[str, Any]:
        """The source's cursor after a successful run: the latest distribution date stored."""
        latest = stats.get(keys.LATEST_DATE)
        if latest:
            latest = min(str(latest), self.until.isoformat())  # never a cursor in the future
        cursor = dict(self.cursor)
        if latest and latest > str(cursor.get("last_date") or ""):
            cursor["last_date"] = latest
        return cursor
