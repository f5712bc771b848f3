"""Dates in a document's boxes: `warning.core.dates.parse_date` plus what only the document as a
whole can settle (US month-first lists, Chinese year-first `02-11-27`), and a verdict on text
that holds no date: relative ("60 days after publication"), undetermined, or not understood."""

from __future__ import annotations

import re
from datetime import date

from warning.core.dates import parse_date

_NUMERIC = re.compile(r"\b(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b")
_SHORT_YMD = re.compile(r"(?<![\d/.\-])(\d{2})-(\d{1,2})-(\d{1,2})(?![\d/.\-])")
_RELATIVE = re.compile(
    r"\b(?:days?|months?|weeks?|years?|jours?|mois|semaines?|ans?|d[ií]as|meses|semanas|a[nñ]os)"
    r"\b|[天日月周年]\s*(?:后|後|以后|之后|起|内|內)|之后|之後|后\d|起\d|自.{0,20}起",
    re.I,
)
_UNDETERMINED = re.compile(
    r"to be (?:determined|confirmed|announced|decided)|not (?:yet )?(?:known|determined|"
    r"applicable|available|stated|specified|decided)|\bn/?a\b|\bn\.\s?d\.|\btbd\b|\bnone\b|"
    r"non applicable|sans objet|[àa] d[ée]terminer|pas encore|por determinar|no (?:se )?"
    r"(?:aplica|aplicable|procede|disponible)|no determinad|待定|未定|不适用|不適用|未表明|不详|"
    r"不詳|无|無|尚未确定|尚未確定|暂无|暫無",
    re.I,
)
_MONTH_YEAR = re.compile(
    r"^\W*(?:\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[/.\-]\d{1,2}|\d{1,2}[/.\-]\d{4}|[A-Za-zéûáñ]+\.?,?"
    r"\s+(?:de\s+)?\d{4}|(?:early|mid|late|end of|fin|début|finales de|principios de)\s+\S+"
    r"(?:\s+\d{4})?)\W*$",
    re.I,
)


# A written date, to find where one ends inside a longer text.
DATE_EXPRESSION = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th|er|º)?\s+(?:de\s+)?[^\W\d_]{3,10}\.?,?\s+(?:de\s+)?\d{4}\b"
    r"|\b[^\W\d_]{3,10}\.?\s+\d{1,2},\s+\d{4}\b|\b0?\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}\b"
    r"|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日",
    re.I,
)


def numeric_order(text: str) -> str:
    """`dmy` or `mdy` for the all-number dates of a document: a first part above 12 proves
    day-first, a second part above 12 month-first; day-first when nothing proves either."""
    first_big = second_big = False
    for a, b, _ in _NUMERIC.findall(text):
        first_big |= int(a) > 12 >= int(b)
        second_big |= int(b) > 12 >= int(a)
    return "mdy" if second_big and not first_big else "dmy"


class DateReader:
    """Reads the dates of one document with the conventions found in it."""

    def __init__(self, *, order: str = "dmy", yearfirst: bool = False) -> None:
        self.order = order
        self.yearfirst = yearfirst

    def read(self, text: str | None) -> date | None:
        if not text or not text.strip():
            return None
        if self.yearfirst and not re.search(r"\d{4}", text):
            short = _SHORT_YMD.search(text)
            if short:
                return _make(
                    2000 + int(short[1]) if int(short[1]) < 70 else 1900 + int(short[1]),
                    int(short[2]),
                    int(short[3]),
                )
        numeric = _NUMERIC.search(text)
        found = parse_date(text, dayfirst=self.order != "mdy")
        if numeric and (found is None or self._numeric_first(text, numeric)):
            a, b, year = (int(g) for g in numeric.groups())
            month, day = (a, b) if self.order == "mdy" or (b > 12 >= a) else (b, a)
            return (
                _make(
                    year if year >= 100 else 2000 + year if year < 70 else 1900 + year, month, day
                )
                or found
            )
        return found

    @staticmethod
    def _numeric_first(text: str, numeric: re.Match[str]) -> bool:
        """parse_date reads ISO and worded dates before numeric ones; keep its answer when such
        a date comes first in the text."""
        other = re.search(r"\d{4}[-/.年]|\d{1,2}\s+[A-Za-zéû]{3,}", text)
        return other is None or other.start() > numeric.start()

    def verdict(self, text: str | None) -> str:
        """date, relative, undetermined, month (a month without a day), empty or unknown."""
        if not text or not text.strip():
            return "empty"
        if self.read(text) is not None:
            return "date"
        if _MONTH_YEAR.match(text.strip()):
            return "month"
        if _RELATIVE.search(text):
            return "relative"
        if _UNDETERMINED.search(text):
            return "undetermined"
        return "unknown" if re.search(r"\d", text) else "undetermined"


def _make(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if 1947 <= value.year <= 2100 else None
