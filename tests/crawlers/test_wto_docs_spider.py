"""The wto-docs spider through the whole Scrapy stack: ePing notices crawled from the replica,
then the documents they link fetched from it, parsed and stored on the same notices."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from config.sources import load_sources
from crawlers.runner import spider_class
from tests.conftest import SHARED
from tests.crawlers.conftest import replica_records, source
from warning.core.db import Notice, Source

DOL = "/dol2fe/Pages/SS/directdoc.aspx"
DATA_TEXT = SHARED / "samples" / "wto-notifications-en"
RUS152 = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/G/SPS/NRUS152.pdf"
TUR_X = "/crnattachments/2024/TBT/TUR/modification/24_06004_00_x.pdf"


@pytest.fixture
def docs_replica(make_replica, monkeypatch):
    def start(**kwargs):
        server = make_replica(**kwargs)
        for name, value in server.environ("wto-docs").items():
            monkeypatch.setenv(name, value)
        return server

    return start


def eping_with_links(links: dict[str, list[str]]):
    """The replica's ePing records, dated ones only, with document links added by symbol."""
    records = [r for r in replica_records("eping/notifications") if r["distributionDate"]]
    for record in records:
        extra = links.get(record["documentSymbol"].strip())
        if extra:
            record["notifiedDocumentLink"] = "\n".join(extra)
    return records


def documents(**entries):
    table = replica_records("wto-docs/documents")
    table.update(entries)
    return table


def notice(session, identity):
    return session.scalars(select(Notice).where(Notice.identity == identity)).one()


def test_documents_of_epings_notices_fill_the_same_notices(docs_replica, crawl, session):
    replica = docs_replica()
    crawl(source("eping"))
    [report] = crawl(source("wto-docs"))
    assert report.ok, report.messages
    assert (report.new, report.changed, report.errors) == (0, 2, 0)
    assert session.query(Notice).count() == 9  # no second notice for the same symbol
    russia = notice(session, "G/SPS/N/RUS/152")
    assert russia.sources == ["eping", "wto-docs"] and russia.source_id == "eping"
    assert set(russia.raw) == {"eping", "wto-docs"}
    assert russia.raw["eping"]["documentSymbol"].strip() == "G/SPS/N/RUS/152"
    document = russia.raw["wto-docs"]["documents"][0]
    assert document["url"] == RUS152 and len(document["sha256"]) == 64
    assert document["parsed"]["layout"] == "enquiry-point-page"
    turkey = notice(session, "G/TBT/N/TUR/121/Add.2")
    # ePing's fields win; the document filled what ePing left empty.
    assert "scope_changed" in turkey.addendum_reasons
    assert replica.seen(DOL) and replica.seen(TUR_X)


@pytest.mark.slow
def test_a_rerun_does_not_fetch_parsed_documents_again(docs_replica, crawl, session):
    replica = docs_replica()
    crawl(source("eping"))
    crawl(source("wto-docs"))
    cursor = session.get(Source, "wto-docs").cursor
    assert cursor["documents"][RUS152]["status"] == "parsed"
    assert len(cursor["documents"][RUS152]["sha256"]) == 64
    asked = len(replica.seen(DOL))
    [again] = crawl(source("wto-docs"))
    assert again.ok and again.stored == 0
    assert len(replica.seen(DOL)) == asked


def test_the_english_document_is_chosen_among_languages(docs_replica, crawl, session):
    base = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename={}:/G/SPS/NRUS56A1.docx"
    eping = eping_with_links(
        {"G/SPS/N/RUS/56/Add.1": [base.format("s"), base.format("q"), base.format("r")]}
    )
    replica = docs_replica(datasets={"eping/notifications": eping})
    crawl(source("eping"))
    [report] = crawl(source("wto-docs"))
    assert report.ok and report.errors == 0
    asked = [r["query"]["filename"][0] for r in replica.seen(DOL)]
    assert "q:/G/SPS/NRUS56A1.docx" in asked
    assert not [name for name in asked if name.startswith(("r:", "s:"))]
    russia = notice(session, "G/SPS/N/RUS/56/Add.1")
    assert "wto-docs" in russia.sources
    assert russia.raw["wto-docs"]["documents"][0]["parsed"]["extra"]["source_format"] == "docx"


def test_html_and_plain_text_documents_are_read(docs_replica, crawl, session):
    html = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/G/TBT/N/COL20A5.htm"
    text_url = "https://members.wto.org/crnattachments/2017/SPS/RUS/17_5000_00_e.txt"
    form = (DATA_TEXT / "docslib_G_SPS_N_RUS_56_Add1.txt").read_text(encoding="utf-8")
    eping = eping_with_links({"G/TBT/N/COL/20/Add.5": [html], "G/SPS/N/RUS/56/Add.1": [text_url]})
    table = documents(
        **{
            "/crnattachments/2017/SPS/RUS/17_5000_00_e.txt": {
                "text": form.split("\n---\n", 1)[1],
                "content_type": "text/plain; charset=utf-8",
            }
        }
    )
    docs_replica(datasets={"eping/notifications": eping, "wto-docs/documents": table})
    crawl(source("eping"))
    [report] = crawl(source("wto-docs"))
    assert report.ok and report.errors == 0
    formats = {
        n.identity: n.raw["wto-docs"]["documents"][0]["parsed"]["extra"]["source_format"]
        for n in session.scalars(select(Notice))
        if "wto-docs" in n.raw
    }
    assert formats["G/TBT/N/COL/20/Add.5"] == "html"
    assert formats["G/SPS/N/RUS/56/Add.1"] == "text"


