"""One notification in form layout (WTO boxes in any language, addenda, Chinese translation
pages, ePing field pages, enquiry-point pages) read into a ParsedDocument."""

from __future__ import annotations

import re

from crawlers.documents import checkboxes, prose
from crawlers.documents.addendum import set_free_body, set_reasons
from crawlers.documents.content import set_content
from crawlers.documents.dates import DateReader, numeric_order
from crawlers.documents.header import Header, body_after, body_start, read_header
from crawlers.documents.identity import set_identity
from crawlers.documents.language import content_language, language_code
from crawlers.documents.result import ParsedDocument
from crawlers.documents.segment import Segments, segment
from crawlers.documents.values import date_text, one_line, urls
from crawlers.documents.view import SlotView
from warning.core.symbols import find_symbols

_DATE_FIELDS = (
    ("adoption", "adoption_date", "adoption_text"),
    ("entry_into_force", "entry_into_force_date", "entry_into_force_text"),
    ("comment_deadline", "comment_deadline", "comment_deadline_text"),
)
_EPING_PAGE = {"通告成员", "通告描述", "文档编号", "通告发布时间"}
_NO_LINKS = {"ignore", "section_en"}


def parse_form(text: str, key: str) -> ParsedDocument:
    segments = segment(text, key)
    view = SlotView(text, segments)
    header = read_header(text, key, segments.first_label, view.loose)
    doc = ParsedDocument()
    for message in segments.unknown:
        doc.warn(message)
    set_identity(doc, view, header)
    langs = segments.langs()
    reader = DateReader(order=numeric_order(text), yearfirst=langs.count("zh") * 2 > len(langs))
    set_content(doc, view)
    _set_header_facts(doc, view, header, reader)
    _set_dates(doc, view, reader)
    comm = header.communication
    start = body_start(header, segments.first_label)
    if start is not None:
        body = body_after(text, start, segments.first_label)
        set_free_body(doc, view, body if comm else _without_lead_sentence(body))
    set_reasons(doc, view, reader)
    _deadline_from_words(doc, reader)
    doc.language = content_language(doc.title, doc.description, doc.products) or _label_language(
        langs
    )
    _set_links(doc, segments, text, comm.end if comm else None)
    doc.layout = _layout(segments, comm is not None)
    return doc


def _without_lead_sentence(body: str) -> str:
    """The first paragraph after the heading is the (unrecognised) communication sentence."""
    parts = re.split(r"\n[ \t]*\n", body, maxsplit=1)
    if len(parts) == 2 and re.match(r"(?i)\s*(?:the following|la communication|la siguiente)",
                                    parts[0]):
        return parts[1]
    return body


def _set_header_facts(
    doc: ParsedDocument, view: SlotView, header: Header, reader: DateReader
) -> None:
    written = one_line(view.text("distribution_date")) or header.distribution_text
    doc.distribution_date = reader.read(written)
    doc.original_language = (
        language_code(one_line(view.text("original_language"))) or header.original_language
    )
    if header.job_number:
        doc.extra["job_number"] = header.job_number
    if header.communication and header.communication.date_text:
        communicated = reader.read(header.communication.date_text)
        doc.extra["communication_date"] = communicated.isoformat() if communicated else None


def _set_dates(doc: ParsedDocument, view: SlotView, reader: DateReader) -> None:
    for slot, date_attr, text_attr in _DATE_FIELDS:
        text = date_text(checkboxes.date_box_text(view.text(slot) or ""))
        setattr(doc, text_attr, text)
        setattr(doc, date_attr, reader.read(text))
        if reader.verdict(text) == "unknown":
            doc.warn(f"{slot}: no date understood in {text!r}")
    publication = one_line(checkboxes.date_box_text(view.text("publication") or ""))
    if publication:
        value = reader.read(publication)
        doc.extra["publication_date"] = value.isoformat() if value else None
        doc.extra["publication_text"] = publication


def _deadline_from_words(doc: ParsedDocument, reader: DateReader) -> None:
    """A comment deadline written only in the description ("Comments are due by …")."""
    if doc.comment_deadline is not None or (
        doc.comment_deadline_text and reader.verdict(doc.comment_deadline_text) != "empty"
    ):
        return
    found = prose.deadline_sentence(doc.description, reader)
    if found is not None:
        doc.comment_deadline_text, doc.comment_deadline = found
        doc.warn("comment deadline taken from the description")


def _set_links(doc: ParsedDocument, segments: Segments, text: str, body_start: int | None) -> None:
    sources = [slot.raw for slot in segments.slots if slot.name not in _NO_LINKS]
    if body_start is not None:
        sources.append(text[body_start : segments.first_label])
    for source in sources:
        for url in urls(source):
            if url not in doc.links:
                doc.links.append(url)
    own = set(doc.symbols)
    cited = [str(s) for s in find_symbols(text)]
    doc.cited_symbols = [s for s in dict.fromkeys(cited) if s not in own]


def _label_language(langs: list[str]) -> str | None:
    counted = [lang for lang in langs if lang != "vi"]
    return max(set(counted), key=counted.count) if counted else None


def _layout(segments: Segments, communication: bool) -> str:
    labels = {slot.label for slot in segments.slots}
    if any(slot.lang == "vi" for slot in segments.slots):
        return "enquiry-point-page"
    if labels & _EPING_PAGE or any("通告" in label for label in labels):
        return "eping-page"
    if any(slot.lang == "zh" for slot in segments.slots):
        return "cn-platform"
    if any(slot.name.startswith("reason") for slot in segments.slots):
        return "wto-addendum"
    if communication:
        return "wto-free-text-addendum"
    return "wto-form"
