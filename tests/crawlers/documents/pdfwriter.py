"""A minimal PDF writer for test inputs: pages of Helvetica text lines, like a form printed from
Word. pypdf reads PDFs but cannot write text, and no PDF library is a dependency."""

from __future__ import annotations

import zlib

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
LEFT, TOP, LINE = 56, 790, 13
WRAP = 92  # characters per line at 10 pt Helvetica, roughly a Word page


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _wrap(paragraph: str) -> list[str]:
    lines, current = [], ""
    for word in paragraph.split(" "):
        if current and len(current) + 1 + len(word) > WRAP:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current]


def _page_stream(paragraphs: list[str]) -> bytes:
    """Each paragraph wrapped to lines; a blank gap of half a line between paragraphs."""
    ops = [b"BT", b"/F1 10 Tf"]
    y = TOP
    for paragraph in paragraphs:
        for line in _wrap(paragraph):
            ops.append(b"1 0 0 1 %d %d Tm (%s) Tj" % (LEFT, y, _escape(line)))
            y -= LINE
        y -= LINE // 2
    ops.append(b"ET")
    return b"\n".join(ops)


def _paginate(paragraphs: list[str]) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    used = 0
    room = (TOP - 60) // LINE
    for paragraph in paragraphs:
        need = len(_wrap(paragraph)) + 1
        if used + need > room and pages[-1]:
            pages.append([])
            used = 0
        pages[-1].append(paragraph)
        used += need
    return pages


def make_pdf(paragraphs: list[str], *, compress: bool = True) -> bytes:
    """A PDF whose pages show the paragraphs in order (Latin-1 text)."""
    pages = _paginate(paragraphs)
    objects: list[bytes] = []
    font_id = 3
    first_page = 4
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for index, page in enumerate(pages):
        content_id = first_page + 2 * index + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>".encode()
        )
        stream = _page_stream(page)
        if compress:
            stream = zlib.compress(stream)
            head = f"<< /Length {len(stream)} /Filter /FlateDecode >>".encode()
        else:
            head = f"<< /Length {len(stream)} >>".encode()
        objects.append(head + b"\nstream\n" + stream + b"\nendstream")
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
