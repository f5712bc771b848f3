"""Cut a form's text into slots: find every known label (any language, any line breaks), and
give each the text up to the next label. Numbered boxes and Chinese label lines that match no
known label are reported, and cut off rather than absorbed into the previous field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawlers.documents.dates import DATE_EXPRESSION
from crawlers.documents.labels import Label, all_labels
from crawlers.documents.normalise import fold

_LATIN = re.compile(r"[a-z0-9¿]")
_COLON = re.compile(r"(?:\[\d\]|\d(?=[ \t]*:))?[ \t]*(?:\n[ \t]*)?:")
_BOX_BEFORE = re.compile(r"(?<![^\s:.;])(\d{1,2})[ \t]*[.)]?[ \t]*(?:\n[ \t]*){0,2}$")
_CHECK_BEFORE = re.compile(r"(\[[x ]\]|#)\s*$")
_ANCHOR_BEFORE = re.compile(r"(?:\n|[•·#]|\[[x ]\])[ \t]*$")
_LINE_START = re.compile(r"(?:\n|[•·])[ \t]*$")
_UNKNOWN_BOX = re.compile(
    r"^[ \t]*(\d{1,2})[ \t]*[.)]?[ \t]*(?:\n[ \t]*)?"
    r"([^\W\d_][^\n:：\d]{1,90}?)[ \t]*[:：]",
    re.M,
)
_CJK_LABEL_LINE = re.compile(
    r"^[ \t]*([\u4e00-\u9fff][\u4e00-\u9fffA-Za-z()（）/、]{1,15})[ \t]*[:：]", re.M
)
_TRUNCATED_BOX = re.compile(r"\n[ \t]*(\d{1,2})[ \t]*[.)]?[ \t]+([^\W\d_][^\n:]{0,80})\s*$")
_NUMBER_LINE = re.compile(r"(?:\n[ \t]*\d{1,2}[ \t]*[.)]?[ \t]*)+$")
_DATES = {"distribution_date", "adoption", "publication", "entry_into_force", "comment_deadline"}
_SENTENCE_END = re.compile(r"\.(?=\s|$)|。|(?=\n)")
_DATE_SENTENCE = re.compile(r"[^.]{0,200}?\d[^.]{0,120}?\.(?=\s|$)")
# Slots whose value is one line at most: the last of them on a page ends at its line.
_SHORT = {
    "symbol",
    "distribution_date",
    "member",
    "agency",
    "keywords",
    "doc_kind",
    "adoption",
    "publication",
    "entry_into_force",
    "comment_deadline",
    "remarks",
    "original_language",
    "attachments",
    "pages",
    "title_languages",
    "link_field",
    "hs_codes",
    "ics_codes",
}


@dataclass
class Hit:
    label: Label
    start: int  # where the label begins, box number included
    label_start: int
    label_end: int
    end: int  # where its value begins (after the colon)
    box: int | None
    checked: bool | None
    anchored: bool


@dataclass
class Slot:
    name: str
    lang: str
    raw: str
    box: int | None
    checked: bool | None
    offset: int
    label: str


@dataclass
class Segments:
    slots: list[Slot] = field(default_factory=list)
    first_label: int = 0  # offset of the first label: the text before is the header/preamble
    unknown: list[str] = field(default_factory=list)

    def get(self, name: str) -> list[Slot]:
        return [slot for slot in self.slots if slot.name == name]

    def langs(self) -> list[str]:
        return [slot.lang for slot in self.slots if slot.name != "ignore"]


def segment(text: str, key: str | None = None) -> Segments:
    key = fold(text) if key is None else key
    hits = _resolve(_candidates(key))
    hits = _check_box_sequence(hits)
    result = Segments(first_label=hits[0].start if hits else len(text))
    for match in _UNKNOWN_BOX.finditer(text, 0, result.first_label):
        result.unknown.append(f"unrecognised box {match.group(1)}: {match.group(2).strip()!r}")
    next_boxes = _next_boxes(hits)
    for index, hit in enumerate(hits):
        end = hits[index + 1].start if index + 1 < len(hits) else len(text)
        next_box = next_boxes[index]
        raw = text[hit.end : end]
        raw = _cut_unknown(raw, hit, next_box, result)
        if index + 1 == len(hits):
            raw = _cut_truncated_box(raw, hit, result)
        result.slots.append(
            Slot(
                hit.label.slot,
                hit.label.lang,
                _NUMBER_LINE.sub("", raw),
                hit.box,
                hit.checked,
                hit.end,
                text[hit.label_start : hit.label_end],
            )
        )
    _trim_last(result.slots, result)
    return result


def _next_boxes(hits: list[Hit]) -> list[int | None]:
    """For each hit, the box number of the next hit that has one."""
    out: list[int | None] = [None] * len(hits)
    following: int | None = None
    for index in range(len(hits) - 1, -1, -1):
        out[index] = following
        if hits[index].box is not None:
            following = hits[index].box
    return out


def _candidates(key: str) -> list[Hit]:
    hits = []
    for label in all_labels():
        for match in label.regex.finditer(key):
            hit = _qualify(label, key, match.start(), match.end())
            if hit is not None:
                hits.append(hit)
    return hits


def _qualify(label: Label, key: str, start: int, end: int) -> Hit | None:
    latin = bool(_LATIN.match(key[start]))
    if latin and start > 0 and _LATIN.match(key[start - 1]):
        return None
    if latin and end < len(key) and key[end - 1].isalpha() and "a" <= key[end] <= "z":
        return None
    colon = _COLON.match(key, end)
    window = max(0, start - 40)
    box_match = _BOX_BEFORE.search(key, window, start) if label.box else None
    head_end = box_match.start() if box_match else start
    checkbox = _CHECK_BEFORE.search(key, window, head_end)
    anchored = (
        bool(box_match) or head_end == 0 or bool(_ANCHOR_BEFORE.search(key, window, head_end))
    )
    line_start = head_end == 0 or bool(_LINE_START.search(key, window, head_end))
    if not _kind_allows(label, bool(colon), anchored, line_start, checkbox is not None):
        return None
    return Hit(
        label,
        box_match.start() if box_match else start,
        start,
        end,
        colon.end() if colon else end,
        int(box_match.group(1)) if box_match else None,
        None if checkbox is None else checkbox.group(1) in ("[x]", "#"),
        anchored,
    )


def _kind_allows(label: Label, colon: bool, anchored: bool, line_start: bool, box: bool) -> bool:
    kind = label.kind
    if kind == "strong":
        return anchored or colon
    if kind == "weak":
        return anchored and colon
    if kind == "line":
        return line_start
    if kind == "cjk":
        return colon
    if kind == "cjkline":
        return colon and anchored
    # reason: a ticked/empty box before it; generic words ("other") only with the box
    if label.slot == "reason.other":
        return box
    return box or (colon and anchored)


def _resolve(hits: list[Hit]) -> list[Hit]:
    """Earliest first, longest first at one place; a label inside an accepted one is dropped."""
    hits.sort(key=lambda h: (h.label_start, -(h.label_end - h.label_start)))
    accepted: list[Hit] = []
    for hit in hits:
        if accepted and hit.label_start < accepted[-1].end:
            continue
        accepted.append(hit)
    return accepted


def _check_box_sequence(hits: list[Hit]) -> list[Hit]:
    """Box numbers rise through a form (1 again starts a second copy); a number out of order is
    text of the previous field, not a box."""
    last = 0
    for hit in hits:
        if hit.box is None:
            continue
        if hit.box > last or hit.box == 1:
            last = hit.box
        else:
            hit.box, hit.start = None, hit.label_start
    return hits


def _cut_unknown(raw: str, hit: Hit, next_box: int | None, result: Segments) -> str:
    low = hit.box or 0
    for match in _UNKNOWN_BOX.finditer(raw):
        number = int(match.group(1))
        if low < number and (number < next_box if next_box else number <= 20):
            result.unknown.append(f"unrecognised box {number}: {match.group(2).strip()!r}")
            return raw[: match.start()]
    if hit.label.lang == "zh" or "\u4e00" <= raw.lstrip()[:1] <= "\u9fff":
        for match in _CJK_LABEL_LINE.finditer(raw):
            if match.start() > 0 or raw[:1] == "\n":
                result.unknown.append(f"unrecognised label {match.group(1)!r}")
                return raw[: match.start()]
    return raw


def _cut_truncated_box(raw: str, hit: Hit, result: Segments) -> str:
    """A copy cut inside the next box's label leaves "8 Re" after the last value."""
    match = _TRUNCATED_BOX.search(raw)
    if match and hit.box is not None and int(match.group(1)) == hit.box + 1:
        result.unknown.append(f"unrecognised box {match.group(1)}: {match.group(2).strip()!r}")
        return raw[: match.start()]
    return raw


