"""The RASFF spider through the whole Scrapy stack against the replica."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from sqlalchemy import select

from config.sources import load_sources
from crawlers.runner import spider_class
from tests.crawlers.conftest import replica_records, source
from warning.core.db import Notice, Source

DETAIL = "/rasff-window/backend/public/notification/view/id/"
SEARCH = "/rasff-window/backend/public/notification/search/consolidated/"


@pytest.fixture
def rasff_replica(make_replica, monkeypatch):
    """A replica, with the RASFF source pointed at it; `datasets` replace the recorded ones."""

    def start(**kwargs):
        server = make_replica(**kwargs)
        for name, value in server.environ("rasff").items():
            monkeypatch.setenv(name, value)
        return server

    return start


def listed():
    return replica_records("rasff/notifications")


def details():
    return copy.deepcopy(replica_records("rasff/details"))


def test_it_stores_the_real_record_with_its_hazard_measures_and_origin(
    rasff_replica, crawl, session
):
    replica = rasff_replica()
    [report] = crawl(source("rasff"))
    assert report.ok, report.messages
    assert (report.new, report.errors, report.skipped) == (2, 0, 0)
    assert report.unknown_fields == {}
    cumin = session.scalars(select(Notice).where(Notice.identity == "rasff:2026.8210")).one()
    assert (cumin.domain, cumin.doc_type, cumin.member_code) == ("alert", "alert", "ESP")
    assert cumin.title == "Ethylene oxide in cumin seeds from India"
    assert cumin.products == "Cumin seeds; herbs and spices; food"
    assert str(cumin.distribution_date) == "2026-09-16"
    assert cumin.url == "https://webgate.ec.europa.eu/rasff-window/screen/notification/873205"
    assert "ethylene oxide (pesticide residues): 0.26 mg/kg - ppm" in cumin.description
    assert "max. permitted 0.1 mg/kg - ppm" in cumin.description
    assert "official detention (ES)" in cumin.description
    assert cumin.extra["classification"] == "border rejection notification"
    assert cumin.extra["risk_decision"] == "potentially serious"
    assert cumin.extra["origin_countries"] == [{"iso2": "IN", "name": "India"}]
    assert cumin.extra["hazards"][0]["max_level"] == "0.1"
    assert cumin.attention == []
    search = replica.seen(SEARCH)[0]
    assert search["method"] == "POST"
    assert search["headers"]["Origin"] == replica.url
    assert search["headers"]["Referer"] == replica.url + "/rasff-window/screen/search"


def test_the_named_contact_person_is_never_stored(rasff_replica, crawl, session):
    rasff_replica()
    crawl(source("rasff"))
    cumin = session.scalars(select(Notice).where(Notice.identity == "rasff:2026.8210")).one()
    stored = repr(cumin.raw) + repr(cumin.extra) + (cumin.description or "")
    assert "A NAMED OFFICIAL" not in stored
    assert cumin.raw["rasff"]["list"]["reference"] == "2026.8210"


def test_a_notification_without_public_detail_is_stored_from_its_list_entry(
    rasff_replica, crawl, session
):
    rasff_replica()
    [report] = crawl(source("rasff"))
    formula = session.scalars(select(Notice).where(Notice.identity == "rasff:2026.3863")).one()
    assert formula.extra["detail_public"] is False
    assert formula.products == "milk and milk products; food"
    assert "No public detail" in formula.description
    assert report.ok and report.errors == 0


def test_an_origin_in_china_marks_the_notice_for_the_reviewer(rasff_replica, crawl, session):
    records, found = listed(), details()
    china = dict(
        records[0],
        notifId=900001,
        reference="2026.9001",
        originCountries=[{"organizationName": "China", "isoCode": "CN"}],
        subject="Ethylene oxide in cumin seeds from China",
    )
    found["900001"] = dict(found["873205"], id=900001, reference="2026.9001")
    rasff_replica(datasets={"rasff/notifications": [*records, china], "rasff/details": found})
    [report] = crawl(source("rasff"))
    assert report.ok and report.new == 3
    marked = session.scalars(select(Notice).where(Notice.identity == "rasff:2026.9001")).one()
    assert marked.attention == ["origin: China"]


def test_a_detail_failing_with_500_is_an_error_for_that_record_alone(rasff_replica, crawl, session):
    replica = rasff_replica()
    replica.inject("status", status=500, path=f"{DETAIL}873205/", times=-1)
    [report] = crawl(source("rasff"))
    assert report.errors == 1 and report.new == 1
    assert session.scalars(select(Notice.identity)).all() == ["rasff:2026.3863"]
    # The data is incomplete: the source is failed so its cursor stays, and the next run
    # asks again for the notification whose detail failed.
    assert not report.ok and "HTTP 500" in report.messages[0]
    assert len(replica.seen(f"{DETAIL}873205/")) == 3  # the first try and two retries
    assert session.get(Source, "rasff").cursor == {}


def test_a_detail_garbled_once_is_asked_again(rasff_replica, crawl):
    replica = rasff_replica()
    replica.inject("malformed", path=f"{DETAIL}873205/", times=1)
    [report] = crawl(source("rasff"))
    assert report.ok and report.new == 2
    assert len(replica.seen(f"{DETAIL}873205/")) == 2


def test_a_detail_always_garbled_is_an_error_of_that_record(rasff_replica, crawl):
    replica = rasff_replica()
    replica.inject("malformed", path=f"{DETAIL}873205/", times=-1)
    [report] = crawl(source("rasff"))
    assert not report.ok and report.errors == 1 and report.new == 1
    assert any("not valid JSON" in m for m in report.error_samples)


def test_a_malformed_search_page_fails_the_source(rasff_replica, crawl, session):
    replica = rasff_replica()
    replica.inject("malformed", path=SEARCH, times=-1)
    [report] = crawl(source("rasff"))
    assert not report.ok and report.stored == 0
    assert session.query(Notice).count() == 0


def test_unknown_and_missing_fields_are_counted_by_name(rasff_replica, crawl):
    records, found = listed(), details()
    records[0]["lastUpdate"] = "17-09-2026 10:00:00"
    del records[0]["productType"]
    found["873205"]["product"]["hazards"][0]["methodOfAnalysis"] = "GC-MS"
    found["873205"]["followUps"] = []
    rasff_replica(datasets={"rasff/notifications": records, "rasff/details": found})
    [report] = crawl(source("rasff"))
    assert report.ok and report.new == 2
    assert report.unknown_fields == {
        "lastUpdate": 1,
        "detail.followUps": 1,
        "detail.product.hazards.methodOfAnalysis": 1,
    }
    assert report.missing_fields == {"productType": 1}


def test_entries_that_cannot_be_understood_are_skipped_and_counted(rasff_replica, crawl, session):
    records = listed()
    records[1]["ecValidationDate"] = "2026-05-01"  # not RASFF's dd-MM-yyyy HH:mm:ss
    records.append(dict(records[0], notifId="x", reference="2026.0001"))
    records.append({k: v for k, v in records[0].items() if k != "subject"} | {"notifId": 5})
    rasff_replica(datasets={"rasff/notifications": records})
    [report] = crawl(source("rasff"))
    assert report.ok and (report.new, report.skipped) == (1, 3)
    assert session.query(Notice).count() == 1


def test_a_detail_for_another_notification_is_not_attached(rasff_replica, crawl, session):
    found = details()
    found["873205"]["id"] = 1
    rasff_replica(datasets={"rasff/details": found})
    [report] = crawl(source("rasff"))
    assert report.skipped == 1 and report.new == 1
    assert any("the detail is for notification 1" in e for e in report.error_samples)


def test_pages_are_read_to_the_total_and_duplicates_are_kept_once(rasff_replica, crawl):
    records, found = listed(), details()
    for n in range(1, 6):
        records.append(dict(records[0], notifId=873205 + n, reference=f"2026.821{n}"))
        found[str(873205 + n)] = dict(found["873205"], id=873205 + n, reference=f"2026.821{n}")
    records.insert(3, records[0])  # the same entry again, on another page
    replica = rasff_replica(datasets={"rasff/notifications": records, "rasff/details": found})
    [report] = crawl(source("rasff", options={"page_size": 2}))
    assert report.ok and report.new == 7 and report.duplicates == 1
    assert len(replica.seen(SEARCH)) == 4


def test_the_search_asks_for_the_run_window(rasff_replica, crawl, session):
    rasff_replica()  # the replica honours ecValidDateFrom/To from the body
    [report] = crawl(source("rasff"), since=date(2026, 9, 1))
    assert report.ok and report.new == 1
    assert session.scalars(select(Notice.identity)).all() == ["rasff:2026.8210"]


def test_entries_outside_the_window_are_dropped_when_the_server_ignores_the_dates(
    rasff_replica, crawl, session
):
    replica = rasff_replica()
    everything = {"totalPages": 1, "totalElements": 2, "notifications": listed()}
    replica.inject("body", body=json.dumps(everything), path=SEARCH)
    [report] = crawl(source("rasff"), since=date(2026, 9, 1))
    assert report.ok and report.new == 1
    assert session.scalars(select(Notice.identity)).all() == ["rasff:2026.8210"]


def test_no_public_detail_for_every_notification_fails_the_source(rasff_replica, crawl):
    records = listed()
    for n in range(1, 6):
        records.append(dict(records[1], notifId=841474 + n, reference=f"2026.400{n}"))
    rasff_replica(datasets={"rasff/notifications": records, "rasff/details": {}})
    [report] = crawl(source("rasff"))
    assert not report.ok and report.new == 7
    assert any("detail endpoint" in m for m in report.messages)


def test_fewer_items_than_the_yaml_minimum_fail_the_source(rasff_replica, crawl):
    rasff_replica(datasets={"rasff/notifications": []})
    [report] = crawl(source("rasff"))
    assert not report.ok and "min_items" in report.messages[0]


def test_a_busy_search_is_retried_after_the_wait_it_asks_for(rasff_replica, crawl):
    replica = rasff_replica()
    replica.inject("status", status=429, retry_after="1", path=SEARCH)
    [report] = crawl(source("rasff"))
    assert report.ok and report.new == 2
    first, second = replica.seen(SEARCH)[:2]
    assert second["at"] - first["at"] >= 0.9


def test_the_shipped_source_names_its_spider_and_fails_an_empty_run():
    config = load_sources()["rasff"]
    assert config.enabled and config.min_items >= 1
    assert spider_class(config).name == "rasff"
    assert config.options["attention_origins"] == ["CN"]


def test_pages_larger_than_the_backend_allows_are_never_asked_for(rasff_replica, crawl):
    rasff_replica()  # the replica, like the backend, refuses itemsPerPage above 100
    [report] = crawl(source("rasff", options={"page_size": 500}))
    assert report.ok and report.new == 2
