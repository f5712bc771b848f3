"""The draft comment letter to a notifying member's enquiry point: composed from the notice and
the experts' points (pure), and written as a DOCX document (python-docx)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from warning.core.members import member_of

DEFAULT_SENDER = "China WTO/{domain} National Notification Authority and Enquiry Point"
LETTER_STATUSES = ("comment_drafting", "comment_sent")


@dataclass(frozen=True)
class LetterInput:
    symbol: str
    title: str
    domain: str
    member_code: str | None
    member_name: str | None
    distribution_date: date | None
    comment_deadline: date | None
    points: Sequence[str]


@dataclass(frozen=True)
class Letter:
    date: str
    addressee: list[str]
    subject: str
    salutation: str
    paragraphs: list[str]
    closing: str
    signature: str
    filename: str


# XML (and so DOCX) cannot hold these control characters; a pasted note may contain them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text).strip()


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _member(letter: LetterInput) -> str:
    found = member_of(letter.member_code) if letter.member_code else None
    return found.name_en if found else (letter.member_name or letter.member_code or "the Member")


def _agreement(domain: str) -> tuple[str, str]:
    if domain == "SPS":
        return "SPS", "Agreement on the Application of Sanitary and Phytosanitary Measures"
    return "TBT", "Agreement on Technical Barriers to Trade"


def compose_letter(item: LetterInput, *, today: date, sender: str | None = None) -> Letter:
    """The letter in English: addressed to the member's enquiry point, citing the symbol, the
    title and the comment deadline, with each expert's point as a paragraph."""
    short, agreement = _agreement(item.domain)
    member = _clean(_member(item))
    title = _clean(item.title)
    circulated = (
        f", circulated on {_long_date(item.distribution_date)}" if item.distribution_date else ""
    )
    deadline = (
        f" The comment period closes on {_long_date(item.comment_deadline)}; we submit these "
        "comments within it."
        if item.comment_deadline
        else ""
    )
    opening = (
        f"China thanks {member} for notification {item.symbol}{circulated}, “{title}”, "
        f"made under the {agreement}, and for the opportunity to comment on it.{deadline}"
    )
    points = [_clean(p) for p in item.points if _clean(p)]
    body = [f"{i}. {p}" for i, p in enumerate(points, 1)] if len(points) > 1 else points
    request = (
        f"China would be grateful if {member} took these comments into account before adopting "
        "the measure, provided a written reply, and allowed a reasonable interval between "
        "publication and entry into force so that exporters can adapt."
    )
    safe_symbol = "".join(c if c.isalnum() else "-" for c in item.symbol).strip("-")
    return Letter(
        date=_long_date(today),
        addressee=[f"WTO {short} Enquiry Point", member],
        subject=f"Comments of China on {item.symbol}: {title}",
        salutation="Dear Sir or Madam,",
        paragraphs=[opening, *body, request],
        closing="Yours faithfully,",
        signature=(sender or DEFAULT_SENDER).format(domain=short),
        filename=f"comments-{safe_symbol or 'notice'}.docx",
    )


def letter_docx(letter: Letter) -> bytes:
    """The letter as a Word document."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11.5)
    document.add_paragraph(letter.date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in letter.addressee:
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    subject = document.add_paragraph()
    subject.paragraph_format.space_before = Pt(12)
    subject.add_run(letter.subject).bold = True
    document.add_paragraph(letter.salutation)
    for text in letter.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.add_paragraph(letter.closing)
    document.add_paragraph(letter.signature)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
