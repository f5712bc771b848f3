"""Text clean-up before parsing, and `fold`: a same-length matching key (lower case, no accents,
simplified Chinese, ASCII punctuation) so labels are matched once, whatever the script variant,
while values are still cut from the original text at the same offsets."""

from __future__ import annotations

import re
import unicodedata

CHECKED = "[X]"
UNCHECKED = "[ ]"

# Traditional characters seen in (or next to) the labels of Chinese platforms, to simplified.
_TRAD = (
    "報报號号發发佈布員员標标內内簡简負负責责機机構构蓋盖產产語语頁页數数鏈链網网擬拟準准見见"
    "饋馈從从關关據据條条國国時时間间預预諮咨詢询點点聯联繫系傳传電电郵邮編编碼码與与衛卫動动"
    "護护應应對对訊讯參参評评議议鍵键處处際际織织組组貿贸務务會会術术類类區区響响實实記记錄录"
    "緊紧屬属規规範范檢检驗验說说問问題题狀状種种該该補补遺遗訂订誤误銷销圍围門门稱称體体當当"
    "備备註注檔档適适進进個个後后夥伙壘垒採采這这歐欧盟盟詳详細细讀读寫写為为於于發发廣广東东"
    "湛湛麗丽豐丰質质學学業业農农藥药殘残限限量量華华協协調调議议臺台灣湾澳澳門门單单獨独稅税"
    "賬账戶户確确認认證证態态無无達达選选擇择題题項项雜杂額额獻献寶宝遠远連连邊边運运產产"
)
_TRAD_MAP = {_TRAD[i]: _TRAD[i + 1] for i in range(0, len(_TRAD) - 1, 2)}
_PUNCT = {
    "’": "'",
    "‘": "'",
    "´": "'",
    "`": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "−": "-",
    "：": ":",
    "đ": "d",
    "Đ": "d",
    "ø": "o",
    "ł": "l",
    "\u00a0": " ",
    "\u3000": " ",
}

_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,6}\))[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)"
)
_BOX_CHECKED = re.compile(r"\[\s*[xX✓✔✗✘√■☒☑×]\s*\]|[☒☑■⊠⌧\uf0fe\uf0fd\uf078\uf0fb]")
_BOX_EMPTY = re.compile(r"\[[ \t\u3000]*\]|[☐□\uf0a8\uf06f\uf071]")
_CELL_BAR = re.compile(r"(?:(?<=\s)|^)\|(?=\s|$)", re.M)
_PAGE_FURNITURE = re.compile(
    r"^[ \t]*(?:-[ \t]*\d{1,3}[ \t]*-|Page:?[ \t]*\d{1,3}[ \t]*(?:/|of)[ \t]*\d{1,3})[ \t]*$",
    re.M | re.I,
)
# The WTO form's footnote on "text available from"; in PDFs it lands anywhere on the page.
_FORM_FOOTNOTE = re.compile(
    r"^[ \t]*(?:\[\d\]|\d)?[ \t]*(?:This information can be provided by including a website"
    r"[\s\S]{0,400}?can be obtained\.|(?:Ces renseignements peuvent [eê]tre fournis|Esta "
    r"informaci[oó]n puede (?:facilitarse|proporcionarse|suministrarse))[^\n]*)[ \t]*$",
    re.M | re.I,
)
# The running head of pages 2 and after: the symbol and "- 2 -", in either order, with the
# blank lines around it (a paragraph goes on across the page break).
_RUNNING_HEAD = re.compile(
    r"\n(?:[ \t]*\n)*[ \t]*(?:G/(?:TBT|SPS)/[^\s]{3,40}[ \t]*\n(?:[ \t]*\n)*[ \t]*-[ \t]*\d{1,3}"
    r"[ \t]*-|-[ \t]*\d{1,3}[ \t]*-[ \t]*\n(?:[ \t]*\n)*[ \t]*G/(?:TBT|SPS)/[^\s]{3,40})"
    r"[ \t]*(?:\n[ \t]*)*(?=\n)"
)


def normalise(text: str) -> str:
    """The text with checkboxes as [X]/[ ], table bars as line breaks, pinyin glosses of mirror
    sites and page furniture removed. Everything else, including line breaks, is kept."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "").replace("\u200b", "")
    if len(_GLOSS.findall(text)) >= 3:  # mirrors that gloss one character gloss many
        text = _GLOSS.sub("", text)
    text = _BOX_CHECKED.sub(CHECKED, text)
    text = _BOX_EMPTY.sub(UNCHECKED, text)
    text = _CELL_BAR.sub("\n", text)
    text = _FORM_FOOTNOTE.sub("", text)
    text = _RUNNING_HEAD.sub("", text)
    text = _PAGE_FURNITURE.sub("", text)
    return text


def fold_char(char: str) -> str:
    if char in _PUNCT:
        return _PUNCT[char]
    if char in _TRAD_MAP:
        return _TRAD_MAP[char]
    code = ord(char)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII
        return chr(code - 0xFEE0).lower()
    if code < 128:
        return char.lower()
    base = unicodedata.normalize("NFD", char)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    """A matching key of exactly the same length as `text`."""
    table: dict[int, str] = {}
    for char in set(text):
        folded = fold_char(char)
        if folded != char:
            table[ord(char)] = folded
    return text.translate(table)


def simplified(text: str) -> str:
    """Traditional Chinese characters of the label set turned simplified (for member names)."""
    return "".join(_TRAD_MAP.get(c, c) for c in text)
