"""The crawl report from stats, and the verdict on it (pure functions)."""

from __future__ import annotations

from crawlers.report import CrawlReport, build_report, verdict
from tests.crawlers.conftest import source

OK = {
    "tbtwatch/responses/ok": 3,
    "tbtwatch/stored/new": 4,
    "tbtwatch/stored/unchanged": 2,
    "finish_reason": "finished",
}


def judged(stats: dict, errors: list[str] | None = None, **config) -> tuple[CrawlReport, list]:
    report = build_report("eping", stats, errors=errors or [], duration=1.5)
    return report, verdict(report, source("eping", **config), stats)


def test_it_counts_from_the_stats():
    stats = {
        **OK,
        "tbtwatch/records/skipped": 2,
        "tbtwatch/items/invalid": 1,
        "tbtwatch/errors/record": 2,
        "tbtwatch/unknown_field/regionsAffected": 3,
        "tbtwatch/records/duplicate": 1,
        "retry/count": 2,
    }
    report, reasons = judged(stats)
    assert (report.new, report.unchanged, report.stored) == (4, 2, 6)
    assert (report.skipped, report.errors, report.duplicates, report.retries) == (3, 3, 1, 2)
    assert report.unknown_fields == {"regionsAffected": 3}
    assert reasons == []  # skipped records are shown, they do not fail the source alone


def test_nothing_answered_means_the_source_is_down():
    stats = {"tbtwatch/errors/ConnectionRefusedError": 1, "finish_reason": "finished"}
    _, reasons = judged(stats, ["http://x/: ConnectionRefusedError: refused after 3 retries"])
    assert reasons[0] == "source down: http://x/: ConnectionRefusedError: refused after 3 retries"


def test_a_failed_page_fails_the_source_even_when_others_answered():
    stats = {**OK, "tbtwatch/errors/http_503": 1}
    _, reasons = judged(stats, ["record skipped: a", "HTTP 503 from http://x/?page=3"])
    assert reasons == ["1 page(s) or request(s) failed; first: HTTP 503 from http://x/?page=3"]


def test_too_few_items_fail_the_source():
    _, reasons = judged(OK, min_items=7)
    assert reasons[0].startswith("6 notice(s) stored, expected at least 7 (min_items)")


def test_exactly_the_minimum_passes():
    _, reasons = judged(OK, min_items=6)
    assert reasons == []


def test_too_many_items_fail_the_source_unless_unchecked():
    report = build_report("eping", OK, errors=[], duration=1)
    assert verdict(report, source("eping", max_items=5), OK)[0].startswith(
        "6 notice(s) stored, more than the expected 5"
    )
    assert verdict(report, source("eping", max_items=5), OK, check_max=False) == []


def test_a_crawl_stopped_early_fails():
    _, reasons = judged({**OK, "finish_reason": "shutdown"})
    assert reasons == ["the crawl stopped early (shutdown)"]


def test_requests_forbidden_by_robots_txt_are_named():
    _, reasons = judged({**OK, "robotstxt/forbidden": 2})
    assert "forbidden by the site's robots.txt" in reasons[0]


def test_the_report_serialises_with_iso_times():
    report, _ = judged(OK)
    data = report.to_dict()
    assert data["stored"] == 6 and data["started_at"] is None and data["duration"] == 1.5
