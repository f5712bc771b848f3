"""ePing "Export to Excel" tables as republished on web pages, where cell borders are lost: the
English 2019 export (cells run together, `!ERROR!` cells from a broken conversion) and the
Spanish export (cells separated by spaces, codes as `2710 – Aceites …;`). Cells are told apart
by what they hold: a symbol, a date, a type, codes, objectives, links; the text cells left are
title, description and products, in the export's column order."""

from __future__ import annotations

import re

from crawlers.documents.dates import DateReader, numeric_order
from crawlers.documents.identity import find_member
from crawlers.documents.language import content_language
from crawlers.documents.normalise import fold
from crawlers.documents.records import OBJECTIVE_RX, Found, combine, record_for, symbols_at
from crawlers.documents.result import ParsedDocument
from crawlers.documents.values import URL, join_lines, products_text, urls
from warning.core.codes import parse_hs, parse_ics

_EN_HEADER = re.compile(r"notifying member\(s\)\s*\|?\s*symbol\s*\|?\s*title")
_ES_HEADER = re.compile(r"signatura\s+miembro que notifica\s+fecha de distribucion")
_ERROR_CELL = re.compile(r"!ERROR![^!\n]*?(?:'\"'|does not exist|\n|$)")
_GLUE = re.compile(r"(?<=[a-z.)])(?=[A-Z])|(?<=\d)(?=[A-Z][a-z])")
_TYPES = {
    "regular",
    "addendum",
    "corrigendum",
    "revision",
    "emergency",
    "ordinaria",
    "adicion",
    "correccion",
}
_DATE_CELL = re.compile(r"^\s*(?:\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\s*$")
_CODE_ENTRY = re.compile(r"(?<![\d.])\d{2,4}(?:\.\d{2,3}){0,2}\s+[–-]\s+[^;\n]*;")
_ES_ROW = re.compile(
    r"^\s*(?P<member>.+?)\s+(?P<date>\d{1,2}/\d{1,2}/\d{2,4})\s+(?P<type>\S+)\s*", re.S
)
_LINK_LABELS = re.compile(r"(?:\s+\b(?:EN|FR|ES)\b)+\s*$")


def is_export(key: str) -> bool:
    return bool(_EN_HEADER.search(key) or _ES_HEADER.search(key))


def parse_export(text: str, key: str) -> ParsedDocument:
    spanish = bool(_ES_HEADER.search(key))
    reader = DateReader(order=numeric_order(text))
    found = symbols_at(text)
    if not found:
        doc = ParsedDocument(layout="eping-export")
        doc.warn("an ePing export table in which no notification symbol was found")
        return doc
    records = []
    for item, nxt in zip(found, [*found[1:], None], strict=True):
        chunk = text[item.end : nxt.start if nxt else len(text)]
        if spanish:
            records.append(_spanish_row(item, chunk, reader))
        else:
            line_start = text.rfind("\n", 0, item.start) + 1
            member = text[line_start : item.start].strip()
            if nxt is not None:  # the next row's member stands on that row's line
                chunk = chunk[: chunk.rfind("\n") + 1] if "\n" in chunk else chunk
            records.append(_english_row(item, member, chunk, reader))
    doc = combine(records, "eping-export")
    doc.language = "es" if spanish else content_language(doc.title, doc.description) or "en"
    return doc


def _english_row(item: Found, member: str, chunk: str, reader: DateReader) -> ParsedDocument:
    record = record_for(item.symbol)
    _set_member(record, member)
    errors = len(_ERROR_CELL.findall(chunk))
    cells = [c.strip() for part in _ERROR_CELL.split(chunk) for c in _GLUE.split(part)]
    texts: list[str] = []
    for cell in (c for c in cells if c):
        _typed_cell(record, cell, texts, reader)
    for field, value in zip(("title", "description", "products"), texts, strict=False):
        setattr(record, field, value)
    if len(texts) > 3:
        record.warn(f"{len(texts) - 3} text cells beyond title, description and products")
    if errors:
        record.warn(
            f"{errors} cells are spreadsheet errors in the source page; their values are lost"
        )
    return record


def _typed_cell(record: ParsedDocument, cell: str, texts: list[str], reader: DateReader) -> None:
    key = fold(cell)
    if URL.fullmatch(cell):
        record.links.extend(u for u in urls(cell) if u not in record.links)
    elif key in _TYPES:
        record.extra["notification_type"] = cell
    elif _DATE_CELL.match(cell):
        record.distribution_date = reader.read(cell)
    elif re.match(r"(?:hs|ics) codes?\s*:", key):
        record.hs_codes += [c for c in parse_hs(cell).codes if c not in record.hs_codes]
        record.ics_codes += [c for c in parse_ics(cell).codes if c not in record.ics_codes]
    elif OBJECTIVE_RX.fullmatch(key.strip(" ;")):
        record.objectives.append(cell.strip(" ;"))
    else:
        texts.append(cell)


def _spanish_row(item: Found, chunk: str, reader: DateReader) -> ParsedDocument:
    record = record_for(item.symbol)
    row = _ES_ROW.match(chunk)
    if row is None:
        record.warn("row without member, date and type cells")
        return record
    _set_member(record, row.group("member"))
    record.distribution_date = reader.read(row.group("date"))
    record.extra["notification_type"] = row.group("type")
    rest = _LINK_LABELS.sub("", chunk[row.end() :])
    entries = list(_CODE_ENTRY.finditer(rest))
    products = rest[: entries[0].start()] if entries else rest
    codes = "\n".join(m.group(0) for m in entries)
    after = rest[entries[-1].end() :] if entries else ""
    hs, ics = parse_hs(f"{products}\n{codes}"), parse_ics(f"{products}\n{codes}")
    record.hs_codes, record.ics_codes = hs.codes, ics.codes
    record.products = products_text(
        products, bool(parse_hs(products).codes or parse_ics(products).codes)
    )
    record.objectives = [o.strip() for o in join_lines(after.split("\n")).split(";") if o.strip()]
    return record


def _set_member(record: ParsedDocument, written: str) -> None:
    record.member_name = written or None
    named = find_member(written)
    if written and named is None:
        record.warn(f"member name {written!r} not recognised")
    elif named is not None and named.code != record.member:
        record.warn(f"listed under {named.code} but the symbol is {record.member}'s")
