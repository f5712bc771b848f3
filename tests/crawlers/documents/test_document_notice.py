"""A parsed document becomes the store's NoticeInput (source "wto-docs") and is stored."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawlers.documents import SOURCE, parse_text
from warning.core.store import NoticeInput, upsert_notice
from warning.core.store.record import parse_record

ADDENDUM = """G/TBT/N/EU/1004/Add.1
3 May 2024
Committee on Technical Barriers to Trade
NOTIFICATION
Addendum
The following communication, dated 30 April 2024, is being circulated at the request of the
delegation of the European Union.
_______________
Title: Regulation on batteries and waste batteries
Reason for Addendum:
[ ] Comment period changed - date:
[X] Notified measure adopted - date: 12 July 2023
[X] Notified measure withdrawn or revoked - date: 1 May 2024
Description: The draft was replaced by Regulation (EU) 2023/1542, see G/TBT/N/EU/1004.
"""
JOINT = """G/TBT/N/BDI/412, G/TBT/N/KEN/1517, G/TBT/N/UGA/1862
10 March 2024
NOTIFICATION
1. Notifying Member: KENYA
5. Title, number of pages and language(s) of the notified document: DEAS 1000:2024, Honey
10. Final date for comments: 9 May 2024
"""
NO_SYMBOL = """NOTIFICATION
1. 通报成员:欧盟
5. 通报标题:化妆品法规草案
"""


def test_an_addendum_becomes_a_valid_notice_input() -> None:
    item = parse_text(ADDENDUM).to_notice_input(url="https://docs.wto.org/x.pdf")
    assert isinstance(item, NoticeInput) and item.source == SOURCE == "wto-docs"
    fields = item.to_fields()
    assert fields["symbol"] == "G/TBT/N/EU/1004/Add.1"
    assert (fields["domain"], fields["doc_type"], fields["member_code"]) == (
        "TBT",
        "addendum",
        "EU",
    )
    assert fields["addendum_reasons"] == ["adopted", "withdrawn"]
    assert fields["withdrawn"] is True
    assert fields["adoption_date"] == date(2023, 7, 12)
    assert fields["adoption_text"] == "12 July 2023"
    assert fields["cited_symbols"] == ["G/TBT/N/EU/1004"]
    assert fields["extra"]["layout"] == "wto-addendum"


def test_the_dict_form_passes_the_stores_own_validation() -> None:
    item = parse_text(ADDENDUM).to_notice_input()
    assert parse_record(item.model_dump()).identity() == "G/TBT/N/EU/1004/Add.1"


def test_a_joint_notification_puts_the_linking_symbol_first() -> None:
    doc = parse_text(JOINT)
    assert doc.symbols[0] == "G/TBT/N/BDI/412"
    item = doc.to_notice_input(symbol="G/TBT/N/KEN/1517")
    assert item.identity() == "G/TBT/N/KEN/1517"
    assert [str(s) for s in item.parsed_symbols()] == [
        "G/TBT/N/KEN/1517",
        "G/TBT/N/BDI/412",
        "G/TBT/N/UGA/1862",
    ]


def test_a_document_without_a_symbol_takes_the_linking_notices_symbol_or_its_url() -> None:
    doc = parse_text(NO_SYMBOL)
    assert doc.to_notice_input(symbol="G/TBT/N/EU/600").identity() == "G/TBT/N/EU/600"
    by_url = doc.to_notice_input(url="https://gdtbt.org.cn/noteshow.aspx?noteid=1")
    assert by_url.identity() == "wto-docs:https://gdtbt.org.cn/noteshow.aspx?noteid=1"
    with pytest.raises(ValueError, match="no WTO symbol"):
        doc.to_notice_input()


def test_a_year_first_chinese_date_reaches_the_store_as_the_parser_read_it() -> None:
    doc = parse_text(
        "1. 通報成員:阿根廷\n5. 通報標題:巴拉圭茶葉國家注冊\n9. 擬批準日期:\n"
        "02-11-27 擬生效日期: 批準後30天。\n"
    )
    assert doc.adoption_date == date(2002, 11, 27)
    fields = doc.to_notice_input(symbol="G/TBT/N/ARG/100").to_fields()
    assert fields["adoption_date"] == date(2002, 11, 27)


def test_a_parsed_document_is_stored_and_a_rerun_changes_nothing(session) -> None:  # type: ignore[no-untyped-def]
    item = parse_text(ADDENDUM).to_notice_input(url="https://docs.wto.org/x.pdf")
    now = datetime(2024, 5, 6, tzinfo=UTC)
    first = upsert_notice(session, item, now=now)
    again = upsert_notice(
        session, parse_text(ADDENDUM).to_notice_input(url="https://docs.wto.org/x.pdf"), now=now
    )
    assert (first.status, again.status) == ("new", "unchanged")
    assert first.notice_id == again.notice_id
