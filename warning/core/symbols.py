"""WTO document symbols: parse the many ways they are written into one canonical form.

`G/TBT/N/EU/1004/Add.1` is canonical. Republished data carries `/ADD.1`, stray spaces, `G/TB/N/`
and `N?` typos, ` – URG.` suffixes (emergency measures), the pre-2000 `G/TBT/Notif.96.204` style,
bare `KOR/774` references and joint notifications listing several symbols. EEC symbols stay EEC:
`G/TBT/N/EEC/29` and `G/TBT/N/EU/29` are different documents (the EU series restarted at 1), but
both belong to the member EU (see `member_of`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASHES = "\u2013\u2014\u2012\u2212\u2010\u2011"
_SUFFIX_KINDS = {"ADD": "Add", "CORR": "Corr", "REV": "Rev", "SUPPL": "Suppl"}

_URGENT = re.compile(rf"\s*[-{_DASHES}]?\s*URG\.?\s*$", re.IGNORECASE)
_OLD_STYLE = re.compile(
    r"^(?:G\s*/\s*)?(TBT|SPS)\s*/\s*NOTIF(?:ICATION)?\s*(?:G\s*/)?\s*\.?\s*(\d{2})\s*\.\s*(\d+)$",
    re.IGNORECASE,
)
_MODERN = re.compile(
    r"^(?:G\s*/\s*)?(?:(TBT|TB|SPS)\s*/\s*)?(N\s*[/?]\s*)?([A-Z]{2,4})\s*/\s*(\d+)"
    r"((?:\s*/\s*(?:ADD|CORR|REV|SUPPL)\s*\.?\s*\d+)*)$",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"/\s*(ADD|CORR|REV|SUPPL)\s*\.?\s*(\d+)", re.IGNORECASE)
# Finds symbol-like runs inside free text; each run is then parsed by `parse_symbol`.
_IN_TEXT = re.compile(
    r"G\s*/\s*(?:TBT|TB|SPS)\s*/\s*(?:N\s*[/?]\s*[A-Z]{2,4}\s*/\s*\d+"
    r"(?:\s*/\s*(?:ADD|CORR|REV|SUPPL)\s*\.?\s*\d+)*"
    rf"(?:\s*[-{_DASHES}]\s*URG\.?)?"
    r"|NOTIF\s*\.\s*\d{2}\s*\.\s*\d+)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Symbol:
    """A parsed WTO document symbol."""

    domain: str  # "TBT" or "SPS"
    member: str  # code as written in the symbol: "USA", "EU", "EEC", "TPKM"; "" for old style
    number: str  # "1004", or "96.204" for the pre-2000 style
    suffixes: tuple[tuple[str, int], ...] = ()  # (("Rev", 1), ("Add", 2))
    emergency: bool = False
    old_style: bool = False

    def __str__(self) -> str:
        if self.old_style:
            return f"G/{self.domain}/Notif.{self.number}"
        tail = "".join(f"/{kind}.{n}" for kind, n in self.suffixes)
        return f"G/{self.domain}/N/{self.member}/{self.number}{tail}"

    @property
    def base(self) -> str:
        """The symbol of the measure this document belongs to: without Add./Corr./Rev."""
        if self.old_style:
            return str(self)
        return f"G/{self.domain}/N/{self.member}/{self.number}"

    @property
    def doc_type(self) -> str:
        """regular, addendum, corrigendum, revision or emergency, from the last suffix."""
        last = self.suffixes[-1][0] if self.suffixes else None
        kind = {"Add": "addendum", "Corr": "corrigendum", "Rev": "revision", "Suppl": "addendum"}
        if last:
            return kind[last]
        return "emergency" if self.emergency else "regular"


def parse_symbol(text: str | None, *, default_domain: str | None = None) -> Symbol | None:
    """Parse one symbol as written anywhere; None when it is not a WTO notification symbol.

    `default_domain` completes bare references such as `KOR/774` when the context says TBT or SPS.
    """
    if not text:
        return None
    raw = " ".join(str(text).replace("\u00a0", " ").split()).strip(" ;,.:")
    emergency = bool(_URGENT.search(raw))
    raw = _URGENT.sub("", raw).strip()
    old = _OLD_STYLE.match(raw)
    if old:
        return Symbol(old[1].upper(), "", f"{old[2]}.{int(old[3])}", (), emergency, True)
    modern = _MODERN.match(raw)
    if not modern:
        return None
    if modern[1] and not modern[2]:
        return None  # "G/SPS/GEN/226" and the like: WTO documents, but not notifications
    domain = (modern[1] or default_domain or "").upper()
    domain = "TBT" if domain == "TB" else domain
    if domain not in ("TBT", "SPS"):
        return None
    if not modern[1] and not raw.upper().startswith(("G/", "N/")) and default_domain is None:
        return None
    member = modern[3].upper()
    suffixes = tuple(
        (_SUFFIX_KINDS[kind.upper()], int(n)) for kind, n in _SUFFIX.findall(modern[5] or "")
    )
    return Symbol(domain, member, str(int(modern[4])), suffixes, emergency)


def normalise_symbol(text: str | None, *, default_domain: str | None = None) -> str | None:
    """The canonical form of one symbol (`G/TBT/N/EU/1004/Add.1`), or None."""
    symbol = parse_symbol(text, default_domain=default_domain)
    return str(symbol) if symbol else None


def split_symbols(text: str | None, *, default_domain: str | None = None) -> list[Symbol]:
    """Every symbol in a field that may list several (joint notifications), in order, once each."""
    if not text:
        return []
    found: list[Symbol] = []
    for part in re.split(r"[,;\n]|\s+and\s+|\s+et\s+|\s+y\s+|、|，", str(text)):
        symbol = parse_symbol(part, default_domain=default_domain)
        if symbol and symbol not in found:
            found.append(symbol)
    return found


def find_symbols(text: str | None) -> list[Symbol]:
    """Every full WTO symbol cited inside free text (a Federal Register rule, an addendum body)."""
    if not text:
        return []
    found: list[Symbol] = []
    for match in _IN_TEXT.finditer(str(text)):
        symbol = parse_symbol(match.group(0))
        if symbol and symbol not in found:
            found.append(symbol)
    return found
