"""Reading ticked boxes inside a box's text (after `normalise`, boxes are `[X]` and `[ ]`): the
options ticked, the TBT articles notified under, and the date part of SPS date boxes."""

from __future__ import annotations

import re

from crawlers.documents.values import join_lines

_BOX = re.compile(r"\[([X ])\]")
_ARTICLE = re.compile(r"\b\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\b")
# The free date after an option: "(dd/mm/yy): 17 April 2023", "(年/月/日):2019年8月18日".
_DATE_PART = re.compile(
    r"\((?:dd/mm/yy(?:yy)?|jj/mm/aa|dd/mm/aa|年\s*/?\s*月\s*/?\s*日)\)\s*[:：]?", re.I
)
_TRIM = " \t\n,.;:，。；、"


def has_boxes(text: str | None) -> bool:
    return bool(text and _BOX.search(text))


def options(text: str) -> list[tuple[bool, str]]:
    """(ticked, text after the box) for every box; text before the first box is dropped."""
    parts = _BOX.split(text)
    return [
        (parts[i] == "X", join_lines(parts[i + 1].split("\n")).strip(_TRIM))
        for i in range(1, len(parts) - 1, 2)
    ]


def ticked(text: str) -> list[str]:
    return [option for is_ticked, option in options(text) if is_ticked and option]


def articles(text: str) -> list[str]:
    """Articles a TBT notification is made under: ticked ones where boxes are shown, boxes
    after the number ("2.9.2 [X]") or before it ("[X] 2.9.2"); every article named otherwise."""
    if not has_boxes(text):
        return _ARTICLE.findall(text)
    after = re.findall(r"(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\s*\[([X ])\]", text)
    before = re.findall(r"\[([X ])\]\s*(\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)", text)
    if len(after) >= len(before):
        return [number for number, mark in after if mark == "X"]
    return [number for mark, number in before if mark == "X"]


def date_box_text(text: str) -> str:
    """An SPS date box as a reader means it: ticked options kept whole, unticked options only
    for the date written after them ("[ ] Six months ... (dd/mm/yy): 17 April 2023")."""
    if not has_boxes(text):
        return text.strip(_TRIM)
    head = _BOX.split(text)[0].strip(_TRIM)
    kept = [head] if head else []
    for is_ticked, option in options(text):
        if is_ticked:
            kept.append(option)
            continue
        date_part = _DATE_PART.split(option, maxsplit=1)
        if len(date_part) == 2 and date_part[1].strip(_TRIM):
            kept.append(date_part[1].strip(_TRIM))
    return "; ".join(part for part in kept if part)
