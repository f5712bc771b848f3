"""A read-only view of a document's slots: the first value given for each field (pages often
show a summary, then the form again, then an English copy), and the text no field claimed."""

from __future__ import annotations

import re

from crawlers.documents.segment import Segments, Slot
from crawlers.documents.values import first_line, strip_edges

# Fields whose value is one line; what follows on later lines belongs to no field.
LINE_FIELDS = {
    "symbol",
    "distribution_date",
    "member",
    "original_language",
    "title_languages",
    "pages",
    "doc_kind",
    "link_field",
    "title_en",
}
_LOOSE_FIELDS = {"ignore", "section_en"}
_ARTICLE_LINE = re.compile(r"^[\s\[\]Xx\d.,;，、:：]*$")
_HEADING_WORDS = {
    "补遗",
    "補遺",
    "通 报",
    "通报",
    "通 報",
    "通報",
    "addendum",
    "corrigendum",
    "notification",
    "勘误",
    "修订",
}


class SlotView:
    def __init__(self, text: str, segments: Segments) -> None:
        self.segments = segments
        loose: list[str] = []
        self._values: dict[str, list[str]] = {}
        self._langs: dict[str, str] = {}
        for slot in segments.slots:
            value, rest = self._split(slot)
            loose.append(rest)
            self._values.setdefault(slot.name, []).append(value)
            self._langs.setdefault(slot.name, slot.lang)
        self.loose = "\n".join(part for part in loose if part.strip())

    @staticmethod
    def _split(slot: Slot) -> tuple[str, str]:
        if slot.name in _LOOSE_FIELDS:
            return "", slot.raw
        if slot.name in LINE_FIELDS:
            line, rest = first_line(slot.raw)
            return line or "", rest
        if slot.name == "notified_under":
            lines = slot.raw.split("\n")
            keep = 0
            while keep < len(lines) and (keep == 0 or _ARTICLE_LINE.match(lines[keep])):
                keep += 1
            return "\n".join(lines[:keep]), "\n".join(lines[keep:])
        return slot.raw, ""

    def lang(self, name: str) -> str | None:
        return self._langs.get(name)

    def has(self, name: str) -> bool:
        return name in self._values

    def all(self, name: str) -> list[str]:
        return [v for v in self._values.get(name, []) if strip_edges(v)]

    def text(self, name: str) -> str | None:
        """The first value that says something (a heading word such as "Addendum" put in a
        title box does not)."""
        for value in self._values.get(name, []):
            cleaned = strip_edges(value)
            if cleaned and cleaned.strip().lower() not in _HEADING_WORDS:
                return value
        return None

    def slots(self, prefix: str) -> list[Slot]:
        return [slot for slot in self.segments.slots if slot.name.startswith(prefix)]
