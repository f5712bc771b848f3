"""Text of a DOCX notification in reading order: the first page's header (where WTO documents
keep the symbol, date and committee), then paragraphs and table rows (cells joined with " | "),
with Word checkboxes (form fields, content controls, Wingdings symbols) written as [X] / [ ]."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.opc.exceptions import PackageNotFoundError

from crawlers.documents.errors import DocumentError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Wingdings / Symbol code points Word uses for ticked and empty boxes (w:sym w:char).
_SYM_CHECKED = {"F0FE", "F0FD", "F078", "F0FB", "F0FC", "F054", "2612", "2611"}
_SYM_EMPTY = {"F0A8", "F06F", "F071", "F0A1", "2610"}


def docx_text(data: bytes) -> str:
    try:
        document = Document(BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise DocumentError(f"an unreadable DOCX file: {exc}") from exc
    parts = [_header_text(document), _block_text(document.element.body)]
    return "\n".join(part for part in parts if part.strip())


def _header_text(document: Any) -> str:
    if not document.sections:
        return ""
    section = document.sections[0]
    header = section.first_page_header if section.different_first_page_header_footer else None
    if header is None or header.is_linked_to_previous:
        header = section.header
    if header.is_linked_to_previous:
        return ""
    return _block_text(header._element)


def _block_text(container: Any) -> str:
    lines: list[str] = []
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            lines.append(_paragraph_text(child))
        elif tag == f"{_W}tbl":
            lines.extend(_table_lines(child))
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            lines.append(_block_text(child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child))
    # A blank line between paragraphs: addenda without labels are split by paragraph.
    return "\n\n".join(lines)


def _table_lines(table: Any) -> list[str]:
    lines = []
    for row in table.iterchildren(f"{_W}tr"):
        cells = [_block_text(cell).strip() for cell in row.iterchildren(f"{_W}tc")]
        lines.append(" | ".join(cells))
    return lines


def _paragraph_text(paragraph: Any) -> str:
    out: list[str] = []
    _walk_runs(paragraph, out)
    return "".join(out)


def _walk_runs(element: Any, out: list[str]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == _MC_FALLBACK or tag == f"{_W}del":
            continue
        if tag == f"{_W}r":
            _run_text(child, out)
        elif tag == f"{_W}p":  # paragraphs of a text box inside this one
            out.append("\n")
            _walk_runs(child, out)
        else:
            _walk_runs(child, out)


def _run_text(run: Any, out: list[str]) -> None:
    for child in run.iterchildren():
        tag = child.tag
        if tag == f"{_W}t":
            out.append(child.text or "")
        elif tag == f"{_W}tab":
            out.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag == f"{_W}sym":
            out.append(_symbol(child.get(f"{_W}char", "")))
        elif tag == f"{_W}fldChar":
            out.append(_form_checkbox(child))
        else:
            _walk_runs(child, out)  # drawings and text boxes hold paragraphs of their own


def _symbol(code: str) -> str:
    code = code.upper()
    if code in _SYM_CHECKED:
        return "[X]"
    if code in _SYM_EMPTY:
        return "[ ]"
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


def _form_checkbox(field_char: Any) -> str:
    """A legacy FORMCHECKBOX field: its state is in ffData, not in any text."""
    if field_char.get(f"{_W}fldCharType") != "begin":
        return ""
    box = field_char.find(f"{_W}ffData/{_W}checkBox")
    if box is None:
        return ""
    state = box.find(f"{_W}checked")
    if state is None:
        state = box.find(f"{_W}default")
    checked = state is not None and state.get(f"{_W}val", "1") not in ("0", "false", "off")
    return "[X]" if checked else "[ ]"
