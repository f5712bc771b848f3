"""The project's sample files (shared/samples/*.txt): a short header added by the project, a
line `---`, then the page text. The header is not part of the document and is never read; a
closing `[copy ends here]` marks where the copy was cut."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER_KEY = re.compile(r"^[A-Z][A-Z0-9 /()._-]{1,40}:")
_SEPARATOR = re.compile(r"^---[ \t]*$", re.M)
_CUT_MARK = re.compile(r"\n?\[copy ends here\]\s*$")
_MAX_HEADER_LINES = 25


@dataclass(frozen=True, slots=True)
class Body:
    text: str
    had_header: bool
    truncated: bool  # the copy ends mid-document


def has_sample_header(text: str) -> bool:
    """Whether the text opens with the project's `KEY: value` header closed by a `---` line."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    separator = _SEPARATOR.search(text)
    if not _HEADER_KEY.match(first) or separator is None:
        return False
    return text.count("\n", 0, separator.start()) < _MAX_HEADER_LINES


def sample_body(text: str, *, body_only: bool = False) -> Body:
    """The document part of a sample file. With `body_only`, everything up to the first `---`
    line is dropped even without a recognisable header; otherwise only a recognised header is."""
    had_header = False
    separator = _SEPARATOR.search(text)
    if separator is not None and (body_only or has_sample_header(text)):
        text = text[separator.end() :].lstrip("\n")
        had_header = True
    cut = _CUT_MARK.search(text)
    if cut is not None:
        text = text[: cut.start()]
    return Body(text, had_header, cut is not None)