def _trim_last(slots: list[Slot], result: Segments) -> None:
    """The last field of a page runs into the page's footer. Where labels and values share a
    line, a short last field ends at its line; a date ends after its sentence. What is cut off
    is reported."""
    if not slots or slots[-1].name not in _SHORT:
        return
    last = slots[-1]
    before = last.raw
    filled = [s for s in slots if s.raw.strip()]
    same_line = sum(1 for s in filled if s.raw.split("\n", 1)[0].strip()) * 2 >= len(filled)
    paragraph = re.split(r"\n[ \t]*\n", last.raw.lstrip(" \t\n"), maxsplit=1)[0]
    written = DATE_EXPRESSION.search(paragraph) if last.name in _DATES else None
    sentence = _DATE_SENTENCE.match(paragraph) if last.name in _DATES else None
    if written:  # up to the end of the sentence holding the date
        stop = _SENTENCE_END.search(paragraph, written.end())
        last.raw = paragraph[: stop.end() if stop else len(paragraph)]
    elif sentence:
        last.raw = sentence.group(0)
    elif same_line:
        last.raw = last.raw.split("\n", 1)[0]
    else:
        last.raw = re.split(r"\n[ \t]*\n", last.raw.strip("\n"), maxsplit=1)[0]
    kept_at = before.find(last.raw)
    dropped = " ".join(before[kept_at + len(last.raw) :].split()) if kept_at >= 0 else ""
    if dropped:
        result.unknown.append(f"text after the last field not read: {dropped[:60]!r}")
