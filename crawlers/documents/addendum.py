"""Addenda and corrigenda: the reason boxes ticked (and the dates and texts written beside them),
the SPS comment period, the free text of old-style addenda, and what an addendum without reason
boxes says in words."""

from __future__ import annotations

import re

from crawlers.documents import checkboxes, prose
from crawlers.documents.dates import DateReader
from crawlers.documents.result import ParsedDocument
from crawlers.documents.segment import Slot
from crawlers.documents.values import one_line, paragraph_list, paragraphs
from crawlers.documents.view import SlotView
from warning.core.store.record import ADDENDUM_REASONS

# Which date field the date written beside a ticked reason fills.
_REASON_DATES = {
    "comment_period_changed": "comment_deadline",
    "adopted": "adoption",
    "entered_into_force": "entry_into_force",
    "published": "publication",
    "withdrawn": "withdrawal",
}
_INSTRUCTION = re.compile(r"^\s*\((?:if the addendum|si l'addendum|si la adici[oó]n)[^)]*\)?", re.I)


def set_reasons(doc: ParsedDocument, view: SlotView, reader: DateReader) -> None:
    slots = view.slots("reason.")
    if slots:
        _from_boxes(doc, slots, reader)
        _dates_from_words(doc, reader)
    elif doc.doc_type == "addendum":
        _from_words(doc, reader)
    new_deadline = one_line(view.text("new_deadline"))
    if new_deadline:
        _date_beside(doc, "comment_deadline", new_deadline, reader)
    period = view.text("comment_period")
    if period and doc.comment_deadline_text is None:
        text = one_line(checkboxes.date_box_text(_INSTRUCTION.sub("", period)))
        if text:
            _date_beside(doc, "comment_deadline", text, reader)


def _from_boxes(doc: ParsedDocument, slots: list[Slot], reader: DateReader) -> None:
    if all(slot.checked is None for slot in slots):
        doc.warn("addendum reasons are listed without tick marks; reasons not read")
        return
    for slot in slots:
        reason = slot.name.removeprefix("reason.")
        if reason not in ADDENDUM_REASONS:  # a label table naming a slug the store lacks
            doc.warn(f"unknown addendum reason {reason!r} ignored")
            continue
        value = one_line(slot.raw)
        if not slot.checked:
            if value and reader.read(value):
                doc.warn(f"a date is written beside the unticked reason {reason!r}: {value!r}")
            continue
        if reason not in doc.addendum_reasons:
            doc.addendum_reasons.append(reason)
        if reason == "other" and value:
            doc.extra["other_reason"] = value
        if reason in _REASON_DATES and value:
            _date_beside(doc, _REASON_DATES[reason], value, reader)


def _from_words(doc: ParsedDocument, reader: DateReader) -> None:
    inferred = prose.addendum_reasons(doc.description)
    if not inferred:
        doc.warn("the addendum ticks no reason box and its text names none")
        return
    for item in inferred:
        doc.addendum_reasons.append(item.reason)
        if item.date_text and item.reason in _REASON_DATES:
            _date_beside(doc, _REASON_DATES[item.reason], item.date_text, reader)
    doc.warn("addendum reasons inferred from its text: " + ", ".join(i.reason for i in inferred))


def _dates_from_words(doc: ParsedDocument, reader: DateReader) -> None:
    """A reason ticked with no date beside it, whose date the description gives ("the MRL …
    was adopted on 7 July 2013")."""
    for item in prose.addendum_reasons(doc.description):
        if (
            item.reason in doc.addendum_reasons
            and item.date_text
            and item.reason in _REASON_DATES
            and reader.read(item.date_text)
        ):
            _date_beside(doc, _REASON_DATES[item.reason], item.date_text, reader)


def _date_beside(doc: ParsedDocument, field: str, text: str, reader: DateReader) -> None:
    value = reader.read(text)
    if field in ("publication", "withdrawal"):
        doc.extra[f"{field}_date"] = value.isoformat() if value else None
        doc.extra[f"{field}_text"] = text
        return
    attr = {
        "comment_deadline": "comment_deadline",
        "adoption": "adoption_date",
        "entry_into_force": "entry_into_force_date",
    }[field]
    text_attr = {
        "comment_deadline": "comment_deadline_text",
        "adoption": "adoption_text",
        "entry_into_force": "entry_into_force_text",
    }[field]
    if getattr(doc, attr) is None and getattr(doc, text_attr) is None:
        setattr(doc, attr, value)
        setattr(doc, text_attr, text)


def set_free_body(doc: ParsedDocument, view: SlotView, body: str) -> None:
    """Text between the "following communication" sentence and the first box: the title and
    description of an SPS addendum, or the whole of an old free-text addendum."""
    if not body.strip() or view.has("description"):
        return
    parts = paragraph_list(body)
    if len(parts) >= 2 and not view.has("title"):
        doc.title = doc.title or parts[0]
        doc.description = "\n".join(parts[1:])
    else:
        doc.description = paragraphs(body)
