"""Feed replica: RSS and Atom files served on the paths of the feeds they stand in for.

`feeds/routes.json` maps a real feed's path to a file under the data folder and its content
type; tests add their own routes and files through the server's overrides.
"""

from __future__ import annotations

from typing import Any

from crawlers.replica.responders import ReplicaContext, ReplicaRequest, Reply


def routes(ctx: ReplicaContext) -> dict[str, Any]:
    table: dict[str, dict[str, str]] = ctx.dataset("feeds/routes")

    def serve(entry: dict[str, str]) -> Any:
        def handler(request: ReplicaRequest) -> Reply:
            return Reply(200, ctx.file(entry["file"]),
                         entry.get("content_type", "application/rss+xml; charset=utf-8"))

        return handler

    return {path: serve(entry) for path, entry in table.items()}
