"""Parser of WTO TBT/SPS notification documents (PDF, DOCX, HTML, text) into notice fields."""

from crawlers.documents.errors import DocumentError
from crawlers.documents.parser import parse_document, parse_text
from crawlers.documents.result import SOURCE, ParsedDocument

__all__ = ["SOURCE", "DocumentError", "ParsedDocument", "parse_document", "parse_text"]
