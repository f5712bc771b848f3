"""Atom, iCalendar and CSV for any filter, and the text rules they follow."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import feedparser
import pytest
from fastapi.testclient import TestClient

from warning.web.exports import FeedNotice, csv_cell, ics_calendar, ics_escape, ics_fold


def test_the_atom_feed_follows_the_filters(client: TestClient, seeded: list[int]) -> None:
    feed = feedparser.parse(client.get("/feeds/notices.atom?domain=SPS").content)
    assert not feed.bozo and feed.entries
    assert all("/notices/" in e.link for e in feed.entries)
    every = feedparser.parse(client.get("/feeds/notices.atom").content)
    assert len(every.entries) > len(feed.entries)
    assert feed.feed.title == "tbtwatch notices (domain=SPS)"


def test_the_calendar_has_one_event_per_open_deadline(
    client: TestClient, seeded: list[int]
) -> None:
    response = client.get("/feeds/deadlines.ics?deadline=open")
    assert response.headers["content-type"].startswith("text/calendar")
    body = response.text
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    events = body.count("BEGIN:VEVENT")
    api = client.get("/api/notices", params={"deadline": "open", "per_page": 1}).json()
    assert events == api["total"] > 0
    assert "DTSTART;VALUE=DATE:" in body and "UID:notice-" in body


def test_the_csv_export_has_every_matching_notice(client: TestClient, seeded: list[int]) -> None:
    response = client.get("/notices.csv?domain=TBT")
    assert response.headers["content-disposition"].startswith("attachment;")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    total = client.get("/api/notices", params={"domain": "TBT", "per_page": 1}).json()["total"]
    assert len(rows) == total and {r["domain"] for r in rows} == {"TBT"}
    assert rows[0]["page"].startswith("http://testserver/notices/")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-5", "'-5"),
        ("@SUM(A1:A3)", "'@SUM(A1:A3)"),
        ("\tpadded", "'\tpadded"),
        ("Plain title", "Plain title"),
        ("a = b", "a = b"),
        (None, ""),
        (42, "42"),
    ],
)
def test_csv_cells_that_would_be_formulas_get_an_apostrophe(value: object, expected: str) -> None:
    assert csv_cell(value) == expected


def test_ics_text_is_escaped_and_lines_folded_without_splitting_characters() -> None:
    assert ics_escape("a,b;c\\d\nnext\r\nline\x00") == "a\\,b\\;c\\\\d\\nnext\\nline"
    folded = ics_fold("SUMMARY:" + "电池" * 40)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == "SUMMARY:" + "电池" * 40


def test_a_notice_without_deadline_has_no_event() -> None:
    notice = FeedNotice(
        id=1, identity="x", symbol=None, title="t", description=None, domain="TBT",
        member_code=None, member_name=None, distribution_date=None, comment_deadline=None,
        categories=[], hs_codes=[], source_id="s", source_url=None,
        updated=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    dated = FeedNotice(**{**notice.__dict__, "id": 2, "comment_deadline": date(2026, 2, 1)})
    body = ics_calendar(
        [notice, dated], name="n", site_url="http://h", host="h", now=datetime.now(UTC)
    )
    assert body.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20260201" in body and "DTEND;VALUE=DATE:20260202" in body
