"""The ePing spider through the whole Scrapy stack against the replica."""

from __future__ import annotations

from sqlalchemy import select

from tests.crawlers.conftest import source
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
