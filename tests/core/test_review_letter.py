"""The draft comment letter: what it cites, the experts' points as paragraphs, the DOCX file."""

from __future__ import annotations

from datetime import date
from io import BytesIO

from docx import Document

from warning.core.letter import LetterInput, compose_letter, letter_docx

ITEM = LetterInput(
    symbol="G/TBT/N/EU/1004",
    title="Draft Commission Regulation on batteries",
    domain="TBT",
    member_code="EU",
    member_name=None,
    distribution_date=date(2026, 3, 2),
    comment_deadline=date(2026, 5, 1),
    points=["The labelling deadline is too short.", "  ", "Test methods should follow IEC."],
)


def test_it_is_addressed_to_the_members_enquiry_point_and_cites_the_notice() -> None:
    letter = compose_letter(ITEM, today=date(2026, 4, 10))
    assert letter.addressee == ["WTO TBT Enquiry Point", "European Union"]
    assert letter.subject == "Comments of China on G/TBT/N/EU/1004: " + ITEM.title
    opening = letter.paragraphs[0]
    assert "G/TBT/N/EU/1004" in opening and ITEM.title in opening
    assert "2 March 2026" in opening and "1 May 2026" in opening
    assert letter.date == "10 April 2026"
    assert letter.signature.startswith("China WTO/TBT")
    assert letter.filename == "comments-G-TBT-N-EU-1004.docx"


def test_each_experts_point_is_a_numbered_paragraph_and_blank_ones_are_dropped() -> None:
    letter = compose_letter(ITEM, today=date(2026, 4, 10))
    assert letter.paragraphs[1:3] == [
        "1. The labelling deadline is too short.",
        "2. Test methods should follow IEC.",
    ]
    single = compose_letter(
        LetterInput(**{**ITEM.__dict__, "points": ["Only one."]}), today=date(2026, 4, 10)
    )
    assert single.paragraphs[1] == "Only one."


def test_an_sps_notice_goes_to_the_sps_enquiry_point_without_a_deadline_sentence() -> None:
    item = LetterInput(
        **{**ITEM.__dict__, "domain": "SPS", "member_code": "JPN", "comment_deadline": None}
    )
    letter = compose_letter(item, today=date(2026, 4, 10))
    assert letter.addressee == ["WTO SPS Enquiry Point", "Japan"]
    assert "Sanitary and Phytosanitary" in letter.paragraphs[0]
    assert "closes on" not in letter.paragraphs[0]


def test_the_docx_holds_the_whole_letter_even_with_control_characters_in_a_note() -> None:
    item = LetterInput(**{**ITEM.__dict__, "points": ["Bad\x00 char\x0b here.", "Second."]})
    document = Document(BytesIO(letter_docx(compose_letter(item, today=date(2026, 4, 10)))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Comments of China on G/TBT/N/EU/1004" in text
    assert "1. Bad char here." in text and "2. Second." in text
    assert "Yours faithfully," in text and "European Union" in text
