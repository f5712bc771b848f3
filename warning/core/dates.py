"""Dates as sources write them: ISO, d/m/y, `24 May 2023`, French, Spanish and Chinese forms,
Excel serials; free text such as "to be determined" is kept as text with no date."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            [
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            [
                "janvier",
                "février",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août",
                "septembre",
                "octobre",
                "novembre",
                "décembre",
            ],
            1,
        )
    },
    **{
        m: i
        for i, m in enumerate(
            [
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ],
            1,
        )
    },
    "fevrier": 2,
    "aout": 8,
    "decembre": 12,
    "setiembre": 9,
    "sept": 9,
    **{
        m: i
        for i, m in enumerate(
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
        )
    },
}
_ISO = re.compile(r"\b0?(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DMY = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")
_YMD_SLASH = re.compile(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_WORDS = re.compile(
    r"\b(\d{1,2})(?:er|st|nd|rd|th|º)?\s+(?:de\s+)?([a-zA-Zéûá]+)\.?,?\s+(?:de\s+)?(\d{4})\b"
)
_MDY_WORDS = re.compile(r"\b([a-zA-Z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_EXCEL_EPOCH = date(1899, 12, 30)


def _safe(year: int, month: int, day: int) -> date | None:
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if 1947 <= value.year <= 2100 else None


def excel_serial(value: float | int) -> date | None:
    """An Excel date serial (1900 system) as a date; None when out of any plausible range."""
    if not 10000 <= value <= 80000:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(value))


def parse_date(value: object, *, dayfirst: bool = True) -> date | None:
    """The first date written in `value`, or None when it holds none (e.g. "to be determined")."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return excel_serial(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return excel_serial(float(text))
    for pattern in (_ISO, _CJK, _YMD_SLASH):
        match = pattern.search(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return _safe(y, m, d)
    match = _WORDS.search(text)
    if match and match[2].casefold() in MONTHS:
        return _safe(int(match[3]), MONTHS[match[2].casefold()], int(match[1]))
    match = _MDY_WORDS.search(text)
    if match and match[1].casefold() in MONTHS:
        return _safe(int(match[3]), MONTHS[match[1].casefold()], int(match[2]))
    match = _DMY.search(text)
    if match:
        a, b, y = (int(g) for g in match.groups())
        day, month = (a, b) if dayfirst or b > 12 else (b, a)
        if not dayfirst and a > 12:
            day, month = a, b
        return _safe(y, month, day)
    return None
