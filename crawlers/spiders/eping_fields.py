"""ePing's notification record (sources.md §1.1) mapped field by field to a notice.

Shared by the website JSON and the API, which carry the same field names. Every field is popped
as it is mapped; what is left is reported by the spider as unknown.
"""

from __future__ import annotations

import re
from typing import Any

from crawlers.items import notice_item
from crawlers.strict import Record, RecordSkipped
from warning.core.dates import parse_date
from warning.core.symbols import split_symbols

DOL_PREFIX = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/"
# Words in ePing's notification type, in the order they are tested ("Revision of addendum"...).
_DOC_TYPES = (
    ("corrigend", "corrigendum"),
    ("addend", "addendum"),
    ("supplement", "addendum"),
    ("revision", "revision"),
    ("emergency", "emergency"),
    ("regular", "regular"),
)
_LINK_SPLIT = re.compile(r"[\s,;]+")
_CODE_IN_NAME = re.compile(r"^\s*([0-9][0-9.]*)\s*(?:[-–:]\s*(.*))?$")


def doc_type_of(value: Any) -> str | None:
    """ePing's notification type ("Regular notification", "Addendum"...) as our doc_type."""
    text = str(value or "").casefold()
    for word, doc_type in _DOC_TYPES:
        if word in text:
            return doc_type
    return None


def dated(day: Any, text: Any) -> Any:
    """One value for a date and its free-text variant: the text when it holds the date (or
    there is no date), else the ISO date followed by the text in brackets."""
    text = str(text).strip() if text not in (None, "") else None
    iso = parse_date(day).isoformat() if parse_date(day) else None
    if text and (iso is None or parse_date(text) is not None):
        return text
    if iso and text:
        return f"{iso} ({text})"
    return iso


def links_of(value: Any) -> list[str]:
    """URLs from a field that lists one or more, separated by new lines or commas."""
    if value in (None, ""):
        return []
    parts = value if isinstance(value, list) else _LINK_SPLIT.split(str(value))
    return [p.strip() for p in parts if str(p).strip().lower().startswith(("http://", "https://"))]


def _text(record: Record, name: str) -> str | None:
    """`<name>Plain` when given, else `<name>` (HTML, cleaned by the store)."""
    plain = record.take(f"{name}Plain")
    rich = record.take(name)
    return plain or rich or None


def _codes(record: Record, name: str) -> tuple[list[str], list[str]]:
    entries = record.take(name, [])
    if not isinstance(entries, list):
        raise RecordSkipped(f"{name}: expected a list, got {type(entries).__name__}")
    codes, names = [], []
    for entry in entries:
        if isinstance(entry, str):
            entry = {"name": entry}
        child = record.child(entry, name)
        child.optional("id")
        code, label = child.optional("code"), child.optional("name")
        match = _CODE_IN_NAME.match(str(label or ""))
        if not code and match:
            code = match.group(1)
        record.absorb(child)
        if code:
            codes.append(str(code).strip())
        if label:
            names.append(str(label).strip())
    return codes, names


def _names(record: Record, name: str) -> list[str]:
    entries = record.take(name, [])
    if not isinstance(entries, list):
        raise RecordSkipped(f"{name}: expected a list, got {type(entries).__name__}")
    out = []
    for entry in entries:
        if isinstance(entry, str):
            out.append(entry)
            continue
        child = record.child(entry, name)
        child.optional("id")
        value = child.take("name")
        record.absorb(child)
        if value:
            out.append(str(value))
    return out


def map_notification(record: Record, source: str) -> dict[str, Any]:
    """One ePing record as a notice item; RecordSkipped when it has no usable symbol or text."""
    symbol = str(record.require("documentSymbol")).strip()
    area = str(record.take("area") or "").strip().upper() or None
    if not split_symbols(symbol, default_domain=area if area in ("TBT", "SPS") else None):
        raise RecordSkipped(f"documentSymbol: {symbol!r} is not a WTO notification symbol")
    eping_id = record.take("id")
    title, description = _text(record, "title"), _text(record, "description")
    products = _text(record, "productsFreeText")
    if not (title or description or products):
        raise RecordSkipped(f"{symbol}: no title, description or products text")
    hs_codes, hs_names = _codes(record, "hsCodes")
    ics_codes, ics_names = _codes(record, "icsCodes")
    links = links_of(record.take("notifiedDocumentLink"))
    dol = record.take("dolLink")
    if dol:
        links.append(dol if str(dol).startswith("http") else DOL_PREFIX + str(dol).lstrip("/"))
    extra = {
        "eping_id": eping_id,
        "open_for_comments": record.take("isOpenForComments"),
        "codex": record.take("codexAlimentariusCommision"),
        "hs_names": hs_names,
        "ics_names": ics_names,
    }
    return notice_item(
        source,
        symbol=symbol,
        external_id=str(eping_id) if eping_id is not None else None,
        domain=area if area in ("TBT", "SPS") else None,
        doc_type=doc_type_of(record.take("notificationType")),
        member=record.take("notifyingMember"),
        title=title,
        description=description,
        products=products,
        hs_codes=hs_codes,
        ics_codes=ics_codes,
        objectives=_names(record, "objectives"),
        keywords=_names(record, "keywords") + _names(record, "spsKeywords"),
        distribution_date=record.take("distributionDate"),
        comment_deadline=record.take("commentDeadlineDate"),
        adoption_date=dated(record.take("proposedAdoptionDate"),
                            record.take("proposedAdoptionDateText")),
        entry_into_force_date=dated(record.take("proposedEntryIntoForceDate"),
                                    record.take("proposedEntryIntoForceDateText")),
        url=record.take("linkToNotification"),
        links=links,
        language="en",
        extra={k: v for k, v in extra.items() if v not in (None, [], "")},
    )
