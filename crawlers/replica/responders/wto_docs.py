"""WTO documents replica: Documents Online and member attachments, served from files.

`wto-docs/documents` maps a document's path (for Documents Online, the path with its
`?filename=` query) to `{"file": <data file>, "content_type": ...}`, or to `{"text": ...}` for a
document given in memory by a test. Documents Online file names are matched case-insensitively,
as the real service does for its `q:/` paths.
"""

from __future__ import annotations

from typing import Any

from crawlers.replica.responders import ReplicaContext, ReplicaRequest, Reply

DOL = "/dol2fe/Pages/SS/directdoc.aspx"
ATTACHMENTS = "/crnattachments/"


def routes(ctx: ReplicaContext) -> dict[str, Any]:
    def table() -> dict[str, dict[str, str]]:
        return {key.casefold(): entry for key, entry in ctx.dataset("wto-docs/documents").items()}

    def serve(key: str) -> Reply:
        entry = table().get(key.casefold())
        if entry is None:
            return Reply.text("<html><body>Document not found</body></html>", status=404,
                              content_type="text/html")
        content_type = entry.get("content_type", "application/octet-stream")
        if "text" in entry:
            return Reply(200, entry["text"].encode("utf-8"), content_type)
        return Reply(200, ctx.file(entry["file"]), content_type)

    def documents_online(request: ReplicaRequest) -> Reply:
        return serve(f"{DOL}?filename={request.arg('filename', '')}")

    def attachment(request: ReplicaRequest) -> Reply:
        return serve(request.path)

    return {DOL: documents_online, ATTACHMENTS: attachment}
