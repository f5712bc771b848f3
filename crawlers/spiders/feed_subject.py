"""Whom a feed entry is about, which is not always whom the feed is about.

A feed's configured member and domain say what it usually carries; a feed that relays other
members' measures would otherwise file a Turkish TBT addendum as a US alert. An entry citing WTO
symbols is about that notification: its member and agreement come from the symbols (a regulation
feed's entries stay regulations), and the store joins the entry to the notification's measure
through its cited symbols, as it does for Federal Register rules. An entry naming a RASFF
notification is an alert of the country that notified it, which is the member the RASFF spider
records; the entry must say so in words ("notified by Spain"), since the origin country is
another. When the member cannot be told (no notifying country, several members cited) it is left
empty rather than guessed, with the reason, so the spider can count it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warning.core.members import member_of
from warning.core.symbols import Symbol, find_symbols
from warning.core.text import clean_text

_RASFF = re.compile(r"\brasff\b", re.IGNORECASE)
_RASFF_REFERENCE = re.compile(r"(?<![\d.])((?:19|20)\d{2}\.\d{3,5})(?!\d)")
# The wording the RASFF Window uses for the notifying country, as a phrase or a label.
_NOTIFIER = re.compile(
    r"\b(?:notified\s+by|notifying\s+(?:country|member(?:\s+state)?))\s*[:\-]?\s*"
    r"(?:the\s+)?([^\W\d_][^:;,.()\[\]\n]*?)\s*(?=[:;,.()\[\]\n]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Subject:
    domain: str
    member: str | None
    cited: tuple[Symbol, ...] = ()
    rasff_reference: str | None = None
    member_unknown: str | None = None  # why the member was left empty


def _member_of_symbols(cited: list[Symbol]) -> tuple[str | None, str | None]:
    """The one member the symbols name, or None and why not."""
    codes: list[str] = []
    for symbol in cited:
        if not symbol.member:
            continue  # pre-2000 symbols (G/TBT/Notif.96.204) name no member
        found = member_of(symbol.member)
        code = found.code if found else symbol.member
        if code not in codes:
            codes.append(code)
    if len(codes) == 1:
        return codes[0], None
    if not codes:
        return None, "the WTO symbols it cites name no member"
    return None, f"it cites symbols of several members ({', '.join(codes)})"


def _notifying_member(text: str) -> tuple[str | None, str | None]:
    match = _NOTIFIER.search(text)
    if match is None:
        return None, "a RASFF notification whose notifying country the entry does not state"
    found = member_of(match.group(1).strip())
    if found is None:
        return None, f"a RASFF notification notified by {match.group(1).strip()!r}, not a member"
    return found.code, None


def _rasff_reference(texts: list[str], entry_id: str) -> str | None:
    for text in [*texts, entry_id]:
        found = _RASFF_REFERENCE.search(text)
        if found:
            return found.group(1)
    return None


def subject_of(
    *,
    title: str | None,
    summary: str | None,
    entry_id: str | None,
    link: str | None,
    domain: str,
    member: str | None,
) -> Subject:
    """The entry's domain and member; `domain` and `member` are the feed's, kept for entries that
    cite no WTO symbol and name no RASFF notification."""
    texts = [t for t in (clean_text(title), clean_text(summary)) if t]
    cited = find_symbols("\n".join(texts))
    if cited:
        code, why = _member_of_symbols(cited)
        # A regulation feed's entries stay regulations (as Federal Register rules citing a
        # symbol do); the others are about the notification.
        about = domain if domain == "regulation" else cited[0].domain
        return Subject(about, code, tuple(cited), member_unknown=why)
    named = _RASFF.search(" ".join([*texts, entry_id or "", link or ""]))
    reference = _rasff_reference(texts, entry_id or "") if named else None
    if reference is not None:
        code, why = _notifying_member("\n".join(texts))
        return Subject("alert", code, rasff_reference=reference, member_unknown=why)
    return Subject(domain, member)
