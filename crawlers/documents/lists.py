"""Documents that list several notifications: the Secretariat's monthly lists (G/SPS/GEN/…),
enquiry points' tables (one cell per line), ePing export tables and the BIS bulletin. The first
record is the result; the others are summarised in `other_records` (docs/document-parser.md)."""

from __future__ import annotations

import re

from crawlers.documents.bulletin import is_bulletin, parse_bulletin
from crawlers.documents.dates import DateReader, numeric_order
from crawlers.documents.exports import is_export, parse_export
from crawlers.documents.identity import find_member
from crawlers.documents.language import content_language, language_code
from crawlers.documents.normalise import fold
from crawlers.documents.records import OBJECTIVE_RX, Found, combine, record_for, symbols_at
from crawlers.documents.result import ParsedDocument
from crawlers.documents.values import join_lines, paragraph_list

_MONTHLY = re.compile(
    r"notifications (?:issued|circulated|distributed) during the month|notifications publiees au "
    r"cours du mois|notificaciones (?:distribuidas|publicadas) (?:durante|en) el mes"
)
_LIST_SYMBOL = re.compile(r"G\s*/\s*(?:SPS|TBT)\s*/\s*GEN\s*/\s*\d+", re.I)
_PAGE_JUNK = re.compile(
    r"^[ \t]*(?:\(\d{1,3}\)|G/(?:SPS|TBT)/GEN/\d+[ \t]*Page[ \t]*\d+|\(si mentionn[ée]\)[^\n]*|"
    r"\(if (?:any|mentioned)\)[^\n]*)[ \t]*$",
    re.M | re.I,
)
_DATE_AT_START = re.compile(
    r"^\s*(\d{1,2}(?:er|st|nd|rd|th)?\s+(?:de\s+)?[^\W\d_]{3,10}\.?\s+(?:de\s+)?\d{4}|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})"
)
_DEADLINE_LIKE = re.compile(
    r"\d{4}|n\.\s?d\.|n/a|\bjours?\b|\bdays?\b|\bd[ií]as\b|pour le|by\b|\bmois\b|\bmonths?\b",
    re.I,
)
_NOT_STATED = re.compile(r"^(?:n\.\s?d\.|n/a|n\.a\.|none|aucune?)\s*", re.I)
_LINK_LANG = re.compile(r"^(?:EN|FR|ES|En|Fr|Es)$")


def parse_list(text: str, key: str) -> ParsedDocument | None:
    """A ParsedDocument when the text is a list of notifications, else None."""
    if _MONTHLY.search(key):
        return _monthly(text)
    if is_export(key):
        return parse_export(text, key)
    if is_bulletin(key):
        return parse_bulletin(text)
    lined = _symbol_lines(text)
    if _is_line_list(text, lined):
        return _line_list(text, lined)
    return None


def _is_line_list(text: str, lined: list[tuple[int, Found]]) -> bool:
    """Two or more different symbols, each on a line of its own under a member's name (a page
    that shows one notification twice is not a list)."""
    if len({str(item.symbol) for _, item in lined}) < 2:
        return False
    lines = text.split("\n")
    named = 0
    for number, _ in lined:
        before = [line.strip() for line in lines[:number] if line.strip()]
        named += bool(before) and find_member(before[-1]) is not None
    return named * 2 > len(lined)


def _monthly(text: str) -> ParsedDocument:
    listed = _LIST_SYMBOL.search(text)
    text = _PAGE_JUNK.sub("", text)
    found = symbols_at(text)
    reader = DateReader(order=numeric_order(text))
    if not found:
        doc = ParsedDocument(layout="monthly-list")
        doc.warn("a monthly list in which no notification symbol was found")
        return doc
    records = [
        _monthly_record(item, text[item.end : nxt.start if nxt else len(text)], reader, nxt is None)
        for item, nxt in zip(found, [*found[1:], None], strict=True)
    ]
    doc = combine(records, "monthly-list")
    if listed:
        doc.extra["list_symbol"] = re.sub(r"\s+", "", listed.group(0))
    doc.language = content_language(*(r.get("title") for r in doc.other_records), doc.title)
    return doc


