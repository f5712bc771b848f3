"""EU TRIS notification JSON mapped field by field to a notice. The record shape is UNVERIFIED.

No real TRIS record has been captured (sources.md §4). The field names below are those
third-party TRIS ingesters store ([3P]): `notification_number`, `notifying_country`, `title`,
`short_summary`, `full_text_summary`, `main_content`, `notification_date`, `standstill_until`,
`sector`, `products_or_services`, `policy_areas`, `related_celex`. We assume the site's JSON
carries them under these names; anything else is reported as an unknown field and an absent
expected field as a missing one, so the first live capture shows at once what differs.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from crawlers.items import notice_item
from crawlers.strict import Record, RecordSkipped
from warning.core.dates import parse_date
from warning.core.members import member_of
from warning.core.symbols import find_symbols

NOTIFICATION_PAGE = "/en/notification/{internal_id}"
# The EU writes Greece EL and the United Kingdom UK where ISO 3166 has GR and GB.
EU_COUNTRY_CODES = {"EL": "GR", "UK": "GB"}
_NUMBER = re.compile(r"^(\d{4})\s*/\s*(\d{1,4})\s*/\s*([A-Z]{2})$")
# Kept for the reviewer as they come; not used for classification or matching.
_EXTRA_FIELDS = ("detailed_opinions", "comments", "member_state_observations",
                 "commission_observations_url", "last_updated")


def tris_number(value: Any) -> str:
    """`2026/0266/ES` in canonical form (four-digit serial, upper-case country)."""
    match = _NUMBER.match(" ".join(str(value or "").split()).upper())
    if not match:
        raise RecordSkipped(f"notification_number: {value!r} is not YYYY/NNNN/CC")
    year, serial, country = match.groups()
    return f"{year}/{int(serial):04d}/{country}"


def _text(record: Record, name: str, *, expected: bool = True) -> str | None:
    """A text field; line breaks are kept (summaries have paragraphs; the store cleans HTML)."""
    value = record.take(name) if expected else record.optional(name)
    if value is None:
        return None
    if isinstance(value, dict | list):
        raise RecordSkipped(f"{name}: expected text, got {type(value).__name__}")
    return str(value).strip() or None


def _date(record: Record, name: str) -> str | None:
    value = _text(record, name)
    if value is not None and parse_date(value) is None:
        raise RecordSkipped(f"{name}: {value!r} is not a date")
    return value


def _sector(record: Record) -> str | None:
    value = record.take("sector")
    if value is None or isinstance(value, str):
        return value or None
    child = record.child(value, "sector")
    code = _text(child, "code", expected=False)
    name = _text(child, "description", expected=False) or _text(child, "name", expected=False)
    record.absorb(child)
    return " – ".join(part for part in (code, name) if part) or None


def _texts(record: Record, name: str) -> list[str]:
    value = record.take(name, [])
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, dict | list) for item in items):
        raise RecordSkipped(f"{name}: expected text or a list of texts")
    return [str(item).strip() for item in items if str(item).strip()]


def _member(number: str, declared: str | None) -> str:
    """The notifying member state: the number's country, checked against the declared one."""
    country = number.rsplit("/", 1)[1]
    country = EU_COUNTRY_CODES.get(country, country)
    if declared:
        declared = EU_COUNTRY_CODES.get(declared.upper(), declared)
        stated, implied = member_of(declared), member_of(country)
        if stated is None or implied is None or stated.code != implied.code:
            raise RecordSkipped(
                f"notifying_country {declared!r} disagrees with the number's country {country}"
            )
    return country


def _five_weeks_before(standstill: str | None) -> str | None:
    """The Commission's advice: comment at least five weeks before the standstill ends."""
    day = parse_date(standstill)
    return (day - timedelta(weeks=5)).isoformat() if day else None


def map_notification(record: Record, *, source: str, page_url: str, raw: Any) -> dict[str, Any]:
    """One TRIS notification as a notice item; RecordSkipped when it cannot be understood."""
    number = tris_number(record.require("notification_number"))
    internal_id = record.take("id")
    member = _member(number, _text(record, "notifying_country"))
    title = _text(record, "title")
    if not title:
        raise RecordSkipped(f"{number}: title missing or empty")
    summaries = [text for name in ("short_summary", "full_text_summary", "main_content")
                 if (text := _text(record, name, expected=name == "short_summary"))]
    notified, standstill = _date(record, "notification_date"), _date(record, "standstill_until")
    sector = _sector(record)
    products = _text(record, "products_or_services")
    policy_areas, celex = _texts(record, "policy_areas"), _texts(record, "related_celex")
    url = _text(record, "source_url", expected=False)
    pdf = _text(record, "pdf_url", expected=False)
    extra = {name: record.optional(name) for name in _EXTRA_FIELDS}
    if url is None and internal_id is not None:
        url = page_url.rstrip("/") + NOTIFICATION_PAGE.format(internal_id=internal_id)
    cited = find_symbols("\n".join([title, *summaries]))
    return notice_item(
        source,
        external_id=number,
        domain="regulation",
        doc_type="regulation",
        member=member,
        title=title,
        description="\n\n".join(summaries) or None,
        products=products,
        keywords=[*policy_areas, *([sector] if sector else [])],
        language="en",
        distribution_date=notified,
        # The standstill's end is the earliest adoption: the last day a comment can still
        # change the draft (the Commission asks for comments five weeks before it).
        comment_deadline=standstill,
        url=url,
        links=[pdf] if pdf else None,
        cited_symbols=[str(symbol) for symbol in cited],
        extra={
            "internal_id": internal_id,
            "sector": sector,
            "policy_areas": policy_areas,
            "related_celex": celex,
            "comments_advised_before": _five_weeks_before(standstill),
            **{name: value for name, value in extra.items() if value not in (None, [], "")},
        },
        raw=raw,
    )
