"""The feed spider through the whole Scrapy stack against the replica."""

from __future__ import annotations

from sqlalchemy import select

from tests.crawlers.conftest import replica_records, source
from warning.core.db import Notice

FDA = "/about-fda/contact-fda/stay-informed/rss-feeds/recalls/rss.xml"
TBT = "/tests/tbt-platform.atom"
TBT_FEED = {
    "id": "tbt-platform",
    "url": f"https://example.org{TBT}",
    "domain": "TBT",
    "symbol_from_title": True,
}


def routes() -> dict:
    return {
        **replica_records("feeds/routes"),
        TBT: {"file": "feeds/tbt-platform.atom", "content_type": "application/atom+xml"},
    }


def feeds_source(*feeds: dict, **changes):
    return source("feeds", options={"feeds": list(feeds)}, **changes)


def test_it_stores_each_entry_of_the_configured_feed(replica, crawl, session):
    [report] = crawl(source("feeds"))
    assert report.ok and report.new == 3
    notices = {n.url: n for n in session.scalars(select(Notice))}
    rasff = notices["https://webgate.ec.europa.eu/rasff-window/screen/notification/873205"]
    assert rasff.identity == "feeds:fda-recalls:rasff:2026.8210"
    assert (rasff.domain, rasff.doc_type, rasff.member_code) == ("alert", "alert", "USA")
    assert str(rasff.distribution_date) == "2026-09-16"
    assert rasff.keywords == ["herbs and spices"]
    turkey = notices["https://web.wtocenter.org.tw/Page/13317/402519"]
    assert "<p>" not in turkey.description
    assert turkey.cited_symbols == ["G/TBT/N/TUR/121", "G/TBT/N/TUR/121/Add.1"]


def test_an_entry_named_by_a_wto_symbol_is_the_same_notice_as_epings(make_replica, crawl, session):
    make_replica(datasets={"feeds/routes": routes()})
    crawl(source("eping"))
    [report] = crawl(feeds_source(TBT_FEED))
    # The second source only fills what ePing left empty (here the page URL): "changed".
    assert report.ok and (report.new, report.changed) == (1, 1)
    turkey = session.scalars(select(Notice).where(Notice.identity == "G/TBT/N/TUR/121/Add.2")).one()
    assert turkey.sources == ["eping", "feeds"]
    assert turkey.title == (
        "The Communique on the Amendment of Turkish Food Codex Communique on Sugar"
    )  # ePing's, not the feed's title with the symbol
    assert turkey.url == "https://web.wtocenter.org.tw/Page/13317/402519"
    assert set(turkey.raw) == {"eping", "feeds"}
    brazil = session.scalars(select(Notice).where(Notice.identity == "G/TBT/N/BRA/117")).one()
    assert brazil.description.startswith("本决议草案制定儿童自行车")


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
    assert not report.ok and report.new == 3
    assert "tbt-platform" in report.messages[0] and "SAXParseException" in report.messages[0]


def test_a_badly_configured_feed_is_an_error_and_the_others_run(replica, crawl):
    fda = {"id": "fda-recalls", "url": f"https://www.fda.gov{FDA}", "member": "USA"}
    [report] = crawl(feeds_source({"id": "no-url"}, fda))
    assert not report.ok and report.new == 3
    assert "needs id and url" in report.messages[0]
