"""Which document this is: its own symbols (not the ones it cites), domain, document type and
notifying member, with a warning wherever the document contradicts itself."""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale

from crawlers.documents import checkboxes
from crawlers.documents.header import Header
from crawlers.documents.normalise import fold, simplified
from crawlers.documents.result import ParsedDocument
from crawlers.documents.values import one_line
from crawlers.documents.view import SlotView
from warning.core.members import Member, member_of
from warning.core.symbols import Symbol, split_symbols

_KIND_WORDS = {
    "regular": ("regular", "binh thuong", "ordinaria", "ordinaire", "正常通报", "常规"),
    "addendum": ("addendum", "adicion", "additif", "补遗", "bo sung"),
    "corrigendum": ("corrigendum", "correccion", "rectificatif", "勘误", "dinh chinh"),
    "revision": ("revision", "修订", "sua doi"),
    "emergency": ("emergency", "urgence", "urgencia", "紧急", "khan cap"),
}
# WTO's own names that country lists do not know.
_ALIASES = {
    "台澎金马单独关税区": "TPKM",
    "separate customs territory of taiwan, penghu, kinmen and matsu": "TPKM",
    "communautes europeennes": "EU",
    "comunidades europeas": "EU",
    "union europeenne": "EU",
    "union europea": "EU",
    "etats-unis": "USA",
    "etats-unis d'amerique": "USA",
    "estados unidos": "USA",
    "estados unidos de america": "USA",
    "coree": "KOR",
    "republique de coree": "KOR",
    "republica de corea": "KOR",
    "republique tcheque": "CZE",
    "republica checa": "CZE",
    "federation de russie": "RUS",
    "federacion de rusia": "RUS",
}
_SPS_ONLY = ("regions", "intl_standard", "publication")
_TBT_ONLY = ("notified_under", "notified_other")


def own_symbols(view: SlotView, header: Header) -> list[Symbol]:
    found: list[Symbol] = []
    for value in view.all("symbol"):
        found.extend(split_symbols(value))
    return list(dict.fromkeys([*found, *header.symbols]))


def set_identity(doc: ParsedDocument, view: SlotView, header: Header) -> None:
    symbols = own_symbols(view, header)
    doc.symbols = [str(s) for s in symbols]
    if not symbols:
        doc.warn("no document symbol found in the document")
    _set_domain(doc, view, header, symbols)
    _set_doc_type(doc, view, header, symbols)
    _set_member(doc, view, header, symbols)


def _set_domain(doc: ParsedDocument, view: SlotView, header: Header, symbols: list[Symbol]) -> None:
    kind = fold(view.text("doc_kind") or "")
    stated = "SPS" if "sps" in kind else "TBT" if "tbt" in kind else None
    from_labels = (
        "SPS"
        if any(view.has(n) for n in _SPS_ONLY)
        else "TBT"
        if any(view.has(n) for n in _TBT_ONLY)
        else None
    )
    from_symbol = symbols[0].domain if symbols else None
    doc.domain = from_symbol or stated or header.committee or from_labels
    if from_symbol and header.committee and header.committee != from_symbol:
        doc.warn(
            f"the header names the {header.committee} committee but the symbol is {from_symbol}"
        )


def _set_doc_type(
    doc: ParsedDocument, view: SlotView, header: Header, symbols: list[Symbol]
) -> None:
    kind = fold(view.text("doc_kind") or "")
    stated = next((t for t, words in _KIND_WORDS.items() if any(w in kind for w in words)), None)
    heading = header.heading
    if symbols:
        doc.doc_type = symbols[0].doc_type
        if (
            heading
            and heading != doc.doc_type
            and not (heading == "emergency" and symbols[0].emergency)
        ):
            doc.warn(f"the heading says {heading} but the symbol is a {doc.doc_type}")
    else:
        doc.doc_type = heading or stated or ("addendum" if header.communication else None)
        if doc.doc_type is None and (view.has("member") or view.has("products")):
            doc.doc_type = "regular"
    emergency_articles = {"2.10.1", "5.7.1"} & set(
        checkboxes.articles(view.text("notified_under") or "")
    )
    if doc.domain == "TBT" and doc.doc_type == "regular" and emergency_articles:
        doc.doc_type = "emergency"


def find_member(written: str | None) -> Member | None:
    """A member from its name in English, French, Spanish or Chinese, as documents write it."""
    if not written:
        return None
    name = re.sub(r"^(?:the|la|le|el|l')\s+", "", written.strip(" .,;:"), flags=re.I)
    key = fold(simplified(name))
    code = _ALIASES.get(key) or _localised_names().get(key)
    return member_of(code or name) or member_of(simplified(name))


@lru_cache(maxsize=1)
def _localised_names() -> dict[str, str]:
    """Country names in French and Spanish (CLDR via Babel), folded, to ISO alpha-2 codes."""
    names: dict[str, str] = {}
    for locale in ("fr", "es", "en"):
        for code, name in Locale(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(fold(name), code)
    return names


def _set_member(doc: ParsedDocument, view: SlotView, header: Header, symbols: list[Symbol]) -> None:
    written = _member_text(view, header)
    doc.member_name = written
    named = find_member(written)
    in_symbols = [m for s in symbols if s.member and (m := member_of(s.member)) is not None]
    codes = {m.code for m in in_symbols}
    if named is not None and (not codes or named.code in codes):
        doc.member = named.code
        return
    if in_symbols:
        doc.member = in_symbols[0].code
        if written and named is None:
            doc.warn(
                f"member name {written!r} not recognised; the symbol's member {doc.member} is used"
            )
        elif named is not None:
            doc.warn(f"the document names {named.code} as member but its symbol is {doc.member}'s")
        return
    if written and named is None:
        doc.warn(f"member name {written!r} not recognised")


def _member_text(view: SlotView, header: Header) -> str | None:
    written = one_line(view.text("member"))
    if written:
        return written.rstrip(" .;,")
    if header.communication and header.communication.member_text:
        return header.communication.member_text
    return None
