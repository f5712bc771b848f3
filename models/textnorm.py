"""Text as the classifier compares it: NFKC, case-folded, simplified Chinese, no pinyin glosses.

Chinese notices come in traditional and simplified characters, and some republished pages gloss
characters with pinyin in brackets (`法規(guī)`); both would split one word into many features.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from models.reference import DATA_DIR

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAS_CJK = re.compile(f"[{CJK}]")
PINYIN_GLOSS = re.compile(
    rf"(?<=[{CJK}])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{{1,7}}\)"
)
PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-", "—": "-"})
SPACES = re.compile(r"\s+")
COMBINING = re.compile("[\u0300-\u036f]")
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
STOPWORDS = {
    "en": {"the", "of", "and", "for", "on", "with", "to", "in", "is", "by"},
    "fr": {"le", "la", "les", "des", "du", "et", "pour", "sur", "une", "aux", "au", "l", "d", "de",
           "est", "dans", "qui"},
    "es": {"el", "la", "los", "las", "del", "y", "para", "por", "con", "una", "que", "al", "de",
           "en", "se"},
}
WORDS = re.compile(r"[a-zà-ÿ]+")


@dataclass(frozen=True, slots=True)
class Prepared:
    """One text in the forms the matchers read: `cased` keeps case, `folded` does not, and
    `plain` is `folded` without accents (mirrors drop them, and Spanish plurals move them:
    `camión`, `camiones`)."""

    cased: str
    folded: str
    has_cjk: bool
    plain: str = ""


@lru_cache(maxsize=1)
def _t2s() -> dict[int, str]:
    table: dict[int, str] = {}
    with (DATA_DIR / "zh_t2s.txt").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2 and len(parts[0]) == 1 and parts[1]:
                table[ord(parts[0])] = parts[1].split(" ")[0]
    return table


def simplified(text: str) -> str:
    """Traditional Chinese characters replaced by their simplified form; other text unchanged."""
    return text.translate(_t2s())


def prepare(text: str) -> Prepared:
    cased = unicodedata.normalize("NFKC", text).translate(PUNCTUATION)
    cased = PINYIN_GLOSS.sub("", cased.replace("\u3000", " "))
    has_cjk = HAS_CJK.search(cased) is not None
    if has_cjk:
        cased = simplified(cased)
    cased = SPACES.sub(" ", cased).strip()
    folded = cased.casefold()
    return Prepared(cased, folded, has_cjk, without_accents(folded))


@lru_cache(maxsize=8192)
def prepare_cached(text: str) -> Prepared:
    """`prepare`, remembered: the rules, the text model and fusion read the same texts."""
    return prepare(text)


def without_accents(text: str) -> str:
    """Latin letters without their diacritics (é → e, ñ → n); other scripts unchanged."""
    if text.isascii():
        return text
    return COMBINING.sub("", unicodedata.normalize("NFD", text))


def normalise(text: str) -> str:
    """The folded form alone, for keywords and phrases read from configuration."""
    return prepare(text).folded


def guess_language(text: str) -> str | None:
    """A cheap guess for notices that do not say their language: zh, vi, fr, es or en."""
    folded = text.casefold()
    letters = sum(ch.isalpha() for ch in folded) or 1
    if len(HAS_CJK.findall(folded)) / letters > 0.2:
        return "zh"
    if len(VIETNAMESE.findall(folded)) >= 3:
        return "vi"
    words = WORDS.findall(folded)
    counts = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    return best if counts[best] else None
