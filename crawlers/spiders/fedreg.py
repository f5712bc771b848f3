"""US Federal Register (sources.md §5): rules and proposed rules of the configured agencies.

`GET /documents.json` with `conditions[agencies][]` (the YAML's FR agency slugs),
`conditions[type][]` (RULE, PRORULE) and `conditions[publication_date][gte]` (the run's start),
paged by following `next_page_url`, whose host is moved to the configured base URL (the API
returns absolute links to its own host). WTO symbols cited in the title, abstract or excerpts
link the rule to that measure; `comments_close_on` is the comment deadline.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Response

from crawlers.items import notice_item
from crawlers.spiders.base import PageError, SourceSpider, json_page
from crawlers.strict import Record, RecordSkipped
from warning.core.symbols import find_symbols

FIELDS = (
    "document_number", "title", "type", "abstract", "action", "publication_date",
    "comments_close_on", "effective_on", "html_url", "pdf_url", "agencies", "agency_names",
    "excerpts", "docket_ids", "regulation_id_numbers", "citation",
)
DEFAULT_TYPES = ("RULE", "PRORULE")
_AGENCY_KEYS = ("raw_name", "name", "id", "url", "json_url", "parent_id", "slug")


class FedRegSpider(SourceSpider):
    name = "fedreg"

    async def start(self) -> AsyncIterator[Any]:
        params: list[tuple[str, Any]] = [
            ("conditions[agencies][]", slug) for slug in self.options.get("agencies", [])
        ]
        params += [("conditions[type][]", t) for t in self.options.get("types", DEFAULT_TYPES)]
        if self.since is not None:
            params.append(("conditions[publication_date][gte]", self.since.isoformat()))
        params += [("fields[]", name) for name in FIELDS]
        params += [("per_page", self.options.get("per_page", 100)), ("order", "newest")]
        yield self.request(self.api_url("/documents.json", params), self.parse_results,
                           cb_kwargs={"page": 1})

    @json_page
    def parse_results(self, response: Response, data: Any, page: int) -> Iterator[Any]:
        if not isinstance(data, dict) or "count" not in data:
            raise_envelope(data)
        if data.get("errors"):
            self.page_failed("api_error", f"{response.url}: the API says {data['errors']}")
            return
        records = data.get("results")
        if records is None and data.get("count") == 0:
            records = []  # an empty search has no `results` at all
        if not isinstance(records, list):
            raise_envelope(data)
        next_url = data.get("next_page_url")
        if next_url:
            if page >= int(self.options.get("max_pages", 100)):
                self.page_failed("too_many_pages", f"stopped after {page} pages (max_pages)")
            else:
                yield self.request(self.source.rebase(next_url), self.parse_results,
                                   cb_kwargs={"page": page + 1})
        yield from self.map_records(records, self.map_document,
                                    key=lambda r: r.get("document_number"))

    def map_document(self, record: Record) -> dict[str, Any]:
        return map_document(record, self.source.id)


def raise_envelope(data: Any) -> None:
    keys = ", ".join(sorted(data)) if isinstance(data, dict) else type(data).__name__
    raise PageError("unexpected_envelope", f"not a Federal Register result set ({keys})")


def _agencies(record: Record) -> list[str]:
    names = []
    for entry in record.take("agencies", []) or []:
        child = record.child(entry, "agencies")
        name = child.optional("name") or child.optional("raw_name")
        child.ignore(_AGENCY_KEYS)
        record.absorb(child)
        if name:
            names.append(str(name))
    listed = record.take("agency_names", []) or []
    return list(dict.fromkeys([*names, *map(str, listed)]))


def map_document(record: Record, source: str) -> dict[str, Any]:
    """One Federal Register document as a notice item."""
    number = str(record.require("document_number")).strip()
    title = record.take("title")
    abstract = record.take("abstract")
    excerpts = record.take("excerpts")
    if not (title or abstract):
        raise RecordSkipped(f"{number}: no title and no abstract")
    cited = find_symbols(" ".join(str(t) for t in (title, abstract, excerpts) if t))
    links = [link for link in (record.take("pdf_url"),) if link]
    extra = {
        "fr_type": record.take("type"),
        "action": record.take("action"),
        "citation": record.take("citation"),
        "docket_ids": record.take("docket_ids"),
        "regulation_id_numbers": record.take("regulation_id_numbers"),
    }
    return notice_item(
        source,
        external_id=number,
        domain="regulation",
        doc_type="regulation",
        member="USA",
        agency="; ".join(_agencies(record)) or None,
        title=title,
        description=abstract,
        distribution_date=record.take("publication_date"),
        comment_deadline=record.take("comments_close_on"),
        entry_into_force_date=record.take("effective_on"),
        url=record.take("html_url"),
        links=links,
        cited_symbols=[str(s) for s in cited],
        language="en",
        extra={k: v for k, v in extra.items() if v not in (None, [], "")},
    )
