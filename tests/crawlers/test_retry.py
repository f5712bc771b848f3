"""Retry waits: Retry-After in both its forms, and the exponential backoff."""

from __future__ import annotations

from datetime import UTC, datetime

from crawlers.middlewares import backoff_seconds, retry_after_seconds

NOW = datetime(2026, 11, 21, 8, 0, 0, tzinfo=UTC)


def test_retry_after_in_seconds():
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(" 7 ") == 7.0


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Sat, 21 Nov 2026 08:01:30 GMT", now=NOW) == 90.0
    assert retry_after_seconds("Sat, 21 Nov 2026 07:00:00 GMT", now=NOW) == 0.0


def test_a_missing_or_garbled_retry_after_is_none():
    assert retry_after_seconds(None) is None
    assert retry_after_seconds(b"soon") is None


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_seconds(n, 1.0, 5.0) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 5.0]
