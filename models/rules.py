"""Code rules: a notice's HS and ICS codes mapped to categories by the longest matching prefix.

A code finds the longest prefix in the mapping that it starts with; every category mapped at that
prefix is a hit, with the prefix's strength (`core` decides, `partial` needs the text). A code
broader than every prefix (HS chapter `85`, ICS field `29`, or a code from a range such as
`9001-9033`) points at every category mapped beneath it, as `partial`: members often give a
broad chapter, and the text must then say which products are meant.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from models.codes import parse_hs, parse_hs_field, parse_ics, parse_ics_field
from models.document import Document
from models.taxonomy import CodeRule

DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class RuleHit:
    category: str
    system: str  # HS or ICS
    code: str  # the notice's code, normalised
    prefix: str  # the mapping's prefix it matched
    strength: str  # core, partial
    title: str = ""

    def describe(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "prefix": self.prefix,
                "strength": self.strength, "title": self.title}


@dataclass(frozen=True, slots=True)
class NoticeCodes:
    """The codes of one notice: normalised, with those that only came from ranges marked broad."""

    hs: tuple[str, ...] = ()
    ics: tuple[str, ...] = ()
    broad_hs: frozenset[str] = frozenset()
    rejected: tuple[str, ...] = ()


def notice_codes(document: Document) -> NoticeCodes:
    """Codes from the structured fields and from the text (products first)."""
    hs = parse_hs_field(document.hs_codes)
    ics = parse_ics_field(document.ics_codes)
    for text in (document.products, document.title, document.description):
        if not DIGIT.search(text):
            continue
        hs.extend(parse_hs(text))
        ics.extend(parse_ics(text))
    broad = frozenset(c for c in hs.codes if hs.notes.get(c, "").startswith("in range"))
    return NoticeCodes(tuple(hs.codes), tuple(ics.codes), broad, tuple(hs.rejected + ics.rejected))


def _segments(system: str, code: str) -> tuple[str, ...]:
    if system == "ICS":
        return tuple(code.split("."))
    return tuple(code[i : i + 2] for i in range(0, len(code), 2))


class RuleSet:
    """The mapping's prefixes, indexed for longest-prefix lookups."""

    def __init__(self, rules: Iterable[CodeRule]) -> None:
        self._by_prefix: dict[tuple[str, tuple[str, ...]], list[CodeRule]] = defaultdict(list)
        for rule in rules:
            self._by_prefix[(rule.system, _segments(rule.system, rule.prefix))].append(rule)

    def lookup(self, system: str, code: str, *, broad: bool = False) -> list[RuleHit]:
        """The hits of one normalised code."""
        segments = _segments(system, code)
        for depth in range(len(segments), 0, -1):
            rules = self._by_prefix.get((system, segments[:depth]))
            if rules:
                return [RuleHit(r.category, system, code, r.prefix,
                                "partial" if broad else r.strength, r.title) for r in rules]
        return self._beneath(system, code, segments)

    def _beneath(self, system: str, code: str, segments: tuple[str, ...]) -> list[RuleHit]:
        hits: dict[str, RuleHit] = {}
        for (sys, prefix), rules in self._by_prefix.items():
            if sys != system or prefix[: len(segments)] != segments:
                continue
            for rule in rules:
                hits.setdefault(rule.category, RuleHit(rule.category, system, code, code,
                                                       "partial", f"broader than {rule.prefix}"))
        return sorted(hits.values(), key=lambda h: h.category)

    def hits(self, codes: NoticeCodes) -> list[RuleHit]:
        found: list[RuleHit] = []
        for code in codes.hs:
            found += self.lookup("HS", code, broad=code in codes.broad_hs)
        for code in codes.ics:
            found += self.lookup("ICS", code)
        return found


def by_category(hits: Iterable[RuleHit]) -> dict[str, list[RuleHit]]:
    """Hits grouped by category, core ones first."""
    grouped: dict[str, list[RuleHit]] = defaultdict(list)
    for hit in hits:
        grouped[hit.category].append(hit)
    return {c: sorted(h, key=lambda x: x.strength != "core") for c, h in grouped.items()}
