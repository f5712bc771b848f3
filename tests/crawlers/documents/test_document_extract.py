"""Bytes to text: formats told by content, encodings of Chinese and Latin pages, and a clear
DocumentError for what is not a readable document."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from crawlers.documents import DocumentError, parse_document
from crawlers.documents.extract import extract_text, sniff_format
from crawlers.documents.samples import has_sample_header, sample_body
from tests.crawlers.documents.pdfwriter import make_pdf

ZH = (
    "通报号: G/SPS/N/USA/2589\n通报日期:02013-10-24\n1 通报成员:美国\n2 负责部门:美国环保署\n"
    "3 覆盖的产品:油菜籽种子\n"
)
ES = (
    "G/TBT/N/DOM/27 17 de mayo de 2006 NOTIFICACIÓN 1. Miembro que notifica: REPÚBLICA "
    "DOMINICANA 2. Organismo responsable: Dirección General de Normas y Sistemas de Calidad"
)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"%PDF-1.4\n garbage that is no PDF at all", "unreadable PDF"),
        (b"PK\x03\x04 not really a zip", "damaged ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
        (b"{\\rtf1\\ansi text}", "RTF"),
    ],
)
def test_unreadable_input_raises_a_clear_document_error(data: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        parse_document(data)


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(DocumentError, match="not a Word document"):
        parse_document(out.getvalue(), name="notification.docx")


def test_a_pdf_without_a_text_layer_is_refused() -> None:
    with pytest.raises(DocumentError, match="no text layer"):
        parse_document(make_pdf([""]))


def test_text_named_as_a_pdf_is_refused() -> None:
    with pytest.raises(DocumentError, match="not a PDF"):
        extract_text(b"Service temporarily unavailable", name="19_0567_00_e.pdf")


def test_formats_are_told_by_content_before_names() -> None:
    assert sniff_format(make_pdf(["x"]), "page.html") == "pdf"
    assert sniff_format(b"<!DOCTYPE html><html><body>x</body></html>", "a.pdf") == "html"
    assert sniff_format(b"<div>x</div>", None, "text/html; charset=utf-8") == "html"
    assert sniff_format(ES.encode(), "notice.txt") == "text"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_chinese_text_is_decoded_in_any_usual_encoding(encoding: str) -> None:
    doc = parse_document(ZH.encode(encoding))
    assert doc.symbols == ["G/SPS/N/USA/2589"]
    assert doc.member_name == "美国" and doc.products == "油菜籽种子"


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1"])
def test_spanish_text_is_decoded_in_any_usual_encoding(encoding: str) -> None:
    doc = parse_document(ES.encode(encoding))
    assert doc.member_name == "REPÚBLICA DOMINICANA"
    assert doc.agency == "Dirección General de Normas y Sistemas de Calidad"


def test_an_html_page_without_a_charset_in_gbk_is_decoded() -> None:
    page = f"<html><body><table><tr><td>{ZH}</td></tr></table></body></html>".encode("gbk")
    assert parse_document(page).products == "油菜籽种子"


def test_scripts_and_styles_of_a_page_are_not_text() -> None:
    page = (
        b"<html><head><style>p{}</style><script>var x = 'Agency responsible: fake';</script>"
        b"</head><body><p>1. Notifying Member: Japan</p></body></html>"
    )
    text = extract_text(page).text
    assert "fake" not in text and "Notifying Member: Japan" in text


def test_the_sample_header_is_recognised_and_cut() -> None:
    text = "SOURCE: https://example.org\n(note)\nDOCUMENT SYMBOL: X\n---\nbody\n[copy ends here]\n"
    assert has_sample_header(text)
    body = sample_body(text)
    assert (body.text, body.had_header, body.truncated) == ("body", True, True)


def test_a_document_with_a_rule_of_dashes_is_not_taken_for_a_sample() -> None:
    text = "Committee on Technical Barriers to Trade\n---\nNOTIFICATION"
    assert not has_sample_header(text)
    assert sample_body(text).text == text
    assert sample_body(text, body_only=True).text == "NOTIFICATION"


def test_body_only_on_a_file_without_a_header_line_is_an_error() -> None:
    with pytest.raises(DocumentError, match="no '---' line"):
        parse_document(ES.encode(), body_only=True)
