"""RASFF Window replica: the consolidated search (POST, JSON body) and the notification detail.

Honoured, as the clients of sources.md §6.1 use them: `parameters.pageNumber` (1-based),
`parameters.itemsPerPage` (more than 100 is refused with 400, the limit the clients report),
`ecValidDateFrom`/`ecValidDateTo` (`dd-MM-yyyy HH:mm:ss`, inclusive). The envelope carries
`totalPages`, `totalElements` and `notifications`. A detail not in `rasff/details` is a 404, which
RASFF answers for notifications without a public detail.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from crawlers.replica.responders import ReplicaContext, ReplicaRequest, Reply

SEARCH = "/rasff-window/backend/public/notification/search/consolidated/"
DETAIL = "/rasff-window/backend/public/notification/view/id/"
STAMP = "%d-%m-%Y %H:%M:%S"
MAX_PAGE_SIZE = 100


def routes(ctx: ReplicaContext) -> dict[str, Any]:
    def search(request: ReplicaRequest) -> Reply:
        if request.method != "POST":
            return Reply.json({"error": "Request method 'GET' is not supported"}, status=405)
        try:
            query = json.loads(request.body or b"{}")
            paging = query.get("parameters") or {}
            page, size = int(paging.get("pageNumber", 1)), int(paging.get("itemsPerPage", 10))
            start, end = _stamp(query.get("ecValidDateFrom")), _stamp(query.get("ecValidDateTo"))
        except (ValueError, TypeError, AttributeError) as exc:
            return Reply.json({"error": f"bad search body: {exc}"}, status=400)
        if not 1 <= size <= MAX_PAGE_SIZE or page < 1:
            return Reply.json({"error": f"itemsPerPage must be 1..{MAX_PAGE_SIZE}"}, status=400)
        chosen = [n for n in ctx.dataset("rasff/notifications") if _inside(n, start, end)]
        return Reply.json({
            "totalPages": math.ceil(len(chosen) / size),
            "totalElements": len(chosen),
            "notifications": chosen[(page - 1) * size: page * size],
        })

    def detail(request: ReplicaRequest) -> Reply:
        notif_id = request.path.removeprefix(DETAIL).strip("/")
        found = ctx.dataset("rasff/details").get(notif_id)
        if found is None:
            return Reply.json({"error": "Not Found", "path": request.path}, status=404)
        return Reply.json(found)

    return {SEARCH: search, DETAIL: detail}


def _stamp(value: Any) -> datetime | None:
    return datetime.strptime(str(value), STAMP) if value else None


def _inside(notification: dict[str, Any], start: datetime | None, end: datetime | None) -> bool:
    try:
        when = _stamp(notification.get("ecValidationDate"))
    except ValueError:
        return True  # a malformed record is served as it is: the client must cope with it
    if when is None:
        return True
    return (start is None or when >= start) and (end is None or when <= end)
