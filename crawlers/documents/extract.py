"""Bytes of a fetched document to plain text: PDF, DOCX, HTML or text, detected by content first
and by file name or content type only where the content does not say."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from crawlers.documents.docx_text import docx_text
from crawlers.documents.errors import DocumentError
from crawlers.documents.html_text import html_text
from crawlers.documents.pdf_text import pdf_text

_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|div|table|p)\b", re.I | re.S
)
_HTML_TAGS = re.compile(rb"</?(?:p|div|td|tr|table|br|span|body|html)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    format: str  # pdf, docx, html, text


def sniff_format(data: bytes, name: str | None = None, content_type: str | None = None) -> str:
    """pdf, docx, html or text; raises DocumentError for formats we do not read."""
    head = data[:2048]
    hint = f"{name or ''} {content_type or ''}".lower()
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return "docx"
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise DocumentError("a legacy binary Word (.doc) or Excel file: convert it to DOCX or PDF")
    if head[:5] == b"{\\rtf":
        raise DocumentError("an RTF file: convert it to DOCX or PDF")
    if _HTML_START.match(head) or ("html" in hint and _HTML_TAGS.search(head)):
        return "html"
    if ".pdf" in hint or "application/pdf" in hint:
        raise DocumentError("named as a PDF but the content is not a PDF (no %PDF- header)")
    return "text"


def extract_text(
    data: bytes, name: str | None = None, content_type: str | None = None
) -> Extracted:
    """The document's text. Raises DocumentError with a readable reason when there is none."""
    if not data or not data.strip():
        raise DocumentError("the file is empty")
    kind = sniff_format(data, name, content_type)
    if kind == "pdf":
        text = pdf_text(data)
    elif kind == "docx":
        text = _docx(data)
    elif kind == "html":
        text = html_text(data)
    else:
        text = decode_text(data)
    if not text.strip():
        raise DocumentError(f"the {kind.upper()} document holds no text")
    return Extracted(text, kind)


def _docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"a damaged ZIP/DOCX file: {exc}") from exc
    if "word/document.xml" not in names:
        raise DocumentError("a ZIP file that is not a Word document (no word/document.xml)")
    return docx_text(data)


def decode_text(data: bytes) -> str:
    """Plain text in whatever encoding it came: BOMs, UTF-8, then GB18030 (Chinese platforms),
    then Windows-1252. Binary junk is refused rather than turned into mojibake."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError("binary data, not a text document")
    text = _decode(data)
    sample = text[:20000]
    bad = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    if bad > max(3, len(sample) // 50):
        raise DocumentError("binary data, not a text document")
    return text


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Chinese legacy encodings put high bytes in pairs; Windows-1252 accents stand alone.
    pairs = len(re.findall(rb"[\x80-\xff]{2}", data))
    single = len(re.findall(rb"(?<![\x80-\xff])[\x80-\xff](?![\x80-\xff])", data))
    if pairs > single:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            pass
    return data.decode("cp1252", errors="replace")