def _monthly_record(item: Found, chunk: str, reader: DateReader, last: bool) -> ParsedDocument:
    """Symbol, date, region + product, objectives, deadline; the next member's name last."""
    record = record_for(item.symbol)
    dated = _DATE_AT_START.match(chunk)
    if dated:
        record.distribution_date = reader.read(dated.group(1))
        chunk = chunk[dated.end() :]
    matches = list(OBJECTIVE_RX.finditer(fold(chunk)))
    head = chunk[: matches[0].start()] if matches else chunk
    tail = chunk[matches[-1].end() :] if matches else ""
    record.objectives = list(
        dict.fromkeys(join_lines(chunk[m.start() : m.end()].split("\n")) for m in matches)
    )
    _region_and_product(record, head)
    deadline, unread = _deadline_lines(tail, last)
    if deadline:
        record.comment_deadline_text = deadline
        record.comment_deadline = reader.read(deadline)
    for line in unread:
        record.warn(f"text after the objectives not read: {line!r}")
    return record


def _region_and_product(record: ParsedDocument, head: str) -> None:
    """The region column, then the product column. Paragraphs ending in a comma continue the
    region; "n.d." is a region not stated. When both stand in one line they cannot be told
    apart, and the title keeps both."""
    parts = paragraph_list(head)
    merged: list[str] = []
    for part in parts:
        if merged and re.search(r"(?:,|\bet|\by|\band)$", merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    if len(merged) == 1 and _NOT_STATED.match(merged[0]):
        stated = _NOT_STATED.match(merged[0])
        merged = (
            [merged[0][: stated.end()].strip(), merged[0][stated.end() :]] if stated else merged
        )
    if len(merged) >= 2:
        record.regions, record.title = merged[0], " ".join(merged[1:])
    elif merged:
        record.title = merged[0]
        record.warn("region and product columns run together; both kept in the title")


def _deadline_lines(tail: str, last: bool) -> tuple[str | None, list[str]]:
    """The deadline column, and the lines that are not part of it. The last of those before
    the next record is that record's member (the list's first column), which is expected."""
    lines = [line.strip() for line in tail.split("\n") if line.strip()]
    kept = [line for line in lines if _DEADLINE_LIKE.search(line)]
    other = [line for line in lines if line not in kept]
    if other and not last:
        other = other[:-1]
    return " ".join(kept) or None, other


def _symbol_lines(text: str) -> list[tuple[int, Found]]:
    """(line number, symbol) for the lines that hold nothing but one symbol."""
    found = []
    for number, line in enumerate(text.split("\n")):
        items = symbols_at(line)
        if (
            len(items) == 1
            and not line[: items[0].start].strip()
            and not line[items[0].end :].strip(" .;,")
        ):
            found.append((number, items[0]))
    return found


def _line_list(text: str, lined: list[tuple[int, Found]]) -> ParsedDocument:
    """An enquiry point's table with one cell per line: member, symbol, link, title, deadline."""
    lines = text.split("\n")
    reader = DateReader(order=numeric_order(text))
    records = []
    for index, (number, item) in enumerate(lined):
        end = lined[index + 1][0] if index + 1 < len(lined) else len(lines)
        cells = [line.strip() for line in lines[number + 1 : end] if line.strip()]
        if index + 1 < len(lined) and cells:
            cells = cells[:-1]  # the next record's member
        before = [line.strip() for line in lines[:number] if line.strip()]
        records.append(_line_record(item, before[-1] if before else None, cells, reader))
    doc = combine(records, "notification-list")
    doc.language = content_language(text)
    return doc


def _line_record(
    item: Found, member_line: str | None, cells: list[str], reader: DateReader
) -> ParsedDocument:
    record = record_for(item.symbol)
    named = find_member(member_line)
    if named is not None:
        record.member_name = member_line
        if record.member != named.code:
            record.warn(f"listed under {named.code} but the symbol is {record.member}'s")
    title = []
    for cell in cells:
        if _LINK_LANG.match(cell):
            record.extra["link_language"] = language_code(
                {"en": "english", "fr": "french", "es": "spanish"}[cell.lower()]
            )
        elif cell is cells[-1] and len(cells) > 1 and _is_deadline_cell(cell, reader):
            record.comment_deadline_text = cell
            record.comment_deadline = reader.read(cell)
        else:
            title.append(cell)
    record.title = " ".join(title) or None
    return record


def _is_deadline_cell(cell: str, reader: DateReader) -> bool:
    """A comments-due cell: a date, or a short "NA - …" / "n.d." note."""
    return len(cell) <= 60 and (
        reader.read(cell) is not None
        or bool(_NOT_STATED.match(cell))
        or bool(re.match(r"NA\b", cell))
    )
