"""Searching the HS 2022 list the classifier ships (`models/data/hs2022.csv`): by code prefix
or by words of the description."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from models.reference import hs_titles

MAX_RESULTS = 50


@dataclass(frozen=True)
class HsEntry:
    code: str
    description: str

    @property
    def level(self) -> int:
        return len(self.code)


@lru_cache(maxsize=1)
def _entries() -> tuple[tuple[str, str, str], ...]:
    """(code, description, folded description), chapters and headings before subheadings."""
    rows = [(code, text, text.casefold()) for code, text in hs_titles().items() if code.isdigit()]
    return tuple(sorted(rows, key=lambda r: (r[0][:4], len(r[0]), r[0])))


def search_hs(query: str, limit: int = 20) -> list[HsEntry]:
    """Codes starting with the digits of `query` (dots and spaces ignored), or whose
    description contains every word of it."""
    text = query.strip()
    limit = max(1, min(limit, MAX_RESULTS))
    if not text:
        return []
    digits = re.sub(r"[.\s]", "", text)
    if digits.isdigit():
        found = [(c, d) for c, d, _ in _entries() if c.startswith(digits[:6])]
    else:
        words = [w for w in re.findall(r"\w+", text.casefold()) if len(w) > 1]
        if not words:
            return []
        found = [(c, d) for c, d, folded in _entries() if all(w in folded for w in words)]
        found.sort(key=lambda cd: (len(cd[0]), cd[0]))
    return [HsEntry(code, description) for code, description in found[:limit]]
