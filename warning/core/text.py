"""Text from sources: strip HTML and scripts, unescape entities, fold white space."""

from __future__ import annotations

import html
import re
import unicodedata

_BLOCKS = re.compile(r"<(script|style|noscript|iframe|object)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_BREAKS = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.I)
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_OBFUSCATED_EMAIL = re.compile(r"\[email(?:&#160;|\s)*protected\]", re.I)


def clean_text(value: object) -> str | None:
    """Plain text from a field that may hold HTML; None when nothing is left."""
    if value is None:
        return None
    text = str(value)
    if "<" in text or "&" in text:
        text = _BLOCKS.sub(" ", text)
        text = _BREAKS.sub("\n", text)
        text = _TAGS.sub(" ", text)
        text = html.unescape(html.unescape(text))
        text = _BLOCKS.sub(" ", text)  # entity-encoded markup, once decoded
        text = _TAGS.sub(" ", text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _OBFUSCATED_EMAIL.sub("[e-mail address hidden by source]", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return text or None


def fold(value: object) -> str:
    """A comparison key: cleaned, case-folded, white space collapsed (for cosmetic changes)."""
    cleaned = clean_text(value) or ""
    return " ".join(cleaned.casefold().split())


def clean_list(values: object) -> list[str]:
    """A list of cleaned, non-empty strings without duplicates, in first-seen order."""
    if values is None:
        return []
    items = values if isinstance(values, list | tuple | set) else [values]
    out: list[str] = []
    for item in items:
        text = clean_text(item)
        if text and text not in out:
            out.append(text)
    return out


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: cut after the last whole word when one ends in
    the last fifth (text without spaces, as Chinese, is cut where it reaches the limit), with
    an ellipsis saying so."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit * 4 // 5:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"
