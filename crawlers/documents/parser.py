"""The entry points: a fetched document (bytes, any supported format) or its text, to a
ParsedDocument; lists of notifications go to their own readers, the rest is read as a form."""

from __future__ import annotations

from crawlers.documents.errors import DocumentError
from crawlers.documents.extract import extract_text
from crawlers.documents.form import parse_form
from crawlers.documents.lists import parse_list
from crawlers.documents.normalise import fold, normalise
from crawlers.documents.result import ParsedDocument
from crawlers.documents.samples import sample_body


def parse_document(
    data: bytes | str,
    *,
    name: str | None = None,
    content_type: str | None = None,
    body_only: bool = False,
) -> ParsedDocument:
    """Parse a notification document. `name` (file name or URL) and `content_type` only help
    where the content does not show its format. A text file in the project's sample layout
    (header, `---`, page text) is read from its page text; `body_only` forces that cut."""
    if isinstance(data, str):
        text, kind = data, "text"
    else:
        extracted = extract_text(data, name, content_type)
        text, kind = extracted.text, extracted.format
    truncated = False
    if kind == "text":
        body = sample_body(text, body_only=body_only)
        if body_only and not body.had_header:
            raise DocumentError("--body-only: the file has no '---' line ending a header")
        text, truncated = body.text, body.truncated
    doc = parse_text(text)
    doc.extra["source_format"] = kind
    if truncated:
        doc.warn("the copy ends mid-document ([copy ends here]); what follows is missing")
    return doc


def parse_text(text: str) -> ParsedDocument:
    """Parse a document's plain text."""
    clean = normalise(text)
    if not clean.strip():
        raise DocumentError("the document holds no text")
    key = fold(clean)
    listed = parse_list(clean, key)
    if listed is not None:
        return listed
    return parse_form(clean, key)
