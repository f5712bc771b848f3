"""What the wto-docs spider remembers between runs, and how it folds documents together."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawlers.spiders.wto_docs_state import DocumentLog, merge_documents
from warning.core.store import NoticeInput

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)
URL = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/G/SPS/NRUS152.pdf"


def log(entries=None, **kwargs):
    return DocumentLog(
        entries,
        now=NOW,
        retry_days=kwargs.get("retry", 30),
        remember_days=kwargs.get("remember", 120),
    )


def ago(days):
    return (NOW - timedelta(days=days)).isoformat()


def test_a_parsed_document_is_never_wanted_again():
    assert not log({URL: {"status": "parsed", "at": ago(400)}}).wanted(URL)
    assert log().wanted(URL)


def test_an_unreadable_document_is_tried_again_after_the_retry_days():
    assert not log({URL: {"status": "unreadable", "at": ago(29)}}).wanted(URL)
    assert log({URL: {"status": "unreadable", "at": ago(30)}}).wanted(URL)
    assert log({URL: {"status": "missing", "at": "not a date"}}).wanted(URL)


def test_the_same_bytes_are_recognised_by_their_hash():
    entries = {URL: {"status": "unreadable", "at": ago(40), "sha256": "ab" * 32}}
    assert log(entries).same_content(URL, "ab" * 32)["status"] == "unreadable"
    assert log(entries).same_content(URL, "cd" * 32) is None


def test_old_outcomes_are_dropped_from_the_cursor():
    entries = {URL: {"status": "parsed", "at": ago(121)}, "x": {"status": "parsed", "at": ago(1)}}
    assert list(log(entries).to_cursor()) == ["x"]


def test_an_outcome_is_recorded_with_its_hash_and_time():
    book = log()
    book.record(URL, "too_large", reason="larger than 1 MB")
    assert book.to_cursor()[URL] == {
        "status": "too_large",
        "at": NOW.isoformat(),
        "reason": "larger than 1 MB",
    }
    with pytest.raises(ValueError):
        book.record(URL, "lost")


def notice(**fields):
    return NoticeInput(source="wto-docs", symbol="G/SPS/N/RUS/152", **fields)


def test_documents_of_one_notice_become_one_notice_the_first_winning():
    first = notice(title="Form title", hs_codes=["0401"], raw={"url": "a"}, extra={"k": 1})
    second = notice(
        title="Draft text",
        description="Filled from the second",
        raw={"url": "b"},
        extra={"k": 2, "j": 3},
    )
    [merged] = merge_documents([first, second])
    assert merged.title == "Form title" and merged.description == "Filled from the second"
    assert merged.hs_codes == ["0401"] and merged.extra == {"k": 1, "j": 3}
    assert merged.raw == {"documents": [{"url": "a"}, {"url": "b"}]}


def test_documents_of_different_symbols_stay_apart():
    other = NoticeInput(source="wto-docs", symbol="G/SPS/N/RUS/152/Add.1", title="Addendum")
    merged = merge_documents([notice(title="Form"), other])
    assert [m.identity() for m in merged] == ["G/SPS/N/RUS/152", "G/SPS/N/RUS/152/Add.1"]
