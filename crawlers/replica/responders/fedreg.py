"""Federal Register replica: `/api/v1/documents.json` with the real API's conditions and envelope.

Honoured: `conditions[agencies][]` (slugs, any of), `conditions[type][]` (RULE, PRORULE, NOTICE,
PRESDOCU), `conditions[publication_date][gte|lte|is]`, `per_page`, `page`, `order`, `fields[]`.
`next_page_url` is absolute and names the real host, as the real API's does; a client must move
it to its configured base URL.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from crawlers.replica.responders import ReplicaContext, ReplicaRequest, Reply

REAL_BASE = "https://www.federalregister.gov/api/v1"
TYPES = {"RULE": "Rule", "PRORULE": "Proposed Rule", "NOTICE": "Notice",
         "PRESDOCU": "Presidential Document"}


def routes(ctx: ReplicaContext) -> dict[str, Any]:
    def documents(request: ReplicaRequest) -> Reply:
        chosen = [d for d in ctx.dataset("fedreg/documents") if _wanted(d, request)]
        order = request.arg("order", "relevance")
        if order in ("newest", "oldest"):
            chosen.sort(key=lambda d: d.get("publication_date") or "", reverse=order == "newest")
        per_page = min(1000, max(1, request.int_arg("per_page", 20)))
        page = max(1, request.int_arg("page", 1))
        pages = math.ceil(len(chosen) / per_page)
        envelope: dict[str, Any] = {
            "count": len(chosen),
            "description": "Documents matching the replica's conditions",
            "total_pages": pages,
        }
        if chosen:
            fields = request.args("fields[]")
            window = chosen[(page - 1) * per_page: page * per_page]
            envelope["results"] = [_project(d, fields) for d in window]
        if page < pages:
            query = {k: v for k, v in request.query.items() if k != "page"}
            query["page"] = [str(page + 1)]
            envelope["next_page_url"] = f"{REAL_BASE}/documents.json?{urlencode(query, True)}"
        return Reply.json(envelope)

    return {"/api/v1/documents.json": documents}


def _wanted(document: dict[str, Any], request: ReplicaRequest) -> bool:
    agencies = set(request.args("conditions[agencies][]"))
    if agencies and not agencies & {a.get("slug") for a in document.get("agencies") or []}:
        return False
    types = {TYPES.get(t, t) for t in request.args("conditions[type][]")}
    if types and document.get("type") not in types:
        return False
    day = document.get("publication_date") or ""
    gte = request.arg("conditions[publication_date][gte]")
    lte = request.arg("conditions[publication_date][lte]")
    exact = request.arg("conditions[publication_date][is]")
    return not ((gte and day < gte) or (lte and day > lte) or (exact and day != exact))


def _project(document: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    if not fields:
        return dict(document)
    return {name: document.get(name) for name in fields}
