"""Text of a PDF with pypdf, keeping paragraph breaks: a vertical gap clearly larger than the
usual line spacing becomes a blank line, because addenda without labels (the SPS form) are
split into title and description by paragraph."""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from io import BytesIO
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from crawlers.documents.errors import DocumentError

log = logging.getLogger(__name__)
_GAP_FACTOR = 1.3


def pdf_text(data: bytes) -> str:
    """All pages' text; DocumentError for a broken, encrypted or image-only PDF."""
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError("the PDF is encrypted and needs a password")
        pages = [_page_text(page) for page in reader.pages]
    except DocumentError:
        raise
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        RecursionError,
        ZeroDivisionError,
    ) as exc:
        raise DocumentError(f"an unreadable PDF: {exc or type(exc).__name__}") from exc
    # Pages join with a plain line break: a paragraph often goes on over the page break.
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise DocumentError("the PDF has no text layer (a scanned image?)")
    return text


def _page_text(page: Any) -> str:
    chunks: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text:
            chunks.append((text, tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    plain = page.extract_text(visitor_text=visit) or ""
    rebuilt = _with_paragraph_gaps(chunks)
    # The visitor sees exactly what extract_text emits; if not, trust pypdf's own text.
    if rebuilt.replace("\n", "") != plain.replace("\n", ""):
        log.debug("PDF visitor text differs from extract_text; paragraph gaps not restored")
        return plain
    return rebuilt


def _with_paragraph_gaps(chunks: list[tuple[str, float]]) -> str:
    starts: list[tuple[int, float]] = []  # (chunk index, y) of each line's first chunk
    new_line = True
    for index, (text, y) in enumerate(chunks):
        if new_line and text.strip():
            starts.append((index, y))
            new_line = False
        if text.endswith("\n"):
            new_line = True
    pairs = list(itertools.pairwise(starts))
    gaps = [a[1] - b[1] for a, b in pairs if a[1] - b[1] > 0.5]
    usual = _line_spacing(gaps)
    breaks = {b[0] for a, b in pairs if usual and a[1] - b[1] > usual * _GAP_FACTOR}
    return "".join(("\n" + text) if i in breaks else text for i, (text, _) in enumerate(chunks))


def _line_spacing(gaps: list[float]) -> float:
    """The spacing inside paragraphs: the smallest gap seen at least twice (a lone small gap is
    a superscript or a table cell, not a line)."""
    counts = Counter(round(gap) for gap in gaps)
    repeated = [gap for gap, n in counts.items() if n >= 2]
    return float(min(repeated or counts or [0]))
