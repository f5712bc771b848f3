"""WTO notification documents: the PDF, DOCX, HTML or text files linked from stored ePing notices.

Before the crawl, `prepare` reads the notices of `options.from_sources` (ePing) distributed in
the run's window (`--since` reaches further back) and the WTO document links they carry
(`members.wto.org/crnattachments/...`, `docs.wto.org/dol2fe/...`), one per document, English
preferred (see `wto_docs_links.py`). Each document not yet parsed (the cursor, see
`wto_docs_state.py`) is fetched from its own host, or from `TBTWATCH_SOURCE_WTO_DOCS_URL` when
set, parsed by the document parser (`crawlers.documents`), and stored with source "wto-docs"
under the notice's WTO symbol: the store keeps one notice, ePing's fields win and the document
fills what ePing left empty.

A document that cannot be read (not what its name says, binary junk, too large, gone) is an
error of that document alone, counted, logged and remembered, so it neither stops the run nor is
fetched again before `options.retry_days`. Network and server failures fail the run, so its
cursor does not move and the next run fetches the same documents again.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from scrapy.exceptions import DownloadCancelledError
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from sqlalchemy.orm import Session
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from config.sources import SourceConfig
from crawlers.documents import DocumentError, ParsedDocument, parse_document
from crawlers.spiders.base import SourceSpider, page
from crawlers.spiders.wto_docs_state import (
    PARSED,
    DocumentLog,
    LinkedNotice,
    linked_notices,
    merge_documents,
)
from warning.core.store import NoticeInput

STATS = "tbtwatch/wto_docs"
GONE = (404, 410)
# When this many documents were read and none gave a notice, the parser no longer understands
# what the WTO publishes: that must fail the source, not pass as a run of unreadable files.
NOTHING_UNDERSTOOD_ALARM = 5


def _body(spider: Any, response: Response) -> bytes:
    return response.body


class WtoDocsSpider(SourceSpider):
    name = "wto-docs"

    @classmethod
    def prepare(cls, session: Session, source: SourceConfig, since: date | None) -> dict[str, Any]:
        sources = tuple(source.options.get("from_sources", ["eping"]))
        return {"notices": linked_notices(session, since, sources)}

    def __init__(self, *args: Any, notices: list[LinkedNotice] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.notices = list(notices or [])
        self.log = DocumentLog(
            self.cursor.get("documents"), now=datetime.now(UTC),
            retry_days=int(self.options.get("retry_days", 30)),
            remember_days=int(self.options.get("remember_days", 120)),
        )
        self.waiting: dict[str, set[str]] = {}  # notice identity -> document URLs not done
        self.readers: dict[str, list[LinkedNotice]] = {}  # document URL -> notices linking it
        self.results: dict[str, list[NoticeInput]] = {}  # notice identity -> parsed documents

    def count(self, what: str) -> None:
        self.crawler.stats.inc_value(f"{STATS}/{what}")

    async def start(self) -> AsyncIterator[Any]:
        for notice in self.notices:
            wanted = [url for url in notice.documents if self.log.wanted(url)]
            for _ in range(len(notice.documents) - len(wanted)):
                self.count("already_parsed")
            if not wanted:
                continue
            self.waiting[notice.identity] = set(wanted)
            for url in wanted:
                self.readers.setdefault(url, []).append(notice)
        # A copy: Scrapy reads this generator lazily, and callbacks remove URLs meanwhile.
        for url in list(self.readers):
            self.count("requested")
            # dont_filter: the same URL is asked once here; a redirect to a URL seen before
            # must not be dropped silently, leaving its notices waiting.
            yield Request(self.source.rebase(url), callback=self.parse_document,
                          errback=self.on_document_error, cb_kwargs={"url": url},
                          dont_filter=True)

    # --- one document ---------------------------------------------------------------------
    @page(_body)
    def parse_document(self, response: Response, body: bytes, url: str) -> Iterator[Any]:
        parsed: dict[str, NoticeInput] = {}
        try:
            parsed = self.read(url, body, response.headers.get("Content-Type"))
        finally:
            yield from self.deliver(url, parsed)

    def read(self, url: str, body: bytes, content_type: bytes | None) -> dict[str, NoticeInput]:
        """The document as a notice for each notice linking it; {} when it cannot be read."""
        sha256 = hashlib.sha256(body).hexdigest()
        before = self.log.same_content(url, sha256)
        if before is not None and before.get("status") != PARSED:
            return self.unreadable(url, sha256, f"unchanged since {before.get('at')}: "
                                                f"{before.get('reason')}")
        try:
            doc = parse_document(body, name=url, content_type=(content_type or b"").decode(
                "latin-1") or None)
        except DocumentError as exc:
            return self.unreadable(url, sha256, str(exc))
        if not doc.has_content():
            return self.unreadable(url, sha256, "no notification field found in the text")
        self.log.record(url, PARSED, sha256=sha256)
        self.count("parsed")
        raw = {"url": url, "sha256": sha256, "bytes": len(body), "parsed": doc.to_dict()}
        out = {}
        for notice in self.readers.get(url, []):
            out[notice.identity] = self.as_notice(doc, notice, url, raw)
        return out

    def as_notice(self, doc: ParsedDocument, notice: LinkedNotice, url: str,
                  raw: dict[str, Any]) -> NoticeInput:
        item = doc.to_notice_input(url=url, symbol=notice.symbol)
        update: dict[str, Any] = {"raw": raw}
        if item.identity() != notice.identity:
            self.count("other_symbol")
            self.logger.info("wto-docs: %s, linked from %s, is %s", url, notice.identity,
                             item.identity())
        elif not (item.title or item.description or item.products):
            # The text gave dates, codes or reasons but no title (a scanned or garbled page):
            # the notice it belongs to is known, so its title stands in and the rest is kept.
            self.count("title_from_notice")
            update["title"] = notice.title
        return item.model_copy(update=update)

    def unreadable(self, url: str, sha256: str, reason: str) -> dict[str, NoticeInput]:
        self.log.record(url, "unreadable", sha256=sha256, reason=reason)
        self.count("unreadable")
        self.skip_record(f"{url}: {reason}")
        return {}

    def on_document_error(self, failure: Failure) -> Iterator[Any]:
        url: str = failure.request.cb_kwargs["url"]  # type: ignore[attr-defined]
        if failure.check(HttpError) and failure.value.response.status in GONE:
            status = failure.value.response.status
            self.log.record(url, "missing", reason=f"HTTP {status}")
            self.count("missing")
            self.skip_record(f"{url}: HTTP {status}, the document is not there")
        elif failure.check(DownloadCancelledError, CancelledError):
            limit = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
            self.log.record(url, "too_large", reason=f"larger than {limit} bytes")
            self.count("too_large")
            self.skip_record(f"{url}: larger than the {limit // 1048576} MB limit "
                             f"(politeness.max_body_mb); not fetched")
        else:
            self.on_error(failure)
        yield from self.deliver(url, {})

    # --- notices --------------------------------------------------------------------------
    def deliver(self, url: str, parsed: dict[str, NoticeInput]) -> Iterator[NoticeInput]:
        """Hand one document's outcome to the notices linking it; a notice whose documents are
        all done is yielded, its documents folded into one notice per identity."""
        for notice in self.readers.pop(url, []):
            if notice.identity in parsed:
                self.results.setdefault(notice.identity, []).append(parsed[notice.identity])
            waiting = self.waiting.get(notice.identity, set())
            waiting.discard(url)
            if not waiting:
                self.waiting.pop(notice.identity, None)
                yield from merge_documents(self.results.pop(notice.identity, []))

    def cursor_after(self, stats: dict[str, Any]) -> dict[str, Any]:
        # The window is of ePing notices: the next run starts from today (minus the overlap),
        # whatever the documents' own dates.
        today = (self.until - timedelta(days=1)).isoformat()
        return {**self.cursor, "last_date": today, "documents": self.log.to_cursor()}

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        unreadable = stats.get_value(f"{STATS}/unreadable", 0)
        if unreadable >= NOTHING_UNDERSTOOD_ALARM and not stats.get_value(f"{STATS}/parsed", 0):
            self.page_failed("nothing_understood", f"none of {unreadable} documents could be "
                             "read: the WTO's documents or the parser have changed")
