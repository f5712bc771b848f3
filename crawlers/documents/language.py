"""Which language a text is in (en, fr, es, zh), and language names as documents write them."""

from __future__ import annotations

import re
from collections import Counter

from crawlers.documents.normalise import fold

_STOPWORDS = {
    "en": set(
        [
            "the",
            "of",
            "and",
            "to",
            "for",
            "is",
            "this",
            "in",
            "on",
            "with",
            "that",
            "be",
            "are",
            "by",
            "from",
            "which",
            "as",
            "an",
            "or",
        ]
    ),
    "fr": set(
        [
            "le",
            "la",
            "les",
            "des",
            "du",
            "et",
            "pour",
            "est",
            "une",
            "dans",
            "sur",
            "par",
            "au",
            "aux",
            "qui",
            "que",
            "ce",
            "sont",
            "en",
        ]
    ),
    "es": set(
        [
            "el",
            "la",
            "los",
            "las",
            "del",
            "y",
            "para",
            "es",
            "una",
            "en",
            "por",
            "con",
            "que",
            "se",
            "al",
            "sobre",
            "como",
        ]
    ),
}
_NAMES = {
    "en": ("english", "anglais", "ingles", "英语", "英文", "英"),
    "fr": ("french", "francais", "frances", "法语", "法文"),
    "es": ("spanish", "espagnol", "espanol", "castellano", "西班牙语", "西班牙文"),
    "zh": ("chinese", "chinois", "chino", "中文", "汉语", "中国语"),
    "ru": ("russian", "russe", "ruso", "俄语", "俄文"),
    "ar": ("arabic", "arabe", "阿拉伯语", "阿拉伯文"),
    "pt": ("portuguese", "portugais", "portugues", "葡萄牙语", "葡萄牙文"),
    "ja": ("japanese", "japonais", "japones", "日语", "日文"),
    "ko": ("korean", "coreen", "coreano", "韩语", "韩文"),
    "de": ("german", "allemand", "aleman", "德语", "德文"),
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def language_code(name: str | None) -> str | None:
    """`English`, `español`, `英语` → en, es; None for anything else."""
    if not name:
        return None
    key = fold(name).strip(" .:;,()")
    for code, names in _NAMES.items():
        if key in names or key.split(" ", 1)[0] in names:
            return code
    return None


def content_language(*texts: str | None) -> str | None:
    """The language most of the text is written in; None when there is too little to tell."""
    text = " ".join(t for t in texts if t)
    letters = re.sub(r"[\W\d_]", "", text)
    if not letters:
        return None
    if len(_CJK.findall(text)) >= 0.2 * len(letters):
        return "zh"
    words = re.findall(r"[a-z']+", fold(text))
    scores = Counter({lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()})
    lang, score = scores.most_common(1)[0]
    if score < 2:
        return None
    return lang
