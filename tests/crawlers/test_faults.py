"""What the crawl does when the server misbehaves, through the whole stack (ePing as the vehicle).

Each test injects one fault into the replica and checks both that the crawl survives what it
should survive and that the report says what happened when it cannot.
"""

from __future__ import annotations

import itertools

import pytest

from tests.crawlers.conftest import source

SEARCH = "/api/v1/azureSearch/getAll"
ALL = 9  # notices the replica's date search returns


def gaps(replica) -> list[float]:
    times = [r["at"] for r in replica.seen(SEARCH)]
    return [b - a for a, b in itertools.pairwise(times)]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_it_retries_after_a_server_error_and_gets_everything(replica, crawl, status):
    replica.inject("status", status=status, path=SEARCH)
    [report] = crawl(source("eping"))
    assert report.ok, report.messages
    assert report.new == ALL and report.retries == 1


@pytest.mark.parametrize("status", [429, 503])
def test_it_waits_as_long_as_retry_after_says(replica, crawl, status):
    replica.inject("status", status=status, retry_after="1", path=SEARCH)
    [report] = crawl(source("eping"))
    assert report.ok and report.new == ALL
    assert gaps(replica)[0] >= 0.9  # the backoff alone would have waited 0.01 s


def test_a_retry_after_longer_than_we_wait_fails_the_source_with_the_reason(replica, crawl):
    replica.inject("status", status=429, retry_after="3600", path=SEARCH)
    [report] = crawl(source("eping"))
    assert not report.ok
    assert "asked to retry after 3600 s" in report.messages[0]
    assert len(replica.seen(SEARCH)) == 1


def test_a_server_that_keeps_failing_fails_the_source_with_a_clear_message(replica, crawl):
    replica.inject("status", status=500, path=SEARCH, times=-1)
    [report] = crawl(source("eping"))
    assert not report.ok
    assert report.messages[0].startswith("source down: HTTP 500 from http://127.0.0.1")
    assert len(replica.seen(SEARCH)) == 3  # the request and RETRY_TIMES=2 retries


def test_it_retries_after_a_timeout(replica, crawl):
    replica.inject("delay", delay=2.0, path=SEARCH)
    [report] = crawl(source("eping"), overrides={"DOWNLOAD_TIMEOUT": 1})
    assert report.ok and report.new == ALL and report.retries == 1


def test_it_retries_after_a_connection_reset(replica, crawl):
    # Twisted itself retries once when a reused keep-alive connection is reset; the second
    # reset reaches Scrapy's retry.
    replica.inject("reset", path=SEARCH, times=2)
    [report] = crawl(source("eping"))
    assert report.ok and report.new == ALL and report.retries >= 1
    assert len(replica.seen(SEARCH)) == 3


def test_it_retries_a_truncated_body(replica, crawl):
    replica.inject("truncate", path=SEARCH)
    [report] = crawl(source("eping"))
    assert report.ok and report.new == ALL and report.retries == 1


def test_it_retries_malformed_json_once_then_reads_the_good_page(replica, crawl):
    replica.inject("malformed", path=SEARCH)
    [report] = crawl(source("eping"))
    assert report.ok and report.new == ALL


def test_malformed_json_every_time_fails_the_source_and_says_so(replica, crawl):
    replica.inject("malformed", path=SEARCH, times=-1)
    [report] = crawl(source("eping"))
    assert not report.ok and report.new == 0
    assert "not valid JSON" in report.messages[0]


def test_a_body_in_the_wrong_charset_is_still_read_correctly(replica, crawl, session):
    from warning.core.db import Notice

    replica.inject("charset", encoding="cp1252", path=SEARCH)
    [report] = crawl(source("eping"))
    assert report.ok and report.new == ALL
    turkey = session.query(Notice).filter_by(identity="G/TBT/N/TUR/121/Add.2").one()
    assert turkey.member_name == "Türkiye" or turkey.member_code == "TUR"
    assert (
        "—" in session.query(Notice).filter_by(identity="G/TBT/N/BDI/189/Add.2").one().description
    )  # cp1252 has the em dash


def test_a_10_mb_body_is_read(replica, crawl):
    replica.inject("big", size_mb=10, path=SEARCH)
    [report] = crawl(source("eping"))
    assert report.ok and report.new == ALL


def test_a_body_over_the_sources_size_limit_fails_clearly(replica, crawl):
    replica.inject("big", size_mb=10, path=SEARCH, times=-1)
    polite = {**source("eping").politeness.model_dump(), "max_body_mb": 5}
    [report] = crawl(source("eping", politeness=polite))
    assert not report.ok
    assert "Cancelled" in report.messages[0] or "maxsize" in report.messages[0].lower()


def test_a_source_that_is_down_fails_with_a_clear_message(replica, crawl, monkeypatch):
    monkeypatch.setenv("TBTWATCH_SOURCE_EPING_URL", "http://127.0.0.1:9")
    [report] = crawl(source("eping"))
    assert not report.ok
    assert report.messages[0].startswith("source down: http://127.0.0.1:9/api/v1/")
    assert "ConnectionRefusedError" in report.messages[0]
