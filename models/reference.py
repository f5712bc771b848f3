"""The HS 2022 and ICS ed. 7 lists shipped in `models/data`, loaded once per process."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class LegacyCode:
    """An HS code of an older edition and the HS 2022 code that took its goods."""

    old: str
    new: str
    removed_in: str
    note: str


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def hs_titles() -> dict[str, str]:
    """HS 2022 code (2, 4 or 6 digits, no dots) → English title."""
    return {row["hscode"]: row["description"] for row in _read("hs2022.csv")}


@lru_cache(maxsize=1)
def ics_titles() -> dict[str, str]:
    """ICS code as written by ISO (`67`, `67.140`, `67.140.10`) → English title."""
    titles: dict[str, str] = {}
    for row in _read("ics_ed7.csv"):
        titles[row["code"]] = row["description"]
    return titles


@lru_cache(maxsize=1)
def hs_legacy() -> dict[str, LegacyCode]:
    """Codes removed from HS since 1996, by old code."""
    table: dict[str, LegacyCode] = {}
    for row in _read("hs_legacy.csv"):
        code = LegacyCode(row["old_code"], row["new_code"], row["removed_in"], row["note"])
        table[code.old] = code
    return table


def hs_title(code: str) -> str | None:
    return hs_titles().get(code)


def ics_title(code: str) -> str | None:
    return ics_titles().get(code)
