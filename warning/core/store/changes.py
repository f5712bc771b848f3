"""Whether a new version of a notice changed, and how: a pure decision on plain values.

Material changes are the ones an exporter must hear about: the comment deadline, the adoption or
entry-into-force date, a withdrawal, or the scope (products and their codes). Cosmetic ones
(white space, HTML, case, the order of links or codes) change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from warning.core.text import fold

MATERIAL_KINDS = frozenset({"deadline", "adoption", "entry_into_force", "withdrawn", "scope"})
# Which fields make up each kind of change, and how they are compared.
_KINDS: dict[str, tuple[str, ...]] = {
    "deadline": ("comment_deadline", "comment_deadline_text"),
    "adoption": ("adoption_date", "adoption_text"),
    "entry_into_force": ("entry_into_force_date", "entry_into_force_text"),
    "withdrawn": ("withdrawn",),
    "scope": ("products", "hs_codes", "ics_codes"),
    "text": ("title", "description"),
    "details": (
        "agency",
        "objectives",
        "keywords",
        "links",
        "url",
        "member_code",
        "domain",
        "doc_type",
        "distribution_date",
        "addendum_reasons",
        "cited_symbols",
        "attention",
    ),
}
COMPARED_FIELDS = tuple(field for fields in _KINDS.values() for field in fields)
_SETS = {
    "hs_codes",
    "ics_codes",
    "objectives",
    "keywords",
    "links",
    "addendum_reasons",
    "cited_symbols",
    "attention",
}
_DATE_TEXTS = {"comment_deadline_text", "adoption_text", "entry_into_force_text"}


def _key(field: str, value: Any) -> Any:
    if field in _SETS:
        return tuple(sorted({fold(v) for v in value or []} - {""}))
    if isinstance(value, str) or value is None:
        return fold(value) or None
    return value


def snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    """The comparison keys of a notice's fields: equal snapshots mean no real change."""
    return {field: _key(field, values.get(field)) for field in COMPARED_FIELDS}


@dataclass(frozen=True, slots=True)
class ChangeDecision:
    kinds: frozenset[str]
    cosmetic: bool  # the raw values differ, but only in ways that do not count
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def changed(self) -> bool:
        return bool(self.kinds)

    @property
    def material(self) -> bool:
        return bool(self.kinds & MATERIAL_KINDS)

    @property
    def needs_reclassification(self) -> bool:
        return bool(self.kinds & {"scope", "text"})


def decide_change(before: Mapping[str, Any], after: Mapping[str, Any]) -> ChangeDecision:
    """Compare two versions of a notice's fields (as in `NoticeInput.to_fields`)."""
    old, new = snapshot(before), snapshot(after)
    kinds: set[str] = set()
    changed_fields: list[str] = []
    for kind, fields in _KINDS.items():
        for field in fields:
            if old[field] == new[field]:
                continue
            if field in _DATE_TEXTS and _same_date(field, before, after):
                continue  # same date, reworded: "30 June 2024" vs "30/06/2024"
            kinds.add(kind)
            changed_fields.append(field)
    raw_differs = any(before.get(f) != after.get(f) for f in COMPARED_FIELDS)
    return ChangeDecision(
        kinds=frozenset(kinds),
        cosmetic=raw_differs and not kinds,
        before={f: _plain(before.get(f)) for f in changed_fields},
        after={f: _plain(after.get(f)) for f in changed_fields},
    )


def _same_date(text_field: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    date_field = {
        "comment_deadline_text": "comment_deadline",
        "adoption_text": "adoption_date",
        "entry_into_force_text": "entry_into_force_date",
    }[text_field]
    return before.get(date_field) is not None and before.get(date_field) == after.get(date_field)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
