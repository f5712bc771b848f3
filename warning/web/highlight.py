"""Marking the codes and words that decided a classification in a notice's text, safely: the
text is escaped piece by piece, and only our own <mark> tags are added."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

MAX_TERMS = 60
CODE_KEYS = ("codes", "hs", "hs_codes", "ics", "ics_codes")
WORD_KEYS = ("words", "terms", "keywords", "matched_words", "phrases")


def _strings(value: Any) -> list[str]:
    """Strings from a list of strings or of dicts naming the term (`{"code": "8517"}`)."""
    if isinstance(value, str):
        return [value]
    found: list[str] = []
    if isinstance(value, Mapping):
        for key in ("code", "word", "term", "text", "prefix", "value"):
            if isinstance(value.get(key), str):
                return [value[key]]
        for inner in value.values():
            found.extend(_strings(inner))
        return found
    if isinstance(value, list | tuple):
        for item in value:
            found.extend(_strings(item))
    return found


def evidence_terms(evidence: Mapping[str, Any] | None) -> tuple[list[str], list[str]]:
    """(codes, words) named in a classification's evidence, in order, without duplicates."""
    codes: list[str] = []
    words: list[str] = []
    for key, value in (evidence or {}).items():
        target = codes if key in CODE_KEYS else words if key in WORD_KEYS else None
        if target is None:
            continue
        for term in _strings(value):
            term = term.strip()
            if term and term not in target:
                target.append(term)
    return codes, words


def _pattern_for(term: str) -> str:
    if term.replace(".", "").isdigit():
        # An HS or ICS code is written with or without dots and spaces ("8517.62", "85 17").
        digits = term.replace(".", "")
        body = r"[.\s]?".join(re.escape(d) for d in digits)
        return rf"(?<![\d.]){body}(?!\d)"
    escaped = re.escape(term)
    if term[:1].isalnum() and term.isascii():
        escaped = r"\b" + escaped
    if term[-1:].isalnum() and term.isascii():
        escaped += r"\b"
    return escaped


@lru_cache(maxsize=256)
def _compile(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    usable = sorted({t for t in terms if len(t) >= 2}, key=len, reverse=True)[:MAX_TERMS]
    if not usable:
        return None
    return re.compile("|".join(_pattern_for(t) for t in usable), re.IGNORECASE)


def highlight(text: str | None, terms: Iterable[str] = ()) -> Markup:
    """`text` escaped, with every occurrence of `terms` wrapped in <mark>."""
    if not text:
        return Markup("")
    pattern = _compile(tuple(terms))
    if pattern is None:
        return escape(text)
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        out.append(str(escape(text[position : match.start()])))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    out.append(str(escape(text[position:])))
    return Markup("".join(out))
