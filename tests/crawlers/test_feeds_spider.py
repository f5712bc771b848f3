"""The feed spider through the whole Scrapy stack against the replica."""

from __future__ import annotations

from sqlalchemy import select

from tests.crawlers.conftest import replica_records, source
from warning.core.db import Notice

FDA = "/about-fda/contact-fda/stay-informed/rss-feeds/recalls/rss.xml"
TBT = "/tests/tbt-platform.atom"
RELAYED = "/tests/relayed.rss"
WTOCENTER = "https://web.wtocenter.org.tw/Page/13317"
TBT_FEED = {
    "id": "tbt-platform",
    "url": f"https://example.org{TBT}",
    "domain": "TBT",
    "symbol_from_title": True,
}
# Configured as a US alert feed, but it relays other members' notices.
RELAYED_FEED = {
    "id": "relayed",
    "url": f"https://example.org{RELAYED}",
    "domain": "alert",
    "member": "USA",
}


def routes() -> dict:
    return {
        **replica_records("feeds/routes"),
        TBT: {"file": "feeds/tbt-platform.atom", "content_type": "application/atom+xml"},
        RELAYED: {"file": "feeds/relayed-notices.rss"},
    }


def feeds_source(*feeds: dict, **changes):
    return source("feeds", options={"feeds": list(feeds)}, **changes)


def test_it_stores_each_entry_of_the_configured_feed(replica, crawl, session):
    [report] = crawl(source("feeds"))
    assert report.ok and report.new == 2 and report.member_unknown == {}
    notices = {n.url: n for n in session.scalars(select(Notice))}
    turkey = notices[f"{WTOCENTER}/402519"]
    assert turkey.identity == f"feeds:fda-recalls:{WTOCENTER}/402519"
    assert str(turkey.distribution_date) == "2024-09-13"
    assert "<p>" not in turkey.description
    assert turkey.cited_symbols == ["G/TBT/N/TUR/121", "G/TBT/N/TUR/121/Add.1"]


def test_an_entry_citing_a_wto_symbol_is_about_that_member_and_agreement(replica, crawl, session):
    crawl(source("feeds"))  # the FDA feed: domain alert, member USA
    turkey = session.scalars(select(Notice).where(Notice.url == f"{WTOCENTER}/402519")).one()
    assert (turkey.domain, turkey.doc_type, turkey.member_code) == ("TBT", "alert", "TUR")


def test_an_entry_citing_nothing_keeps_the_feeds_member_and_domain(replica, crawl, session):
    crawl(source("feeds"))
    # A US addendum as the mirror shows it, without its symbol: nothing says otherwise.
    usa = session.scalars(select(Notice).where(Notice.url == f"{WTOCENTER}/342826")).one()
    assert (usa.domain, usa.doc_type, usa.member_code) == ("alert", "alert", "USA")
    assert usa.cited_symbols == []


def test_an_entry_citing_a_symbol_joins_the_measure_of_that_notification(
    make_replica, crawl, session
):
    make_replica()
    crawl(source("eping"))
    crawl(source("feeds"))
    addendum = session.scalars(
        select(Notice).where(Notice.identity == "G/TBT/N/TUR/121/Add.2")
    ).one()
    relayed = session.scalars(select(Notice).where(Notice.url == f"{WTOCENTER}/402519")).one()
    assert relayed.id != addendum.id and relayed.measure_id == addendum.measure_id


def test_a_rasff_entry_is_an_alert_of_the_country_it_says_notified_it(make_replica, crawl, session):
    make_replica(datasets={"feeds/routes": routes()})
    crawl(feeds_source(RELAYED_FEED))
    rasff = session.scalars(
        select(Notice).where(Notice.identity == "feeds:relayed:rasff:2026.8210")
    ).one()
    # "notified by Spain": the member the RASFF spider records for this notification
    assert (rasff.domain, rasff.doc_type, rasff.member_code) == ("alert", "alert", "ESP")
    assert rasff.extra["rasff_reference"] == "2026.8210"
    assert rasff.keywords == ["herbs and spices"]


def test_an_entry_whose_member_cannot_be_told_is_left_empty_and_counted(
    make_replica, crawl, session
):
    make_replica(datasets={"feeds/routes": routes()})
    crawl(source("eping"))
    [report] = crawl(feeds_source(RELAYED_FEED))
    assert report.ok and report.new == 3
    assert report.member_unknown == {"relayed": 2}
    notices = {
        n.identity: n for n in session.scalars(select(Notice).where(Notice.source_id == "feeds"))
    }
    # RASFF, but the entry does not say who notified it (Ireland is the origin): not USA.
    rasff = notices["feeds:relayed:rasff:2026.3863"]
    assert (rasff.domain, rasff.member_code) == ("alert", None)
    assert "notifying country" in rasff.extra["member_unknown"]
    # A joint EAC addendum: five members cited, none of them the one.
    [eac] = [n for n in notices.values() if n.url.endswith("id=134378")]
    assert (eac.domain, eac.member_code) == ("TBT", None)
    assert "several members" in eac.extra["member_unknown"]
    joint = session.scalars(select(Notice).where(Notice.identity == "G/TBT/N/BDI/195/Add.1")).one()
    assert eac.measure_id == joint.measure_id


def test_a_notification_named_in_the_title_keeps_its_own_member(make_replica, crawl, session):
    make_replica(datasets={"feeds/routes": routes()})
    crawl(feeds_source({**TBT_FEED, "member": "CHN"}))  # a Chinese platform relaying them
    brazil = session.scalars(select(Notice).where(Notice.identity == "G/TBT/N/BRA/117")).one()
    assert (brazil.domain, brazil.member_code) == ("TBT", "BRA")


def test_a_feed_in_another_charset_than_declared_survives_and_is_counted(
    make_replica, crawl, session
):
    replica = make_replica(datasets={"feeds/routes": routes()})
    replica.inject("charset", encoding="gb18030", path=TBT)
    [report] = crawl(feeds_source(TBT_FEED))
    assert report.ok and report.new == 2  # read, as feedparser could (CharacterEncodingOverride)


def test_a_feed_with_a_configured_fallback_encoding_is_read_correctly(make_replica, crawl, session):
    replica = make_replica(datasets={"feeds/routes": routes()})
    replica.inject("charset", encoding="gb18030", path=TBT)
    [report] = crawl(feeds_source({**TBT_FEED, "encodings": ["gb18030"]}))
    assert report.ok and report.new == 2
    brazil = session.scalars(select(Notice).where(Notice.identity == "G/TBT/N/BRA/117")).one()
    assert brazil.description.startswith("本决议草案制定儿童自行车")


def test_malformed_xml_fails_that_feed_and_the_others_are_still_read(make_replica, crawl):
    replica = make_replica(datasets={"feeds/routes": routes()})
    replica.inject("malformed", path=TBT)
    fda = {"id": "fda-recalls", "url": f"https://www.fda.gov{FDA}", "member": "USA"}
    [report] = crawl(feeds_source(TBT_FEED, fda))
    assert not report.ok and report.new == 2
    assert "tbt-platform" in report.messages[0] and "SAXParseException" in report.messages[0]


def test_a_badly_configured_feed_is_an_error_and_the_others_run(replica, crawl):
    fda = {"id": "fda-recalls", "url": f"https://www.fda.gov{FDA}", "member": "USA"}
    [report] = crawl(feeds_source({"id": "no-url"}, fda))
    assert not report.ok and report.new == 2
    assert "needs id and url" in report.messages[0]
