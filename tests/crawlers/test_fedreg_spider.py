"""The Federal Register spider through the whole Scrapy stack against the replica."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests.conftest import DATA
from tests.crawlers.conftest import replica_records, source
from warning.core.db import Notice

EVERY_AGENCY = [
    "environmental-protection-agency",
    "agriculture-department",
    "agricultural-marketing-service",
    "national-highway-traffic-safety-administration",
]


def cites_symbol() -> dict:
    record = json.loads((DATA / "crawlers" / "fedreg_cites_symbol.json").read_text("utf-8"))
    del record["_about"]
    return record


def test_it_asks_for_rules_of_the_configured_agencies_since_the_window_start(replica, crawl):
    [report] = crawl(source("fedreg"))
    assert report.ok and report.new == 1  # of the replica's three, one is an EPA rule
    query = replica.seen("/api/v1/documents.json")[0]["query"]
    assert len(query["conditions[agencies][]"]) == 8
    assert "food-and-drug-administration" in query["conditions[agencies][]"]
    assert query["conditions[type][]"] == ["RULE", "PRORULE"]
    assert query["conditions[publication_date][gte]"] == ["2000-01-01"]
    assert "comments_close_on" in query["fields[]"]


def test_it_maps_a_proposed_rule_with_its_comment_deadline(replica, crawl, session):
    crawl(source("fedreg"))
    notice = session.scalars(select(Notice)).one()
    assert notice.identity == "fedreg:2021-14337"
    assert (notice.domain, notice.doc_type) == ("regulation", "regulation")
    assert notice.member_code == "USA"
    assert notice.agency == "Environmental Protection Agency"
    assert str(notice.distribution_date) == "2021-07-08"
    assert str(notice.comment_deadline) == "2021-09-06"
    assert notice.extra["fr_type"] == "Proposed Rule"
    assert notice.extra["docket_ids"] == ["EPA-HQ-OAR-2021-0257"]
    assert notice.links == ["https://www.govinfo.gov/content/pkg/FR-2021-07-08/pdf/2021-14337.pdf"]


def test_it_follows_next_page_url_moved_to_the_replica(replica, crawl):
    [report] = crawl(source("fedreg", options={"agencies": EVERY_AGENCY, "per_page": 1}))
    assert report.ok and report.new == 3
    pages = [r["query"]["page"][0] for r in replica.seen("/api/v1/documents.json")[1:]]
    assert pages == ["2", "3"]  # the API's next_page_url named www.federalregister.gov


def test_a_rule_citing_a_wto_symbol_joins_that_measure_and_stays_its_own_notice(
    make_replica, crawl, session
):
    documents = [*replica_records("fedreg/documents"), cites_symbol()]
    make_replica(datasets={"fedreg/documents": documents})
    # The ePing record of USA/1436 has no distribution date: the bulk export brings it.
    crawl(source("eping"), spider_kwargs={"eping": {"backfill": True}})
    crawl(source("fedreg", options={"agencies": EVERY_AGENCY}))
    notices = {n.identity: n for n in session.scalars(select(Notice))}
    rule, notification = notices["fedreg:test-usa-1436"], notices["G/TBT/N/USA/1436"]
    assert rule.cited_symbols == ["G/TBT/N/USA/1436"]
    assert rule.measure_id == notification.measure_id
    assert notification.measure.key == "G/TBT/N/USA/1436"
    assert notification.sources == ["eping"] and rule.sources == ["fedreg"]


def test_a_document_without_title_or_abstract_is_skipped_and_counted(make_replica, crawl):
    documents = replica_records("fedreg/documents")
    documents[1]["title"] = None
    documents[1]["abstract"] = None
    make_replica(datasets={"fedreg/documents": documents})
    [report] = crawl(source("fedreg", min_items=0))
    assert report.ok and report.new == 0 and report.skipped == 1
    assert "2021-14337: no title and no abstract" in report.error_samples[0]


def test_an_api_error_answer_fails_the_source(replica, crawl):
    replica.inject(
        "body",
        body='{"errors": {"conditions": "bad date"}, "count": 0}',
        path="/api/v1/documents.json",
    )
    [report] = crawl(source("fedreg"))
    assert not report.ok and "the API says" in report.messages[0]