def test_a_pdf_that_is_not_a_pdf_is_an_error_of_that_document_alone(docs_replica, crawl, session):
    table = documents(
        **{
            TUR_X: {
                "text": "Service temporarily unavailable, try again later.",
                "content_type": "application/pdf",
            }
        }
    )
    docs_replica(datasets={"wto-docs/documents": table})
    crawl(source("eping"))
    [report] = crawl(source("wto-docs"))
    assert report.ok and report.changed == 1  # Russia's document was read
    assert report.errors == 1 and report.skipped == 1
    assert any(TUR_X.rsplit("/", 1)[1] in e and "not a PDF" in e for e in report.error_samples)
    cursor = session.get(Source, "wto-docs").cursor["documents"]
    tur = next(v for k, v in cursor.items() if k.endswith("24_06004_00_x.pdf"))
    assert tur["status"] == "unreadable" and "not a PDF" in tur["reason"]
    assert "wto-docs" not in notice(session, "G/TBT/N/TUR/121/Add.2").sources


def test_binary_junk_and_a_missing_document_are_counted_not_fatal(docs_replica, crawl):
    table = documents(
        **{TUR_X: {"text": "\x00\x01\x02" * 400, "content_type": "application/octet-stream"}}
    )
    table.pop(next(k for k in table if k.lower().endswith("nrus152.pdf")))
    docs_replica(datasets={"wto-docs/documents": table})
    crawl(source("eping"))
    [report] = crawl(source("wto-docs"))
    assert report.ok and report.errors == 2 and report.stored == 0
    assert any("HTTP 404" in e for e in report.error_samples)
    assert any("not a PDF" in e for e in report.error_samples)


def test_a_document_over_the_size_limit_is_not_fetched_and_is_counted(docs_replica, crawl):
    replica = docs_replica()
    replica.inject("big", path=DOL, size_mb=2)
    crawl(source("eping"))
    small = source(
        "wto-docs", politeness={**source("wto-docs").politeness.model_dump(), "max_body_mb": 1}
    )
    [report] = crawl(small)
    assert report.ok and report.errors == 1 and report.changed == 1
    assert any("MB limit" in e for e in report.error_samples)


def test_a_server_error_fails_the_run_so_the_documents_are_fetched_again(
    docs_replica, crawl, session
):
    replica = docs_replica()
    crawl(source("eping"))
    replica.inject("status", status=503, path=DOL, times=-1)
    [report] = crawl(source("wto-docs"))
    assert not report.ok and "HTTP 503" in report.messages[0]
    assert report.changed == 1  # the other document was still read and stored
    assert session.get(Source, "wto-docs").cursor == {}


def test_nothing_understood_in_many_documents_fails_the_source(docs_replica, crawl):
    table = documents()
    eping = eping_with_links({})
    for record in eping:
        record["notifiedDocumentLink"] = record["dolLink"] = None
    for n, record in enumerate(eping[:6]):
        url = f"https://members.wto.org/crnattachments/2023/TBT/X/23_{n:04d}_00_e.pdf"
        record["notifiedDocumentLink"] = url
        table[f"/crnattachments/2023/TBT/X/23_{n:04d}_00_e.pdf"] = {
            "text": "%PDF-1.4 broken",
            "content_type": "application/pdf",
        }
    docs_replica(datasets={"eping/notifications": eping, "wto-docs/documents": table})
    crawl(source("eping"))
    [report] = crawl(source("wto-docs"))
    assert not report.ok and report.errors == 7 and report.stored == 0
    assert any("none of" in m for m in report.messages)


def test_only_notices_distributed_in_the_window_are_looked_at(docs_replica, crawl, session):
    replica = docs_replica()
    crawl(source("eping"))  # notices of 2017-2024, all first seen today
    [report] = crawl(source("wto-docs"), since=date(2024, 1, 1))
    assert report.ok and report.changed == 1  # Turkey's 2024 addendum; Russia's is of 2018
    assert replica.seen(TUR_X) and not replica.seen(DOL)


def test_the_shipped_source_names_its_spider_and_expects_quiet_days():
    config = load_sources()["wto-docs"]
    assert config.enabled and config.min_items == 0
    assert spider_class(config).name == "wto-docs"


def test_an_unreadable_document_is_tried_again_later_but_not_parsed_again_unchanged(
    docs_replica, crawl, session
):
    table = documents(
        **{
            TUR_X: {
                "text": "Service temporarily unavailable, try again later.",
                "content_type": "application/pdf",
            }
        }
    )
    replica = docs_replica(datasets={"wto-docs/documents": table})
    crawl(source("eping"))
    crawl(source("wto-docs"))
    [later] = crawl(source("wto-docs", options={"retry_days": 0}))
    assert len(replica.seen(TUR_X)) == 2  # asked again once the retry delay passed
    assert later.ok and later.errors == 1
    assert any("unchanged since" in e for e in later.error_samples)
    [soon] = crawl(source("wto-docs"))
    assert len(replica.seen(TUR_X)) == 2 and soon.errors == 0  # within the retry delay


def test_a_document_of_another_symbol_is_stored_under_its_own_symbol(docs_replica, crawl, session):
    docx = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/G/SPS/NRUS56A1.docx"
    eping = eping_with_links({"G/TBT/N/COL/20/Add.5": [docx]})
    docs_replica(datasets={"eping/notifications": eping})
    crawl(source("eping"))
    [report] = crawl(source("wto-docs"))
    assert report.ok
    assert "wto-docs" in notice(session, "G/SPS/N/RUS/56/Add.1").sources
    assert "wto-docs" not in notice(session, "G/TBT/N/COL/20/Add.5").sources
