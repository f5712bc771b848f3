"""Regular expressions for HS and ICS codes as notices write them, and a scanner for code lists.

Numbers in notices are mostly not codes (dates, pages, standard numbers), so free text yields
codes only after a marker (`HS:`, `SA:`, `ICS编码:`...) or at the start of a `code – title` line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One HS code as written: 02.01, 2103.30, 9501:00, 8517 12 00, 271210, 85171200, 85.
# Only even digit counts: an odd run of digits in free text is a number, not a code.
HS_TOKEN = (
    r"(?<![\d.])"
    r"(?:\d{2}\.\d{2}(?:\.\d{2}){0,3}"
    r"|\d{4}(?:[.:]\d{2}|[ \u00a0]\d{2}(?![\d.]))+"
    r"|\d{10}|\d{8}|\d{6}|\d{4}|\d{2})"
    r"(?!\d|\.\d)"
)
# One ICS code: a field (29 or "29."), a group (65.100) or a subgroup (65.100.10).
ICS_TOKEN = r"(?<![\d.])\d{2}(?:\.\d{3}(?:\.\d{2})?)?\.?(?!\d)"
DASH = r"\s*[-–—~至到]\s*"

HS_RANGE = re.compile(f"({HS_TOKEN}){DASH}({HS_TOKEN})")
HS_ONE = re.compile(HS_TOKEN)
ICS_ONE = re.compile(ICS_TOKEN)

_CODE_WORDS = r"(?:\s*(?:code\s*\(s\)|codes?|code\s*no\.?|nos?\.|headings?|subheadings?|" \
    r"编码|代码|編碼|代碼|编号|編號|号|號))*"
HS_MARKER = re.compile(
    r"(?<![a-z])(?:"
    rf"h\.?s\.?(?:\s*(?:19|20)\d\d(?=\s*[:：)]))?{_CODE_WORDS}"
    r"|s\.?a\.?(?=\s*[:：(（]|\s+\d{2})"
    r"|sh(?=\s*[:：(（])"
    r"|ncm|naladisa"
    r"|tariff\s+(?:lines?|headings?|items?|codes?|numbers?)"
    r"|partidas?\s+arancelarias?|fracci[oó]n(?:es)?\s+arancelarias?"
    r"|c[oó]digos?\s+(?:del\s+)?(?:sa|sh|hs)"
    r"|positions?\s+tarifaires?|codes?\s+(?:du\s+)?sh"
    r"|海关编码|海關編碼|商品编码|商品編碼|税则号列?|稅則號列?|税号|稅號"
    r")(?![a-z])",
    re.IGNORECASE,
)
ICS_MARKER = re.compile(
    rf"(?<![a-z])(?:ics{_CODE_WORDS}|国际标准分类号?|國際標準分類號?)(?![a-z])",
    re.IGNORECASE,
)
# Between a marker and its first code: colons, brackets, quotes, the JSON key `uid`.
GAP = re.compile(r"""[\s:：=#\-–—.(（\[{"'“”]*(?:(?:uid|code)["']?\s*:\s*["']?)?""", re.I)
# A short label before the codes, as in `HS:医疗设备(2936、2937)`; never another marker.
LABEL = re.compile(r"(?!\s*ics)[^\d\n。;；.]{1,15}?[(（:：]\s*", re.I)
# Between two codes of one list; `第20组中的` ("in group 20 the ...") joins lists in Chinese text.
SEP = re.compile(
    r"""(?:\s|[,;、，；/&+"'{}\[\]():：]|\b(?:and|or|y|e|et|ou|uid|code)\b"""
    r"|及|和|与|與|或|以及|第\s*\d{1,3}\s*[组組章类類节節](?:中的|中|的)?)*",
    re.IGNORECASE,
)
# A `code – title` line or segment (`2710 – Aceites de petróleo…;`, `271210 - Petroleum jelly`).
HS_TITLED = re.compile(
    r"(?:^|[;；\n])\s*((?:\d{2}\.\d{2}(?:\.\d{2}){0,3}|\d{4}(?:[.:]\d{2})*|\d{6}|\d{8}|\d{10}))"
    r"\s*[-–—]\s*(?=[^\W\d_])",
    re.M,
)
ICS_TITLED = re.compile(r"(?:^|[;；\n])\s*(\d{2}\.\d{3}(?:\.\d{2})?)\s*[-–—]\s*(?=[^\W\d_])", re.M)
# Years are written at the start of lines too; they are not taken as untagged HS headings.
YEAR = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")


@dataclass(frozen=True, slots=True)
class Found:
    """A code as written, or a range `first`–`last` as written."""

    first: str
    last: str | None = None


def scan_list(text: str, pos: int, system: str) -> list[Found]:
    """The codes of one list starting at `pos` (just after a marker), in order."""
    found = _scan_from(text, GAP.match(text, pos).end(), system)  # type: ignore[union-attr]
    if found:
        return found
    start = GAP.match(text, pos).end()  # type: ignore[union-attr]
    label = LABEL.match(text, start)
    return _scan_from(text, label.end(), system) if label else []


def _scan_from(text: str, pos: int, system: str) -> list[Found]:
    found: list[Found] = []
    while True:
        item = _match_one(text, pos, system)
        if item is None:
            return found
        found.append(item[0])
        pos = SEP.match(text, item[1]).end()  # type: ignore[union-attr]


def _match_one(text: str, pos: int, system: str) -> tuple[Found, int] | None:
    if system == "hs":
        ranged = HS_RANGE.match(text, pos)
        if ranged:
            return Found(ranged.group(1), ranged.group(2)), ranged.end()
        one = HS_ONE.match(text, pos)
    else:
        one = ICS_ONE.match(text, pos)
    return (Found(one.group(0)), one.end()) if one else None


def marked_lists(text: str, system: str) -> list[Found]:
    """Every code that follows a marker of `system` ("hs" or "ics") in free text."""
    marker = HS_MARKER if system == "hs" else ICS_MARKER
    found: list[Found] = []
    for match in marker.finditer(text):
        found.extend(scan_list(text, match.end(), system))
    return found


def titled_lines(text: str, system: str) -> list[Found]:
    """Codes that open a `code – title` line or segment."""
    pattern = HS_TITLED if system == "hs" else ICS_TITLED
    found = []
    for match in pattern.finditer(text):
        token = match.group(1)
        if system == "hs" and YEAR.match(token):
            continue
        found.append(Found(token))
    return found
