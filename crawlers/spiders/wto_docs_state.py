"""What the wto-docs spider remembers between runs, and how it folds several documents into one.

The source's cursor keeps, per document URL, the outcome of its last fetch (`parsed`,
`unreadable`, `missing`, `too_large`), the SHA-256 of its content and when. A parsed document is
never fetched again (a WTO document does not change under its symbol; a correction gets a new
one); the others are tried again after `retry_days`. Entries older than `remember_days` are
dropped, so the cursor stays small; the run's window never reaches back that far by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from crawlers.spiders.wto_docs_links import choose_documents, split_links
from warning.core.db import Notice
from warning.core.store import NoticeInput

PARSED = "parsed"
OUTCOMES = (PARSED, "unreadable", "missing", "too_large")


@dataclass(frozen=True)
class LinkedNotice:
    """A stored notice and the WTO documents it links to (one URL per document)."""

    identity: str
    symbol: str | None
    title: str | None
    documents: tuple[str, ...]


def linked_notices(
    session: Session, since: date | None, from_sources: tuple[str, ...]
) -> list[LinkedNotice]:
    """Notices of `from_sources` (ePing) distributed since `since` that link WTO documents.

    The window is by distribution date, not by when we first saw a notice: a backfill of
    ePing's history must not make the next run fetch every document ever notified. Undated
    notices are taken when first seen in the window."""
    query = select(Notice.identity, Notice.symbol, Notice.title, Notice.links, Notice.url,
                   Notice.sources)
    if since is not None:
        seen_since = datetime.combine(since, time(), tzinfo=UTC)
        query = query.where(or_(
            Notice.distribution_date >= since,
            and_(Notice.distribution_date.is_(None), Notice.first_seen_at >= seen_since),
        ))
    found = []
    for identity, symbol, title, links, url, sources in session.execute(
        query.order_by(Notice.id)
    ):
        if not set(sources or []) & set(from_sources):
            continue
        documents = choose_documents(split_links([*(links or []), url or ""]))
        if documents:
            found.append(LinkedNotice(identity, symbol, title, tuple(documents)))
    return found


class DocumentLog:
    """The per-URL outcomes kept in the cursor (see the module docstring)."""

    def __init__(self, entries: Any, *, now: datetime, retry_days: int, remember_days: int):
        self.entries: dict[str, dict[str, Any]] = {
            url: dict(entry) for url, entry in (entries or {}).items() if isinstance(entry, dict)
        }
        self.now = now
        self.retry = timedelta(days=retry_days)
        self.remember = timedelta(days=remember_days)

    def _age(self, entry: dict[str, Any]) -> timedelta:
        try:
            return self.now - datetime.fromisoformat(str(entry.get("at")))
        except ValueError:
            return self.remember  # an entry we cannot date is as good as forgotten

    def wanted(self, url: str) -> bool:
        entry = self.entries.get(url)
        if entry is None:
            return True
        if entry.get("status") == PARSED:
            return False
        return self._age(entry) >= self.retry

    def same_content(self, url: str, sha256: str) -> dict[str, Any] | None:
        """The earlier outcome when this URL gave exactly these bytes before."""
        entry = self.entries.get(url)
        return entry if entry is not None and entry.get("sha256") == sha256 else None

    def record(self, url: str, status: str, *, sha256: str | None = None,
               reason: str | None = None) -> None:
        if status not in OUTCOMES:
            raise ValueError(f"unknown document outcome {status!r}")
        entry: dict[str, Any] = {"status": status, "at": self.now.isoformat()}
        if sha256:
            entry["sha256"] = sha256
        if reason:
            entry["reason"] = reason[:300]
        self.entries[url] = entry

    def to_cursor(self) -> dict[str, dict[str, Any]]:
        return {url: entry for url, entry in self.entries.items()
                if self._age(entry) < self.remember}


def _empty(value: Any) -> bool:
    return value in (None, "", [], {})


def merge_documents(notices: list[NoticeInput]) -> list[NoticeInput]:
    """One notice per identity: the first document's fields win, later documents fill what it
    left empty (the store's rule between sources), and every document's raw payload is kept."""
    groups: dict[str, list[NoticeInput]] = {}
    for notice in notices:
        groups.setdefault(notice.identity(), []).append(notice)
    merged = []
    for group in groups.values():
        values = group[0].model_dump()
        for other in group[1:]:
            for name, value in other.model_dump().items():
                if _empty(values.get(name)) and not _empty(value):
                    values[name] = value
        values["extra"] = {k: v for n in reversed(group) for k, v in n.extra.items()}
        values["raw"] = {"documents": [n.raw for n in group]}
        merged.append(NoticeInput(**values))
    return merged
