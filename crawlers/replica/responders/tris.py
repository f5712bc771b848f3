"""TRIS replica, on the list endpoint the TRIS spider ASSUMES (the real one is unverified).

`/api/notifications` takes `page` (1-based), `pageSize`, `notificationDateFrom` and
`notificationDateTo` (ISO dates, inclusive) and answers `{"items": [...], "totalCount": n}`.
Undated records are served whatever the dates asked: how the real service treats them is unknown.
"""

from __future__ import annotations

from typing import Any

from crawlers.replica.responders import ReplicaContext, ReplicaRequest, Reply

LIST = "/api/notifications"


def routes(ctx: ReplicaContext) -> dict[str, Any]:
    def notifications(request: ReplicaRequest) -> Reply:
        start = request.arg("notificationDateFrom") or ""
        end = request.arg("notificationDateTo") or "9999"
        chosen = [
            record for record in ctx.dataset("tris/notifications")
            if not _day(record) or start <= _day(record) <= end
        ]
        page, size = max(1, request.int_arg("page", 1)), max(1, request.int_arg("pageSize", 20))
        return Reply.json({"items": chosen[(page - 1) * size: page * size],
                           "totalCount": len(chosen)})

    return {LIST: notifications}


def _day(record: Any) -> str:
    value = record.get("notification_date") if isinstance(record, dict) else None
    return str(value)[:10] if value else ""
