"""Notices as Atom, iCalendar and CSV. Pure: rows in, text out. Source text is never trusted:
XML is built by ElementTree (escaped), iCalendar text is escaped per RFC 5545, and CSV cells
that a spreadsheet would run as a formula are defused."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from xml.etree import ElementTree as ET

from warning.core.store.queries import notice_reference

ATOM_NS = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot carry at all (escaping does not help), and C0 controls in text.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class FeedNotice:
    id: int
    identity: str
    symbol: str | None
    title: str
    description: str | None
    domain: str
    member_code: str | None
    member_name: str | None
    distribution_date: date | None
    comment_deadline: date | None
    categories: Sequence[str]
    hs_codes: Sequence[str]
    source_id: str
    source_url: str | None
    updated: datetime

    @property
    def label(self) -> str:
        return notice_reference(self.symbol, self.identity)


def xml_text(value: str | None) -> str:
    return _NOT_XML.sub("", value or "")


def atom_feed(
    notices: Iterable[FeedNotice], *, title: str, feed_url: str, site_url: str, updated: datetime
) -> bytes:
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")

    def child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            element.text = xml_text(text)
        return element

    child(feed, "title", title)
    child(feed, "id", feed_url)
    child(feed, "link", rel="self", href=feed_url)
    child(feed, "link", rel="alternate", href=site_url)
    child(feed, "updated", updated.isoformat())
    child(child(feed, "author"), "name", "tbtwatch")
    for notice in notices:
        page = f"{site_url.rstrip('/')}/notices/{notice.id}"
        entry = child(feed, "entry")
        child(entry, "id", page)
        child(entry, "title", f"{notice.label}: {notice.title}")
        child(entry, "link", rel="alternate", href=page)
        child(entry, "updated", notice.updated.isoformat())
        if notice.distribution_date:
            child(entry, "published", f"{notice.distribution_date.isoformat()}T00:00:00Z")
        for category in notice.categories:
            child(entry, "category", term=category)
        child(entry, "summary", _summary(notice))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def _summary(notice: FeedNotice) -> str:
    parts = [f"{notice.domain} · {notice.member_name or notice.member_code or ''}"]
    if notice.comment_deadline:
        parts.append(f"Comment deadline: {notice.comment_deadline.isoformat()}")
    if notice.description:
        parts.append(notice.description[:1500])
    return "\n".join(parts)


def ics_escape(value: str) -> str:
    """TEXT value escaping of RFC 5545 §3.3.11 (and no control characters)."""
    value = _NOT_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space (never inside a character)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def ics_calendar(
    notices: Iterable[FeedNotice], *, name: str, site_url: str, host: str, now: datetime
) -> str:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tbtwatch//comment deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    for notice in notices:
        if notice.comment_deadline is None:
            continue
        page = f"{site_url.rstrip('/')}/notices/{notice.id}"
        day = notice.comment_deadline
        description = f"{notice.domain} · {notice.member_name or notice.member_code or ''}\n{page}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:notice-{notice.id}-deadline@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_escape(f'Comment deadline: {notice.label} {notice.title}'[:300])}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"URL:{ics_escape(page)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


CSV_COLUMNS = (
    "id",
    "symbol",
    "domain",
    "member_code",
    "member_name",
    "title",
    "distribution_date",
    "comment_deadline",
    "categories",
    "hs_codes",
    "source",
    "source_url",
    "page",
)


def csv_cell(value: object) -> str:
    """Text a spreadsheet shows as it is: a leading =, +, -, @, tab or CR would make Excel or
    LibreOffice evaluate the cell as a formula, so such cells get a leading apostrophe."""
    text = "" if value is None else str(value)
    text = _NOT_XML.sub(" ", text).replace("\r\n", "\n")
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_lines(notices: Iterable[FeedNotice], *, site_url: str) -> Iterable[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values: Sequence[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([csv_cell(v) for v in values])
        return buffer.getvalue()

    # A byte-order mark so that Excel opens the UTF-8 file with its Chinese text intact.
    yield "\ufeff" + line(CSV_COLUMNS)
    for n in notices:
        yield line(
            (
                n.id,
                n.label,
                n.domain,
                n.member_code,
                n.member_name,
                n.title,
                n.distribution_date.isoformat() if n.distribution_date else "",
                n.comment_deadline.isoformat() if n.comment_deadline else "",
                " ".join(n.categories),
                " ".join(n.hs_codes),
                n.source_id,
                n.source_url,
                f"{site_url.rstrip('/')}/notices/{n.id}",
            )
        )
