"""Retries that wait: exponential backoff on 5xx and network errors, `Retry-After` on 429/503.

Scrapy's own RetryMiddleware retries at once, which hammers a server that just said it is busy.
This one sleeps first (without blocking other requests) and gives up, with a message that says
why, when a server asks for a wait longer than `TBTWATCH_RETRY_AFTER_MAX`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: a number of seconds or an HTTP date; None when absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float) -> float:
    """Wait before retry number `attempt` (1-based): base, 2*base, 4*base... at most `cap`."""
    return min(cap, base * (2 ** max(0, attempt - 1)))


async def _sleep(seconds: float) -> None:
    if seconds <= 0:
        return
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware with a wait before each retry."""

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.base = settings.getfloat("TBTWATCH_RETRY_BACKOFF_BASE", 1.0)
        self.cap = settings.getfloat("TBTWATCH_RETRY_BACKOFF_MAX", 60.0)
        self.after_max = settings.getfloat("TBTWATCH_RETRY_AFTER_MAX", 300.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.after_max:
            request.meta["tbtwatch_gave_up"] = (
                f"{reason}: the server asked to retry after {asked:.0f} s "
                f"(more than the {self.after_max:.0f} s we wait)"
            )
            self.crawler.stats.inc_value("tbtwatch/retry/retry_after_too_long")
            return response
        retry = self._next(request, reason)
        if retry is None:
            return response
        attempt = retry.meta["retry_times"]
        wait = asked if asked is not None else backoff_seconds(attempt, self.base, self.cap)
        if asked is not None:
            self.crawler.stats.inc_value("tbtwatch/retry/retry_after_honoured")
        logger.info("%s from %s; retry %d in %.1f s", reason, request.url, attempt, wait)
        await _sleep(wait)
        return retry

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get(
            "dont_retry", False
        ):
            return None
        retry = self._next(request, exception)
        if retry is None:
            return None
        attempt = retry.meta["retry_times"]
        wait = backoff_seconds(attempt, self.base, self.cap)
        logger.info(
            "%s on %s; retry %d in %.1f s", type(exception).__name__, request.url, attempt, wait
        )
        await _sleep(wait)
        return retry

    def _next(self, request: Request, reason: str | Exception) -> Request | None:
        assert self.crawler.spider is not None
        return get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=reason,
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
            give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level),
        )
