"""The ePing spider through the whole Scrapy stack against the replica."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from tests.crawlers.conftest import replica_records, source
from warning.core.db import JobRun, Notice, Source


def test_it_stores_every_replica_notice_from_the_website_json(replica, crawl, session):
    [report] = crawl(source("eping"))
    assert report.ok, report.messages
    dated = 9  # the records without a distribution date are outside any date search
    assert (report.new, report.changed, report.errors, report.skipped) == (dated, 0, 0, 0)
    assert report.unknown_fields == {}
    notices = {n.identity: n for n in session.scalars(select(Notice))}
    assert len(notices) == dated
    kenya = notices["G/TBT/N/BDI/189/Add.2"]
    assert kenya.member_code == "KEN" and kenya.doc_type == "addendum"
    assert kenya.hs_codes == ["271210"] and kenya.ics_codes == ["71.100.70"]
    assert "Harmonization (TBT)" in kenya.objectives
    assert [s.symbol for s in kenya.symbols][1] == "G/TBT/N/KEN/1170/Add.2"
    assert "<p>" not in (kenya.description or "")
    russia = notices["G/SPS/N/RUS/152"]
    assert russia.domain == "SPS" and russia.doc_type == "regular"
    assert russia.links == [
        "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/G/SPS/NRUS152.pdf"
    ]
    turkey = notices["G/TBT/N/TUR/121/Add.2"]
    assert str(turkey.comment_deadline) == "2024-11-12"
    assert turkey.links[0].endswith("/modification/24_06004_00_x.pdf")
    paging = [r["query"] for r in replica.seen("/api/v1/azureSearch/getAll")]
    assert paging[0]["language"] == ["1"] and paging[0]["distributionDateFrom"] == ["2000-01-01"]


def test_the_crawl_report_is_saved_in_job_run_and_the_source_row(replica, crawl, session):
    [report] = crawl(source("eping"))
    job = session.scalars(select(JobRun).where(JobRun.source_id == "eping")).one()
    assert job.status == "success" and job.finished_at is not None
    assert job.stats["new"] == report.new and job.stats["duration"] >= 0
    row = session.get(Source, "eping")
    assert row.last_success_at is not None and row.last_counts["new"] == report.new
    assert row.cursor == {"last_date": "2024-09-13"}


def test_a_second_crawl_finds_everything_unchanged(replica, crawl):
    crawl(source("eping"))
    [again] = crawl(source("eping"))
    assert (again.new, again.changed, again.unchanged) == (0, 0, 9)


def dated_records():
    return [r for r in replica_records("eping/notifications") if r["distributionDate"]]


def test_with_an_api_key_it_uses_the_api_portal_and_sends_the_key(make_replica, crawl, monkeypatch):
    replica = make_replica(api_key="secret-key")
    monkeypatch.setenv("TBTWATCH_EPING_API_KEY", "secret-key")
    [report] = crawl(source("eping"))
    assert report.ok and report.new == 9
    calls = replica.seen("/eping/notifications/search")
    assert calls and calls[0]["headers"]["Ocp-Apim-Subscription-Key"] == "secret-key"
    assert replica.seen("/api/v1/azureSearch") == []


def test_a_refused_api_key_fails_the_source_and_names_the_credentials(
    make_replica, crawl, monkeypatch
):
    make_replica(api_key="the-right-one")
    monkeypatch.setenv("TBTWATCH_EPING_API_KEY", "a-wrong-one")
    [report] = crawl(source("eping"))
    assert not report.ok
    assert "HTTP 401" in report.messages[0] and "credentials" in report.messages[0]


def test_pages_are_read_until_the_total_and_duplicates_across_pages_are_kept_once(
    make_replica, crawl
):
    records = dated_records()
    # The ordering is unverified: the same record may come back on two pages.
    records.insert(3, records[0])
    replica = make_replica(datasets={"eping/notifications": records})
    [report] = crawl(source("eping", options={"page_size": 2}))
    assert report.ok and report.new == 9 and report.duplicates == 1
    pages = sorted(int(r["query"]["page"][0]) for r in replica.seen("/api/v1/azureSearch"))
    assert pages == [1, 2, 3, 4, 5]


def test_unknown_and_missing_fields_are_counted_by_name(make_replica, crawl):
    records = dated_records()
    records[0]["regionsAffected"] = "all trading partners"
    records[1]["hsCodes"] = [{"code": "330510", "name": "330510 - Shampoos", "edition": "HS2017"}]
    del records[2]["commentDeadlineDate"]
    make_replica(datasets={"eping/notifications": records})
    [report] = crawl(source("eping"))
    assert report.ok and report.new == 9
    assert report.unknown_fields == {"regionsAffected": 1, "hsCodes.edition": 1}
    assert report.missing_fields == {"commentDeadlineDate": 1}


def test_a_record_without_a_symbol_is_skipped_and_counted_never_stored_empty(
    make_replica, crawl, session
):
    records = dated_records()
    records[0]["documentSymbol"] = ""
    records[1]["documentSymbol"] = "not a symbol"
    for name in (
        "title",
        "titlePlain",
        "description",
        "descriptionPlain",
        "productsFreeText",
        "productsFreeTextPlain",
    ):
        records[2][name] = None
    make_replica(datasets={"eping/notifications": records})
    [report] = crawl(source("eping"))
    assert report.ok  # the others are fine, and 6 >= min_items
    assert (report.new, report.skipped, report.errors) == (6, 3, 3)
    assert any("not a WTO notification symbol" in e for e in report.error_samples)
    assert session.query(Notice).count() == 6


def test_records_outside_the_window_are_filtered_here_when_the_server_ignores_the_dates(
    replica, crawl, session
):
    # A server that ignores distributionDateFrom answers with every record.
    body = json.dumps({"items": dated_records(), "totalCount": 9})
    replica.inject("body", body=body, path="/api/v1/azureSearch")
    [report] = crawl(source("eping"), since=date(2023, 4, 1))
    assert report.ok
    stored = sorted(n.distribution_date.isoformat() for n in session.query(Notice))
    assert stored == ["2023-04-06", "2023-04-06", "2023-12-08", "2024-09-13"]


def test_fewer_items_than_the_yaml_minimum_fail_the_source(replica, crawl):
    [report] = crawl(source("eping", min_items=50))
    assert not report.ok and report.new == 9
    assert "expected at least 50 (min_items)" in report.messages[0]


def test_an_empty_answer_fails_the_source_loudly(replica, crawl):
    # A layout change: the list moved elsewhere; nothing would be stored.
    replica.inject("body", body='{"results": [], "total": 0}', path="/api/v1/azureSearch", times=-1)
    [report] = crawl(source("eping"))
    assert not report.ok and report.stored == 0
    assert any("no list 'items'" in m for m in report.messages)


def test_more_items_than_the_yaml_maximum_fail_the_source(replica, crawl):
    [report] = crawl(source("eping", max_items=5))
    assert not report.ok
    assert "more than the expected 5 (max_items)" in report.messages[0]


def test_a_failed_crawl_keeps_the_cursor_and_records_the_error(replica, crawl, session):
    crawl(source("eping"))
    replica.inject("status", status=500, path="/api/v1/azureSearch", times=-1)
    [report] = crawl(source("eping"))
    assert not report.ok
    row = session.get(Source, "eping")
    session.refresh(row)
    assert row.cursor == {"last_date": "2024-09-13"} and "HTTP 500" in row.last_error
    statuses = [j.status for j in session.scalars(select(JobRun).order_by(JobRun.id))]
    assert statuses == ["success", "failed"]


def test_the_next_run_starts_from_the_cursor_minus_the_overlap(replica, crawl):
    crawl(source("eping"))
    crawl(source("eping"), since=None)
    asked = replica.seen("/api/v1/azureSearch")[-1]["query"]["distributionDateFrom"]
    assert asked == ["2024-09-10"]  # last_date 2024-09-13 minus overlap_days 3
