"""Text from sources is hostile until escaped: stored <script>/onerror= payloads stay inert on
every page, in the feeds, the calendar, the CSV export and the API."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.seeding import XSS_TEXT, XSS_TITLE, add_notice
from warning.core.db import Classification

RAW = ("<script>alert", "<img src=x onerror", "<svg onload", 'href="javascript:')


@pytest.fixture
def hostile(session: Session, staff: dict[str, int]) -> int:
    notice = add_notice(
        session,
        identity="G/TBT/N/XSS/1",
        symbol="G/TBT/N/XSS/1",
        member_code="USA",
        member_name=XSS_TITLE + "\r\nEND:VEVENT\r\nBEGIN:VEVENT;x=1,2",
        agency=XSS_TEXT,
        title=XSS_TITLE,
        description=XSS_TEXT + "\nBEGIN:VEVENT\nSUMMARY:injected",
        products=XSS_TITLE,
        keywords=[XSS_TITLE],
        url="javascript:alert(3)",
        links=["javascript:alert(4)", "https://example.org/ok"],
        comment_deadline=date.today() + timedelta(days=3),
        distribution_date=date.today(),
        flagged=True,
        urgency=99.0,
    )
    session.add(
        Classification(
            notice_id=notice.id,
            category="HT01",
            score=0.9,
            method="fusion",
            evidence={"codes": ["<b>8517</b>"], "words": ["<script>", "onerror=alert(1)"]},
        )
    )
    session.commit()
    return notice.id


def _assert_inert(html: str) -> None:
    for raw in RAW:
        assert raw not in html, raw
    assert "&lt;script&gt;alert" in html


def test_public_pages_escape_stored_payloads(client: TestClient, hostile: int) -> None:
    _assert_inert(client.get("/notices").text)
    _assert_inert(client.get("/notices?q=alert").text)
    page = client.get(f"/notices/{hostile}").text
    _assert_inert(page)
    assert 'href="https://example.org/ok"' in page  # a real link stays a link
    assert "javascript:alert(4)" in page  # shown as text, not as a link


def test_staff_pages_escape_stored_payloads(
    signed_in: Callable[[str], tuple[TestClient, str]], hostile: int
) -> None:
    client, token = signed_in("wang")
    client.post(
        f"/notices/{hostile}/review/note",
        data={"text": "<script>alert('note')</script>", "csrf_token": token},
    )
    for path in ("/review", f"/notices/{hostile}", "/dashboard"):
        _assert_inert(client.get(path).text)
    assert "<script>alert('note')" not in client.get(f"/notices/{hostile}").text


def test_the_atom_feed_carries_the_text_escaped(client: TestClient, hostile: int) -> None:
    response = client.get("/feeds/notices.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert b"<script>" not in response.content
    feed = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in feed.findall("a:entry/a:title", ns)]
    assert f"G/TBT/N/XSS/1: {XSS_TITLE}" in titles  # the same text, as text


def test_the_calendar_cannot_be_broken_by_a_title_or_description(
    client: TestClient, hostile: int
) -> None:
    body = client.get("/feeds/deadlines.ics").text
    unfolded = body.replace("\r\n ", "")
    lines = unfolded.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 1  # the member's BEGIN:VEVENT stayed inside its text
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "\\nEND:VEVENT\\nBEGIN:VEVENT\\;x=1\\,2" in description
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_csv_cells_cannot_become_formulas(client: TestClient, session: Session) -> None:
    for title in ('=HYPERLINK("http://evil.example")', "+1+1", "-2+3", "@SUM(A1)", "\tx"):
        add_notice(session, identity=f"x:{title}", title=title, source_id="eping")
    session.commit()
    rows = list(csv.reader(io.StringIO(client.get("/notices.csv").text.lstrip("\ufeff"))))
    titles = [row[rows[0].index("title")] for row in rows[1:]]
    assert titles and all(not t.startswith(("=", "+", "-", "@", "\t")) for t in titles)
    assert '\'=HYPERLINK("http://evil.example")' in titles


def test_the_api_returns_the_text_as_json_data(client: TestClient, hostile: int) -> None:
    response = client.get(f"/api/notices/{hostile}")
    assert response.headers["content-type"] == "application/json"
    assert response.json()["title"] == XSS_TITLE
