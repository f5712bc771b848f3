"""HS and ICS codes: found in structured fields and free text, normalised to HS 2022 and ICS ed. 7.

HS codes come back as 2, 4 or 6 digits without dots (`85`, `8517`, `851712`); national tariff
lines are cut to 6 digits, codes of older HS editions are mapped to HS 2022, and a 6-digit code
unknown to HS 2022 keeps its heading. ICS codes come back as ISO writes them (`65.100.10`).
Tokens that look like codes but are in neither list are reported as rejected, never dropped
silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models.code_patterns import (
    ICS_MARKER,
    Found,
    marked_lists,
    scan_list,
    titled_lines,
)
from models.reference import hs_legacy, hs_titles, ics_titles

MAX_RANGE = 50  # a wider range is a typo or a whole section, not a list of products


@dataclass(frozen=True, slots=True)
class Resolved:
    """A written code and what it became: `code` None when it is in no list."""

    written: str
    code: str | None
    note: str = ""


@dataclass(slots=True)
class CodeExtraction:
    """Codes found, in order of first appearance, and the tokens that were not codes."""

    codes: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)

    def add(self, item: Resolved) -> None:
        if item.code is None:
            if item.written not in self.rejected:
                self.rejected.append(item.written)
            return
        if item.code not in self.codes:
            self.codes.append(item.code)
            if item.note:
                self.notes[item.code] = item.note

    def extend(self, other: CodeExtraction) -> None:
        for code in other.codes:
            self.add(Resolved(code, code, other.notes.get(code, "")))
        for written in other.rejected:
            self.add(Resolved(written, None))


def resolve_hs(written: str, *, pad: bool = False) -> Resolved:
    """One written HS code → HS 2022. `pad` restores a leading zero lost by a spreadsheet."""
    digits = re.sub(r"[\s.:\u00a0]", "", written)
    if not digits.isdigit() or len(digits) > 10:
        return Resolved(written, None, "not an HS code")
    if len(digits) % 2:
        if not pad:
            return Resolved(written, None, "odd number of digits")
        digits = "0" + digits
    note = ""
    if len(digits) > 6:
        note = f"tariff line {digits} cut to HS-6"
        digits = digits[:6]
    return _hs_2022(written, digits, note)


def _hs_2022(written: str, digits: str, note: str) -> Resolved:
    titles, legacy = hs_titles(), hs_legacy()
    if digits in titles:
        return Resolved(written, digits, note)
    if digits in legacy:
        old = legacy[digits]
        return Resolved(written, old.new, f"{digits} of an older HS edition ({old.note})")
    heading = digits[:4]
    if len(digits) == 6 and heading in titles:
        return Resolved(written, heading, f"subheading {digits} not in HS 2022; heading kept")
    if len(digits) == 6 and heading in legacy:
        old = legacy[heading]
        return Resolved(written, old.new, f"{heading} of an older HS edition ({old.note})")
    return Resolved(written, None, "not in HS 2022 nor in the table of older codes")


def resolve_ics(written: str) -> Resolved:
    """One written ICS code → ICS ed. 7 (an unknown subgroup keeps its group)."""
    code = written.strip().rstrip(".").strip()
    if not re.fullmatch(r"\d{2}(?:\.\d{3}(?:\.\d{2})?)?", code):
        return Resolved(written, None, "not an ICS code")
    titles = ics_titles()
    if code in titles:
        return Resolved(written, code)
    parts = code.split(".")
    for depth in (2, 1):
        shorter = ".".join(parts[:depth])
        if len(parts) > depth and shorter in titles:
            return Resolved(written, shorter, f"{code} not in ICS ed. 7; {shorter} kept")
    return Resolved(written, None, "not in ICS ed. 7")


def normalise_hs(code: str) -> str | None:
    """`2103.30` → `210330`, `9501:00` → `9503`, `85171200` → `851712`; None if not HS."""
    return resolve_hs(str(code), pad=True).code


def normalise_ics(code: str) -> str | None:
    """`29.` → `29`, `67.140.10` → `67.140.10`; None if not in ICS ed. 7."""
    return resolve_ics(str(code)).code


def expand_hs_range(first: str, last: str) -> list[Resolved]:
    """`9001-9033` → every HS 2022 heading from 9001 to 9033 (same length codes only)."""
    low, high = resolve_hs(first), resolve_hs(last)
    if low.code is None or high.code is None:
        return [low, high]
    if len(low.code) != len(high.code) or low.code > high.code:
        return [low, high]
    within = [c for c in hs_titles() if len(c) == len(low.code) and low.code <= c <= high.code]
    if len(within) > MAX_RANGE:
        return [low, high]
    note = f"in range {first}–{last}"
    return [Resolved(f"{first}-{last}", c, note) for c in sorted(within)]


def _hs_items(found: Iterable[Found]) -> CodeExtraction:
    result = CodeExtraction()
    for item in found:
        if item.last is None:
            result.add(resolve_hs(item.first))
        else:
            for resolved in expand_hs_range(item.first, item.last):
                result.add(resolved)
    return result


def _ics_items(found: Iterable[Found]) -> CodeExtraction:
    result = CodeExtraction()
    for item in found:
        result.add(resolve_ics(item.first))
    return result


def parse_hs(text: str | None) -> CodeExtraction:
    """HS codes in free text: after a marker, or opening a `code – title` line."""
    if not text:
        return CodeExtraction()
    return _hs_items([*marked_lists(text, "hs"), *titled_lines(text, "hs")])


def parse_ics(text: str | None) -> CodeExtraction:
    """ICS codes in free text: after a marker, or opening a `code – title` line."""
    if not text:
        return CodeExtraction()
    return _ics_items([*marked_lists(text, "ics"), *titled_lines(text, "ics")])


def extract_hs(text: str | None) -> list[str]:
    return parse_hs(text).codes


def extract_ics(text: str | None) -> list[str]:
    return parse_ics(text).codes


def _field_strings(values: Any, keys: tuple[str, ...]) -> list[str]:
    """Flatten a structured field: a string, a number, or lists of them or of `{code: …}`."""
    if values is None:
        return []
    if isinstance(values, str | int):
        return [str(values)]
    if isinstance(values, Mapping):
        for key in keys:
            if values.get(key) not in (None, ""):
                return [str(values[key])]
        return [str(values["name"])] if values.get("name") else []
    out: list[str] = []
    for value in values:
        out.extend(_field_strings(value, keys))
    return out


def parse_hs_field(values: Any) -> CodeExtraction:
    """HS codes from a field meant to hold codes (`["2103.30", "9001-9033", "HS: 02.01"]`,
    ePing's `[{"code": "030617"}]`, or a spreadsheet's numbers that lost a leading zero)."""
    result = CodeExtraction()
    for value in _field_strings(values, ("code", "uid", "hs", "hsCode")):
        tagged = parse_hs(value)
        if tagged.codes or tagged.rejected:
            result.extend(tagged)
        elif not ICS_MARKER.search(value):
            result.extend(_lenient_hs(value))
    return result


def _lenient_hs(value: str) -> CodeExtraction:
    if re.fullmatch(r"\s*\d{1,10}\s*", value):
        result = CodeExtraction()
        result.add(resolve_hs(value.strip(), pad=True))
        return result
    return _hs_items(scan_list(value, 0, "hs"))


def parse_ics_field(values: Any) -> CodeExtraction:
    """ICS codes from a field meant to hold codes (`["29.", "65.100.10 - Insecticides"]`)."""
    result = CodeExtraction()
    for value in _field_strings(values, ("code", "uid", "ics", "icsCode")):
        tagged = parse_ics(value)
        if tagged.codes or tagged.rejected:
            result.extend(tagged)
        else:
            result.extend(_ics_items(scan_list(value, 0, "ics")))
    return result


def hs_from_field(values: Any) -> list[str]:
    return parse_hs_field(values).codes


def ics_from_field(values: Any) -> list[str]:
    return parse_ics_field(values).codes
