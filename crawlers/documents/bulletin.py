"""Enquiry-point bulletins laid out as "TBT Notification <symbol> No Country … Product … Title …
Contents … Last Date For Comment …" blocks (the BIS India abstracts), whose column text runs
together when copied: labels are found even without spaces around them."""

from __future__ import annotations

import re

from crawlers.documents.dates import DateReader, numeric_order
from crawlers.documents.identity import find_member
from crawlers.documents.language import content_language
from crawlers.documents.records import combine, record_for, symbols_at
from crawlers.documents.result import ParsedDocument
from crawlers.documents.values import products_text
from warning.core.codes import parse_hs, parse_ics

_RECORD = re.compile(r"(?:TBT|SPS) Notification\s*(?=G\s*/\s*(?:TBT|TB|SPS)\s*/)", re.I)
_FIELDS = re.compile(
    r"^(?P<symbol>\S+?)\s*No\.?\s*\d*\s*Country\s*(?P<country>.*?)\s*Product\s*(?P<product>.*?)"
    r"\s*Title\s*(?P<rest>.*)$",
    re.S,
)
_INNER_LABELS = re.compile(r"Contents|Last\s*Date\s*For\s*Comment")
_NUMERIC_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
# A WTO title ends with its page count: "(available in Arabic, 42 pages & English, 33 pages)."
_TITLE_END = re.compile(r"\([^()]*\bpages?\b[^()]*\)\.?")


def is_bulletin(key: str) -> bool:
    return bool(re.search(r"(?:tbt|sps) notification\s*g\s*/\s*(?:tbt|tb|sps)\s*/", key))


def parse_bulletin(text: str) -> ParsedDocument:
    marks = list(_RECORD.finditer(text))
    starts = [m.end() for m in marks]
    ends = [m.start() for m in marks[1:]] + [len(text)]
    reader = DateReader(order=numeric_order(text))
    read = [_record(text[start:end], reader) for start, end in zip(starts, ends, strict=True)]
    records = [r for r in read if r is not None]
    if not records:
        doc = ParsedDocument(layout="enquiry-point-bulletin")
        doc.warn("a bulletin in which no notification could be read")
        return doc
    doc = combine(records, "enquiry-point-bulletin")
    if starts and text[: starts[0]].strip(" \n") and _RECORD.split(text)[0].strip():
        doc.warn("text before the first notification (no symbol) is not read")
    doc.language = content_language(doc.title, doc.description)
    return doc


def _record(chunk: str, reader: DateReader) -> ParsedDocument | None:
    found = symbols_at(chunk)
    if not found:
        return None
    record = record_for(found[0].symbol)
    fields = _FIELDS.match(chunk[found[0].start :])
    if fields is None:
        record.warn("the bulletin's Country / Product / Title labels are missing")
        return record
    country = fields.group("country").strip()
    named = find_member(country)
    record.member_name = country or None
    if named is not None and named.code != record.member:
        record.warn(f"listed under {named.code} but the symbol is {record.member}'s")
    product = fields.group("product").strip()
    record.hs_codes, record.ics_codes = parse_hs(product).codes, parse_ics(product).codes
    record.products = products_text(product, bool(record.hs_codes or record.ics_codes))
    _title_and_contents(record, fields.group("rest"), reader)
    return record


def _title_and_contents(record: ParsedDocument, rest: str, reader: DateReader) -> None:
    rest = _INNER_LABELS.sub(" ", rest)
    dates = list(_NUMERIC_DATE.finditer(rest))
    if dates:
        record.comment_deadline_text = dates[-1].group(0)
        record.comment_deadline = reader.read(dates[-1].group(0))
        rest = rest[: dates[-1].start()] + rest[dates[-1].end() :]
    rest = " ".join(rest.split())
    end = _TITLE_END.search(rest)
    if end is None:
        record.title = rest or None
        record.warn("title and contents could not be told apart")
        return
    record.title = re.sub(r'^"\s+', '"', rest[: end.end()].strip())
    record.description = rest[end.end() :].strip() or None
