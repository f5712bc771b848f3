"""upsert_notice: idempotent by identity, reports new / changed / unchanged, keeps raw payloads."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from warning.core.db import Notice, NoticeChange
from warning.core.store import NoticeInput, RecordError, upsert_notice
from warning.core.store.queries import NoticeFilter, list_notices
from warning.core.store.record import parse_record
from warning.core.text import shorten

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
T1 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _eping(**overrides) -> NoticeInput:
    data = {
        "source": "eping",
        "symbol": "G/TBT/N/EU/1004",
        "member": "European Union",
        "title": "<p>Draft regulation on <b>batteries</b></p>",
        "products": "Lithium-ion batteries",
        "hs_codes": ["8507"],
        "distribution_date": "2026-02-20T00:00:00",
        "comment_deadline": "2026-04-21T00:00:00",
        "links": ["https://members.wto.org/crnattachments/2026/TBT/EEC/26_01234_00_e.pdf"],
        "raw": {"id": 1, "title": "<p>Draft regulation on <b>batteries</b></p>"},
    }
    return NoticeInput(**{**data, **overrides})


def test_it_stores_a_new_notice_with_cleaned_fields(session: Session) -> None:
    result = upsert_notice(session, _eping(), now=T0)
    notice = session.get(Notice, result.notice_id)
    assert result.status == "new"
    assert notice.identity == "G/TBT/N/EU/1004"
    assert notice.title == "Draft regulation on batteries"
    assert (notice.domain, notice.doc_type, notice.member_code) == ("TBT", "regular", "EU")
    assert notice.comment_deadline == date(2026, 4, 21)
    assert notice.raw == {
        "eping": {"id": 1, "title": "<p>Draft regulation on <b>batteries</b></p>"}
    }
    assert notice.first_seen_at == T0


def test_it_is_idempotent(session: Session) -> None:
    first = upsert_notice(session, _eping(), now=T0)
    second = upsert_notice(session, _eping(), now=T1)
    assert (first.status, second.status) == ("new", "unchanged")
    assert first.notice_id == second.notice_id
    assert session.scalar(select(Notice.last_changed_at)) == T0
    assert session.scalars(select(NoticeChange)).all() == []


def test_a_cosmetic_difference_is_unchanged(session: Session) -> None:
    upsert_notice(session, _eping(), now=T0)
    result = upsert_notice(session, _eping(title="Draft  regulation on batteries"), now=T1)
    assert result.status == "unchanged"


def test_a_moved_deadline_is_a_recorded_material_change(session: Session) -> None:
    upsert_notice(session, _eping(), now=T0)
    result = upsert_notice(session, _eping(comment_deadline="2026-06-30"), now=T1)
    change = session.scalars(select(NoticeChange)).one()
    assert result.status == "changed"
    assert change.kinds == ["deadline"] and change.material
    assert change.before["comment_deadline"] == "2026-04-21"
    assert session.get(Notice, result.notice_id).last_changed_at == T1


def test_a_scope_change_queues_the_notice_for_reclassification(session: Session) -> None:
    notice_id = upsert_notice(session, _eping(), now=T0).notice_id
    session.get(Notice, notice_id).classified_at = T0
    upsert_notice(session, _eping(products="Batteries and accumulators"), now=T1)
    assert session.get(Notice, notice_id).classified_at is None


def test_a_second_source_fills_gaps_but_does_not_overwrite(session: Session) -> None:
    upsert_notice(session, _eping(), now=T0)
    parsed = NoticeInput(
        source="wto-docs",
        symbol="G/TBT/N/EU/1004",
        title="Batteries regulation (document title)",
        agency="European Commission",
        raw={"file": "26_01234_00_e.pdf"},
    )
    result = upsert_notice(session, parsed, now=T1)
    notice = session.get(Notice, result.notice_id)
    assert result.status == "changed"
    assert notice.title == "Draft regulation on batteries"
    assert notice.agency == "European Commission"
    assert notice.sources == ["eping", "wto-docs"]
    assert set(notice.raw) == {"eping", "wto-docs"}
    assert upsert_notice(session, parsed, now=T1).status == "unchanged"


def test_a_joint_notification_is_one_notice_found_by_any_of_its_symbols(session: Session) -> None:
    joint = _eping(symbol="G/TBT/N/BDI/412, G/TBT/N/KEN/1517, G/TBT/N/UGA/1862", member="Kenya")
    upsert_notice(session, joint, now=T0)
    again = upsert_notice(session, _eping(symbol="G/TBT/N/KEN/1517", member="Kenya"), now=T1)
    assert again.status == "unchanged"
    assert session.scalar(select(Notice.identity)) == "G/TBT/N/BDI/412"
    found = list_notices(session, NoticeFilter(symbol="G/TBT/N/UGA/1862"))
    assert [n.id for n in found] == [again.notice_id]


def test_a_dirty_symbol_finds_the_stored_notice(session: Session) -> None:
    upsert_notice(session, _eping(symbol="G/TBT/N/TUR/121/Add.1"), now=T0)
    assert upsert_notice(session, _eping(symbol="G/TBT/N/TUR/121 /ADD.1"), now=T1).status == (
        "unchanged"
    )


def test_odd_dates_are_kept_as_text_without_a_date(session: Session) -> None:
    item = _eping(comment_deadline="To be determined", adoption_date="60 days after publication")
    notice = session.get(Notice, upsert_notice(session, item, now=T0).notice_id)
    assert notice.comment_deadline is None
    assert notice.comment_deadline_text == "To be determined"
    assert notice.adoption_text == "60 days after publication"


def test_scripts_in_fields_never_reach_the_store(session: Session) -> None:
    item = _eping(title='<img src=x onerror="alert(1)">Toys<script>alert(2)</script>')
    notice = session.get(Notice, upsert_notice(session, item, now=T0).notice_id)
    assert notice.title == "Toys"


def test_a_notice_without_symbol_or_external_id_is_refused() -> None:
    with pytest.raises(RecordError, match="a WTO symbol or an external_id"):
        parse_record({"source": "eping", "title": "Anything"})


def test_a_notice_without_any_text_is_refused() -> None:
    item = NoticeInput(source="fedreg", external_id="2024-1", domain="regulation")
    with pytest.raises(RecordError, match="title"):
        item.to_fields()


def test_an_untitled_addendum_takes_its_descriptions_first_line_cut_at_a_word() -> None:
    first_line = "Burundi, Kenya, Rwanda, Tanzania and Uganda would like to inform WTO Members " * 4
    item = NoticeInput(
        source="eping", symbol="G/TBT/N/KEN/1/Add.1", description=first_line + "\nMore."
    )
    title = item.to_fields()["title"]
    kept = title.removesuffix("…")
    assert (
        len(title) <= 200
        and title.endswith("…")
        and kept
        == "Burundi, Kenya, Rwanda, Tanzania and Uganda would like to inform WTO Members " * 2
        + "Burundi, Kenya, Rwanda, Tanzania and Uganda"
    )
    assert first_line[len(kept)] == " "  # a whole word


def test_shorten_cuts_after_a_whole_word_or_where_words_have_no_spaces() -> None:
    assert shorten("short enough", 20) == "short enough"
    assert shorten("Hair shampoo, Synthetic detergent-based, Second Edition", 40) == (
        "Hair shampoo, Synthetic detergent-based…"
    )
    assert shorten("卫生与植物卫生措施通报关于食品中农药最大残留限量", 10) == "卫生与植物卫生措施…"
    assert shorten("Averyveryverylongwordwithoutanyspace and more", 20) == "Averyveryverylongwo…"


def test_a_non_wto_notice_is_identified_by_source_and_external_id(session: Session) -> None:
    item = NoticeInput(source="fedreg", external_id="2024-12345", domain="regulation", title="Rule")
    notice = session.get(Notice, upsert_notice(session, item, now=T0).notice_id)
    assert notice.identity == "fedreg:2024-12345"
    assert notice.doc_type == "regulation"
