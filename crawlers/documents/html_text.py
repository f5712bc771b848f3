"""Text of an HTML page: scripts and styles dropped, block elements on lines of their own, table
cells joined with " | " as the sample pages show them."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from crawlers.documents.errors import DocumentError

_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg"}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "tr",
    "thead",
    "tbody",
    "blockquote",
    "pre",
    "form",
    "fieldset",
    "address",
    "center",
    "hr",
}
_CELL = {"td", "th"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def html_text(data: bytes) -> str:
    encoding = _charset(data)
    try:
        parser = lxml.html.HTMLParser(encoding=encoding, remove_comments=True)
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"an unreadable HTML page: {exc}") from exc
    out: list[str] = []
    _walk(root, out)
    text = "".join(out)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _charset(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        return "gb18030" if name in ("gb2312", "gbk") else name
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030" if re.search(rb"[\x81-\xfe][\x40-\xfe]", data) else "cp1252"
    return "utf-8"


def _walk(element: etree._Element, out: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP:
        out.append(element.tail or "")
        return
    if tag == "br" or tag in _BLOCK:
        out.append("\n")
    if element.text and tag:
        out.append(element.text)
    for child in element:
        _walk(child, out)
    if tag in _CELL:
        out.append(" | ")
    elif tag in _BLOCK:
        out.append("\n")
    out.append(element.tail or "")
