"""What the notified measure is about: title, description, products and their HS/ICS codes,
objectives, agency, regions, keywords, and the secondary boxes kept in `extra`."""

from __future__ import annotations

import re

from crawlers.documents import checkboxes
from crawlers.documents.header import find_communication
from crawlers.documents.normalise import fold
from crawlers.documents.result import ParsedDocument
from crawlers.documents.values import (
    items,
    one_line,
    paragraphs,
    products_text,
    strip_item,
    urls,
    without_urls,
)
from crawlers.documents.view import SlotView
from warning.core.codes import CodeExtraction, parse_hs, parse_hs_field, parse_ics, parse_ics_field

# Chinese platforms write SPS box 7 as the letters of the form's options, in the form's order.
SPS_OBJECTIVES = {
    "zh": (
        "食品安全",
        "动物健康",
        "植物保护",
        "保护人类免受动/植物有害生物的危害",
        "保护国家免受有害生物的其它危害",
    ),
    "en": (
        "food safety",
        "animal health",
        "plant protection",
        "protect humans from animal/plant pest or disease",
        "protect territory from other damage from pests",
    ),
}
# Secondary boxes: slot → key in `extra`, read as one line.
_EXTRA_LINES = {
    "relevant_documents": "relevant_documents",
    "texts_available": "texts_available_from",
    "comment_agency": "comment_agency",
    "intl_standard": "international_standard",
    "urgent": "urgent_nature",
    "relevant_symbol": "relevant_symbol",
    "title_languages": "document_languages",
    "pages": "pages",
    "title_en": "title_en",
    "notified_other": "notified_under_other",
    "deviation": "deviation_from_standard",
    "attachments": "attachments",
    "conformity": "conforms_to_standard",
}


def set_content(doc: ParsedDocument, view: SlotView) -> None:
    doc.agency = one_line(view.text("agency"))
    _set_title(doc, view.text("title"))
    doc.description = _description(view.text("description"))
    _set_products(doc, view)
    _set_objectives(doc, view)
    doc.regions = _regions(view.text("regions"))
    doc.keywords = items(view.text("keywords"))
    doc.notified_under = checkboxes.articles(view.text("notified_under") or "")
    for slot, key in _EXTRA_LINES.items():
        raw = view.text(slot)
        if raw and checkboxes.has_boxes(raw):
            value: str | None = "; ".join(checkboxes.ticked(raw))
        else:
            value = one_line(raw)
        if value:
            doc.extra[key] = value


def _set_title(doc: ParsedDocument, raw: str | None) -> None:
    title = one_line(raw)
    if title and urls(title):
        doc.links.extend(u for u in urls(title) if u not in doc.links)
        title = without_urls(title)
    doc.title = title or None


def _description(raw: str | None) -> str | None:
    text = paragraphs(raw)
    if not text:
        return None
    # Translation platforms put the addendum's "communication … circulated at the request of"
    # sentence at the head of the description; it is not the measure's description.
    found = find_communication(text, fold(text))
    if found is not None and found.start < 5:
        text = text[found.end :].strip()
    return text or None


def _set_products(doc: ParsedDocument, view: SlotView) -> None:
    raw = view.text("products") or ""
    hs, ics = parse_hs(raw), parse_ics(raw)
    doc.products = products_text(raw, bool(hs.codes or ics.codes))
    for value in view.all("hs_codes"):
        hs.extend(parse_hs_field(value))
    for value in view.all("ics_codes"):
        ics.extend(parse_ics_field(value))
    doc.hs_codes, doc.ics_codes = hs.codes, ics.codes
    _report_rejected(doc, "HS", hs)
    _report_rejected(doc, "ICS", ics)


def _report_rejected(doc: ParsedDocument, kind: str, found: CodeExtraction) -> None:
    for written in found.rejected:
        doc.warn(f"{kind} code {written!r} is not in the {kind} lists; not used")


def _set_objectives(doc: ParsedDocument, view: SlotView) -> None:
    raw = view.text("objectives")
    if not raw:
        return
    if checkboxes.has_boxes(raw):
        doc.objectives = [strip_item(t) for t in checkboxes.ticked(raw) if strip_item(t)]
        return
    letters = raw.strip()
    if doc.domain == "SPS" and re.fullmatch(r"[A-E]{1,5}", letters):
        names = SPS_OBJECTIVES["zh" if view.lang("objectives") == "zh" else "en"]
        doc.objectives = [names[ord(c) - ord("A")] for c in dict.fromkeys(letters)]
        doc.extra["objective_codes"] = letters
        return
    doc.objectives = items(raw)


def _regions(raw: str | None) -> str | None:
    if raw and checkboxes.has_boxes(raw):
        return "; ".join(checkboxes.ticked(raw)) or None
    return one_line(raw)
