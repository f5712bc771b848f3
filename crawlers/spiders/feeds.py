"""RSS and Atom feeds listed in the YAML (`options.feeds`), fetched by Scrapy (so throttling and
retries apply) and parsed by feedparser.

feedparser never raises; it sets `bozo` and names the problem. The problems in
`SURVIVABLE_BOZO` leave a readable feed (a wrong declared charset, a text/html content type) and
are counted; any other (malformed XML, an unknown encoding) fails the feed as an error.
Each entry becomes a notice `feeds:<feed id>:<entry id>`. Its domain and member are the feed's
unless the entry is about something else (see `feed_subject`: an entry citing a WTO symbol takes
the symbol's, one naming a RASFF notification its notifying country's, or none when that cannot
be told, counted under `tbtwatch/member_unknown/<feed id>`). With `symbol_from_title: true`, a
WTO symbol in the title makes the entry that notification instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
from scrapy.http import Response

from crawlers import stats as keys
from crawlers.items import notice_item
from crawlers.spiders.base import SourceSpider, page
from crawlers.spiders.feed_subject import Subject, subject_of
from crawlers.strict import Record, RecordSkipped
from warning.core.symbols import find_symbols

SURVIVABLE_BOZO: tuple[type[Exception], ...] = (
    feedparser.CharacterEncodingOverride,
    feedparser.NonXMLContentType,
)
# Entry keys feedparser derives from others, or that carry nothing for a notice.
_DERIVED = (
    "title_detail",
    "summary_detail",
    "guidislink",
    "published_parsed",
    "updated_parsed",
    "links",
    "author_detail",
    "authors",
    "author",
    "content",
    "media_content",
    "media_thumbnail",
    "enclosures",
    "comments",
    "credit",
    "media_credit",
    "href",
    "id",
)
_MAX_ID = 120


@dataclass(frozen=True)
class Feed:
    id: str
    url: str
    domain: str = "alert"
    member: str | None = None
    symbol_from_title: bool = False
    enabled: bool = True
    # Encodings to try when the declared one is wrong (a GBK feed labelled UTF-8); none by
    # default, since Windows-1252 text also "decodes" as GB18030.
    encodings: tuple[str, ...] = ()

    @classmethod
    def from_option(cls, data: dict[str, Any]) -> Feed:
        allowed = {
            "id",
            "url",
            "domain",
            "member",
            "symbol_from_title",
            "enabled",
            "title",
            "encodings",
        }
        unknown = sorted(set(data) - allowed)
        if unknown or not data.get("id") or not data.get("url"):
            raise ValueError(f"feed {data.get('id')!r}: needs id and url; unknown keys {unknown}")
        values = {k: v for k, v in data.items() if k in allowed and k != "title"}
        values["encodings"] = tuple(values.get("encodings") or ())
        return cls(**values)


def _headers(response: Response) -> dict[str, str]:
    return {k.decode().lower(): v[0].decode("latin-1") for k, v in response.headers.items() if v}


def _parse_feed(spider: Any, response: Response) -> Any:
    return feedparser.parse(response.body, response_headers=_headers(response))


def reparse(body: bytes, encodings: tuple[str, ...]) -> tuple[Any, str] | None:
    """The feed read in the first of `encodings` that decodes it cleanly and parses."""
    for encoding in encodings:
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        utf8 = {"content-type": "application/xml; charset=utf-8"}
        parsed = feedparser.parse(text.encode("utf-8"), response_headers=utf8)
        if not parsed.get("bozo"):
            return parsed, encoding
    return None


def entry_key(feed: Feed, entry: dict[str, Any]) -> str:
    """A stable id for an entry (its id, else its link, else its title), short enough to store."""
    raw = str(entry.get("id") or entry.get("link") or entry.get("title") or "").strip()
    if len(raw) > _MAX_ID:
        raw = "sha1:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()
    return f"{feed.id}:{raw}"


class FeedsSpider(SourceSpider):
    name = "feeds"

    def feeds(self) -> list[Feed]:
        """The enabled feeds; a badly configured one is an error, the others still run."""
        feeds = []
        for option in self.options.get("feeds", []):
            try:
                feed = Feed.from_option(dict(option))
            except (TypeError, ValueError) as exc:
                self.page_failed("feed_config", f"{self.source.path}: {exc}")
                continue
            if feed.enabled:
                feeds.append(feed)
        return feeds

    async def start(self) -> AsyncIterator[Any]:
        for feed in self.feeds():
            yield self.request(
                self.source.rebase(feed.url), self.parse_feed, cb_kwargs={"feed": feed}
            )

    @page(_parse_feed)
    def parse_feed(self, response: Response, parsed: Any, feed: Feed) -> Iterator[Any]:
        problem = parsed.get("bozo_exception")
        if isinstance(problem, feedparser.CharacterEncodingOverride) and feed.encodings:
            found = reparse(response.body, feed.encodings)
            if found is not None:
                parsed, encoding = found
                self.crawler.stats.inc_value(f"tbtwatch/feeds/recoded/{encoding}")
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            if not isinstance(problem, SURVIVABLE_BOZO):
                self.page_failed(
                    "feed_unreadable",
                    f"{feed.id} ({response.url}): {type(problem).__name__}: {problem}",
                )
                return
            self.crawler.stats.inc_value(f"tbtwatch/feeds/bozo/{type(problem).__name__}")
            self.logger.warning("%s: %s (read anyway)", feed.id, problem)
        entries = parsed.get("entries") or []
        self.crawler.stats.inc_value(f"tbtwatch/feeds/{feed.id}/entries", len(entries))
        yield from self.map_records(
            [dict(e) for e in entries],
            lambda record: self.map_entry(record, feed),
            key=lambda entry: entry_key(feed, entry),
        )

    def map_entry(self, record: Record, feed: Feed) -> dict[str, Any]:
        item, subject = map_entry(record, feed, self.source.id)
        if subject is not None and subject.member_unknown:
            self.member_unknown(feed, item["external_id"], subject.member_unknown)
        return item

    def member_unknown(self, feed: Feed, key: str, why: str) -> None:
        """Counted per feed and logged once per feed, like an unknown field."""
        self.crawler.stats.inc_value(f"{keys.MEMBER_UNKNOWN}/{feed.id}")
        warned = f"member_unknown/{feed.id}"
        if warned not in self._warned_fields:
            self._warned_fields.add(warned)
            self.logger.warning("%s: %s: member left empty: %s", self.source.id, key, why)


def _published(record: Record) -> Any:
    for name in ("published_parsed", "updated_parsed"):
        value = record.optional(name)
        if value:
            return datetime(*value[:6], tzinfo=UTC).date()
    return record.optional("published") or record.optional("updated")


def map_entry(record: Record, feed: Feed, source: str) -> tuple[dict[str, Any], Subject | None]:
    """One feed entry as a notice item, and whom it is about (None: it is a WTO notification
    itself, named in its title)."""
    key = entry_key(feed, {name: record.peek(name) for name in ("id", "link", "title")})
    entry_id = record.peek("id")
    title = record.take("title")
    summary = record.take("summary") or record.optional("description")
    link = record.take("link")
    if not (title or summary):
        raise RecordSkipped(f"{key}: an entry with neither title nor summary")
    day = _published(record)
    record.optional("published")
    record.optional("updated")
    tags = [t.get("term") for t in record.optional("tags", []) if isinstance(t, dict)]
    record.ignore(_DERIVED)
    symbol = None
    if feed.symbol_from_title:
        found = find_symbols(title)
        symbol = ", ".join(str(s) for s in found) or None
    subject = (
        None
        if symbol
        else subject_of(
            title=title,
            summary=summary,
            entry_id=entry_id,
            link=link,
            domain=feed.domain,
            member=feed.member,
        )
    )
    extra: dict[str, Any] = {"feed": feed.id}
    if subject is not None and subject.rasff_reference:
        extra["rasff_reference"] = subject.rasff_reference
    if subject is not None and subject.member_unknown:
        extra["member_unknown"] = subject.member_unknown
    item = notice_item(
        source,
        symbol=symbol,
        external_id=key,
        # A notification named in the title has its own member and domain (from the symbol).
        domain=subject.domain if subject else None,
        doc_type=None if symbol else ("regulation" if feed.domain == "regulation" else "alert"),
        member=subject.member if subject else None,
        title=title,
        description=summary,
        distribution_date=day,
        url=link,
        keywords=[t for t in tags if t],
        cited_symbols=[str(s) for s in subject.cited] if subject and subject.cited else None,
        extra=extra,
    )
    return item, subject
