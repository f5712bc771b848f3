"""The TRIS spider (unverified format, disabled by default) through the whole Scrapy stack."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from config.sources import load_sources
from tests.crawlers.conftest import replica_records, source
from warning.core.db import Notice

LIST = "/api/notifications"


@pytest.fixture
def tris_replica(make_replica, monkeypatch):
    def start(**kwargs):
        server = make_replica(**kwargs)
        for name, value in server.environ("tris").items():
            monkeypatch.setenv(name, value)
        return server

    return start


def recorded():
    return replica_records("tris/notifications")


def dated(**changes):
    """The recorded record with a notification date and a full text (for one test)."""
    return {
        **recorded()[0],
        "notification_date": "2026-06-26",
        "short_summary": "The draft lays down <b>labelling</b> and waste rules.",
        **changes,
    }


def test_the_source_is_disabled_by_default_with_its_reason():
    config = load_sources()["tris"]
    assert config.enabled is False
    assert "no real TRIS record or endpoint has been verified" in config.path.read_text()


def test_it_stores_the_recorded_notification_and_reports_what_it_lacks(
    tris_replica, crawl, session
):
    tris_replica()
    [report] = crawl(source("tris"))
    assert report.ok, report.messages
    assert report.new == 1 and report.unknown_fields == {}
    assert report.missing_fields == {
        "notification_date": 1,
        "short_summary": 1,
        "sector": 1,
        "related_celex": 1,
    }
    notice = session.scalars(select(Notice)).one()
    assert notice.identity == "tris:2026/0266/ES"
    assert (notice.domain, notice.doc_type, notice.member_code) == (
        "regulation",
        "regulation",
        "ESP",
    )
    assert str(notice.comment_deadline) == "2026-09-28"
    assert notice.products == "Textile and non-textile products, footwear."
    assert notice.url.endswith("/en/notification/27983")
    assert notice.extra["comments_advised_before"] == "2026-08-24"
    assert notice.raw["tris"]["notification_number"] == "2026/0266/ES"


def test_wto_symbols_cited_in_the_text_are_kept(tris_replica, crawl, session):
    record = dated(main_content="Also notified to the WTO as G/TBT/N/ESP/99.")
    tris_replica(datasets={"tris/notifications": [record]})
    [report] = crawl(source("tris"))
    assert report.ok and report.new == 1
    notice = session.scalars(select(Notice)).one()
    assert notice.cited_symbols == ["G/TBT/N/ESP/99"]
    assert "labelling" in notice.description and "<b>" not in notice.description
    assert str(notice.distribution_date) == "2026-06-26"


def test_unknown_fields_are_counted_by_name(tris_replica, crawl):
    record = dated(
        sector={"code": "N40", "description": "Textiles", "level": 2},
        notifying_authority="Ministerio de Industria",
    )
    tris_replica(datasets={"tris/notifications": [record]})
    [report] = crawl(source("tris"))
    assert report.ok and report.new == 1
    assert report.unknown_fields == {"notifying_authority": 1, "sector.level": 1}


def test_records_that_cannot_be_understood_are_skipped_never_stored_empty(
    tris_replica, crawl, session
):
    good = dated()
    records = [
        good,
        dated(notification_number="2026-0267-ES"),  # not YYYY/NNNN/CC
        dated(notification_number="2026/0268/ES", title=""),
        dated(notification_number="2026/0269/ES", notifying_country="FR"),
        dated(notification_number="2026/0270/ES", standstill_until="after the summer"),
        dated(notification_number="2026/0271/ES", policy_areas=[{"name": "Environment"}]),
        dated(notification_number="2026/0272/ES", short_summary={"en": "A summary"}),
    ]
    tris_replica(datasets={"tris/notifications": records})
    [report] = crawl(source("tris"))
    assert report.ok and (report.new, report.skipped) == (1, 6)
    assert session.scalars(select(Notice.identity)).all() == ["tris:2026/0266/ES"]
    assert any("disagrees with the number's country" in e for e in report.error_samples)


def test_greece_is_read_from_the_eu_code_el(tris_replica, crawl, session):
    record = dated(notification_number="2026/0300/EL", notifying_country="EL")
    tris_replica(datasets={"tris/notifications": [record]})
    [report] = crawl(source("tris"))
    assert report.ok and session.scalars(select(Notice)).one().member_code == "GRC"


def test_pages_follow_the_total_and_ask_for_the_window(tris_replica, crawl):
    records = [
        dated(notification_number=f"2026/0{300 + n}/DE", notifying_country="DE") for n in range(5)
    ]
    replica = tris_replica(datasets={"tris/notifications": records})
    [report] = crawl(source("tris", options={"page_size": 2}), since=date(2026, 6, 1))
    assert report.ok and report.new == 5
    asked = [r["query"] for r in replica.seen(LIST)]
    assert sorted(q["page"][0] for q in asked) == ["1", "2", "3"]
    assert asked[0]["notificationDateFrom"] == ["2026-06-01"]


def test_an_envelope_other_than_the_assumed_one_fails_the_source_loudly(tris_replica, crawl):
    replica = tris_replica()
    replica.inject("body", body='{"content": [], "totalElements": 0}', path=LIST, times=-1)
    [report] = crawl(source("tris"))
    assert not report.ok and report.stored == 0
    assert any("no list 'items'" in m for m in report.messages)
