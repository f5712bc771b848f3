"""ePing replica: the website's JSON, the API portal's search, and the daily bulk Excel file.

Filters the real services honour (sources.md §1.2) are honoured: the distribution-date range,
`page` (1-based) and `pageSize`; others are ignored, as the website does. Records come back in
the stored order, not by date: the real ordering is unverified, so spiders must not rely on it.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from crawlers.replica.responders import ReplicaContext, ReplicaRequest, Reply

MISSING_KEY = ("Access denied due to missing subscription key. Make sure to include subscription "
               "key when making requests to an API.")
INVALID_KEY = ("Access denied due to invalid subscription key. Make sure to provide a valid key "
               "for an active subscription.")
BULK_HEADERS = (
    "Notifying Member(s)", "Symbol", "Title", "Description of content", "Distribution date",
    "Products (free text)", "Products (HS/ICS code)", "Objectives", "Keywords(SPS Only)",
    "Regions or countries affected(SPS Only)", "Final date for comments", "Notification type",
    "Link to notification (EN)", "Link to notification (ES)", "Link to notification (FR)",
    "Link to notification summary", "Link(s) to full text",
)
_EXCEL_EPOCH = date(1899, 12, 30)
DOL_PREFIX = "https://docs.wto.org/dol2fe/Pages/SS/directdoc.aspx?filename=q:/"


def routes(ctx: ReplicaContext) -> dict[str, Any]:
    def records() -> list[dict[str, Any]]:
        return list(ctx.dataset("eping/notifications"))

    def get_all(request: ReplicaRequest) -> Reply:
        chosen, error = _in_window(records(), request)
        if error:
            return Reply.json({"error": error}, status=400)
        page, size = _paging(request)
        return Reply.json({"items": chosen[(page - 1) * size: page * size],
                           "totalCount": len(chosen)})

    def search(request: ReplicaRequest) -> Reply:
        key = request.headers.get("Ocp-Apim-Subscription-Key") or request.arg("subscription-key")
        if not key:
            return Reply.json({"statusCode": 401, "message": MISSING_KEY}, status=401)
        if ctx.api_key is not None and key != ctx.api_key:
            return Reply.json({"statusCode": 401, "message": INVALID_KEY}, status=401)
        chosen, error = _in_window(records(), request)
        if error:
            return Reply.json({"error": error}, status=400)
        page, size = _paging(request)
        return Reply.json({"currentPage": page, "pageSize": size, "totalCount": len(chosen),
                           "items": chosen[(page - 1) * size: page * size]})

    def bulk(request: ReplicaRequest) -> Reply:
        body = ctx.memo("eping/bulk.xlsx", lambda: bulk_workbook(records()))
        return Reply(200, body, "application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet")

    return {
        "/api/v1/azureSearch/getAll": get_all,
        "/eping/notifications/search": search,
        "/NotificationExcelFiles/Notification_EN.xlsx": bulk,
    }


def _paging(request: ReplicaRequest) -> tuple[int, int]:
    return max(1, request.int_arg("page", 1)), max(1, request.int_arg("pageSize", 10))


def _in_window(
    records: list[dict[str, Any]], request: ReplicaRequest
) -> tuple[list[dict[str, Any]], str | None]:
    try:
        start = _day(request.arg("distributionDateFrom"))
        end = _day(request.arg("distributionDateTo"))
    except ValueError as exc:
        return [], f"bad date: {exc}"
    if start is None and end is None:
        return records, None
    chosen = []
    for record in records:
        day = _day(record.get("distributionDate"))
        if day is not None and (start is None or day >= start) and (end is None or day <= end):
            chosen.append(record)
    return chosen, None


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def bulk_workbook(records: list[dict[str, Any]]) -> bytes:
    """The records as ePing's Excel export (2019 headers), dates as Excel serial numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(BULK_HEADERS)
    for record in records:
        sheet.append(_bulk_row(record))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _serial(value: Any) -> int | None:
    day = _day(value)
    return (day - _EXCEL_EPOCH).days if day else None


def _codes(record: dict[str, Any]) -> str | None:
    parts = []
    for label, key in (("HS codes", "hsCodes"), ("ICS codes", "icsCodes")):
        codes = ", ".join(dict.fromkeys(c["code"] for c in record.get(key) or []))
        if codes:
            parts.append(f"{label}: {codes}")
    return "; ".join(parts) or None


def _dol(path: Any) -> str | None:
    return f"{DOL_PREFIX}{str(path).lstrip('/')}" if path else None


def _bulk_row(record: dict[str, Any]) -> list[Any]:
    kind = str(record.get("notificationType") or "").replace(" notification", "")
    objectives = "\n".join(o["name"] for o in record.get("objectives") or [])
    keywords = "\n".join(k["name"] for k in record.get("spsKeywords") or [])
    return [
        record.get("notifyingMember"), (record.get("documentSymbol") or "").strip(),
        record.get("titlePlain"), record.get("descriptionPlain"),
        _serial(record.get("distributionDate")), record.get("productsFreeTextPlain"),
        _codes(record), objectives or None, keywords or None, None,
        _serial(record.get("commentDeadlineDate")), kind or None,
        _dol(record.get("dolLink")), None, None, record.get("linkToNotification"),
        record.get("notifiedDocumentLink"),
    ]
