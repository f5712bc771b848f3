"""Turning a box's raw text into a value: stray box numbers, bullets, empty checkboxes and
separators at the edges removed, wrapped lines joined, links and code lines set apart."""

from __future__ import annotations

import re

_TAIL = re.compile(r"(?:\s+|[•·|]|\[[X ]\]|\n[ \t]*\d{1,2}[ \t]*[.)]?|_{3,}|;#|#)$")
_HEAD = re.compile(r"^(?:\s+|[•·|:：]|;#|#)")
_SPACES = re.compile(r"[ \t\u3000]+")
_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]{}|\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", re.I
)
_URL_TAIL = ".,;:!?'\""
_CODE_LINE = re.compile(
    r"(?:[ \t]*[•·]?[ \t]*(?:HS|ICS|SA|SH|CCCN)[ \t]*(?:编码|代码|號碼|号码|編碼|代碼|号|號|码|碼|"
    r"codes?|code\(s\))?[ \t]*[:：][ \t]*(?:\[[^\]\n]*\]|[\d.,;:/ \t\-–]*))+[ \t]*",
    re.I,
)
_SEPARATOR_LINE = re.compile(r"^[ \t]*[_\-–—=*]{5,}[ \t]*$", re.M)
_WRAPPED = re.compile(r"[ \t]*\n[ \t]*(?=[a-z(])")  # a line going on in lower case is wrapped
_ITEM_END = " \t\n.;:,。；，、"


def strip_edges(text: str | None) -> str:
    if not text:
        return ""
    for line in _SEPARATOR_LINE.finditer(text):  # a rule under the text ends it (footnotes)
        if text[: line.start()].strip():
            text = text[: line.start()]
            break
    text = _SEPARATOR_LINE.sub("", text)
    for pattern in (_TAIL, _HEAD):  # the tail first: a box number is known by its line break
        previous = None
        while previous != text:
            previous, text = text, pattern.sub("", text)
    return text


def join_lines(lines: list[str]) -> str:
    out = ""
    for line in (_SPACES.sub(" ", ln).strip() for ln in lines):
        if not line:
            continue
        if out and not (_CJK_END.search(out) and _CJK_START.search(line)):
            out += " "
        out += line
    return out


def one_line(text: str | None) -> str | None:
    """The value with its lines joined (a wrapped title, an agency on two lines)."""
    cleaned = strip_edges(text)
    return join_lines(cleaned.split("\n")) or None


def first_line(text: str | None) -> tuple[str | None, str]:
    """The first non-empty line, and the rest (text no field claimed)."""
    cleaned = (text or "").lstrip("\n \t")
    line, _, rest = cleaned.partition("\n")
    return (strip_edges(line) or None), rest


def paragraphs(text: str | None) -> str | None:
    """Running text: lines of a paragraph joined, paragraphs kept on lines of their own."""
    cleaned = strip_edges(text)
    blocks = re.split(r"\n[ \t]*\n", cleaned)
    joined = [join_lines(block.split("\n")) for block in blocks]
    return "\n".join(block for block in joined if block) or None


def paragraph_list(text: str) -> list[str]:
    blocks = re.split(r"\n[ \t]*\n", strip_edges(text))
    return [p for p in (join_lines(block.split("\n")) for block in blocks) if p]


def urls(text: str | None) -> list[str]:
    found: list[str] = []
    for match in URL.finditer(text or ""):
        for part in re.split(r"(?<=.)(?=https?://)", match.group(0)):
            url = part.rstrip(_URL_TAIL)
            if len(url) > 10 and url not in found:
                found.append(url)
    return found


def without_urls(text: str | None) -> str | None:
    if not text:
        return None
    return _SPACES.sub(" ", URL.sub(" ", text)).strip() or None


def split_code_lines(text: str | None) -> tuple[str, str]:
    """(products text, code text): lines that only give HS/ICS codes are set apart."""
    kept: list[str] = []
    codes: list[str] = []
    for line in (text or "").split("\n"):
        (codes if line.strip() and _CODE_LINE.fullmatch(line) else kept).append(line)
    return "\n".join(kept), "\n".join(codes)


def items(text: str | None) -> list[str]:
    """A list written as text: one item per line or `;`; Chinese items also split at spaces.
    Long prose stays one item, as written (a TBT box 7 rationale is not a list)."""
    cleaned = _WRAPPED.sub(" ", strip_edges(text))
    if not cleaned:
        return []
    parts = [p for p in (q.strip(_ITEM_END) for q in re.split(r"[;；\n]", cleaned)) if p]
    if all(_CJK_START.search(p) for p in parts):
        parts = [q.strip(_ITEM_END) for p in parts for q in p.split(" ") if q.strip(_ITEM_END)]
    if len(parts) <= 1 or any(len(p) > 90 for p in parts):
        return [join_lines(cleaned.split("\n"))]
    return list(dict.fromkeys(parts))


def strip_item(text: str) -> str:
    return text.strip(_ITEM_END)


def date_text(text: str | None) -> str | None:
    """A date box's text on one line, without the full stop after a final number."""
    line = one_line(text)
    return re.sub(r"(?<=\d)\.$", "", line) if line else None


def products_text(raw: str | None, has_codes: bool) -> str | None:
    """The products box without its code-only lines; the box as written when it holds nothing
    but codes (the codes are then the only description of the products)."""
    text = one_line(split_code_lines(raw)[0])
    if text:
        return text
    return one_line(raw) if has_codes else None
