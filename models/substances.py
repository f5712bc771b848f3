"""Pesticide active substances and veterinary drugs named in a notice, and what it says of them.

Notices name the substance (`pyraclostrobine`, `clorpirifós`, `毒死蜱`) far more often than they
say "pesticide". Latin-script names match through a spelling key shared by English, French and
Spanish (accents dropped, ph→f, th→t, ch→c, y→i, doubled letters single, a final vowel or `s`
optional), so one list serves the three languages; Chinese names match as written. The lists and
the context phrases are in `models/data/substances.yml`.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import yaml

from models.keywords import _compile, _Matcher, trie_pattern
from models.reference import DATA_DIR
from models.textnorm import HAS_CJK, Prepared, without_accents

FILE = DATA_DIR / "substances.yml"
# Parts of hyphenated names that are not names themselves (diclofop-methyl, lambda-cyhalothrin).
AFFIXES = {"metil", "etil", "butil", "sodium", "amonium", "aluminium", "lambd", "gam", "alf",
           "bet", "zet", "tau", "benzoat"}
_SPELLING = ((re.compile("ph"), "f"), (re.compile("([tc])h"), r"\1"),
             (re.compile(r"([a-z])\1"), r"\1"))
_ENDING = "(?:[aeo]|[aeo]?s)?"


def spelling_key(text: str) -> str:
    """The text with English, French and Spanish spellings of a name made equal."""
    return _spelling(without_accents(text.lower()))


def _spelling(plain: str) -> str:
    key = plain.replace("y", "i")
    for pattern, replacement in _SPELLING:
        key = pattern.sub(replacement, key)
    return key


@dataclass(frozen=True)
class Substances:
    """The compiled lists: names by kind, stem endings, context phrases."""

    latin: re.Pattern[str]
    latin_names: dict[str, tuple[str, tuple[str, ...]]]  # key → (canonical name, kinds)
    chinese: re.Pattern[str] | None
    chinese_kinds: dict[str, tuple[str, ...]]
    # Endings, matched on the reversed spelling key so that a word is read from its end once.
    endings: re.Pattern[str]
    ending_kinds: dict[str, tuple[str, ...]]  # reversed ending → kinds
    chinese_endings: re.Pattern[str]
    chinese_ending_kinds: dict[str, tuple[str, ...]]
    not_names: frozenset[str]
    contexts: tuple[_Matcher, _Matcher]  # Latin-script languages, Chinese
    categories: dict[str, str]  # residue / pesticide / veterinary → category id
    digest: str


SECTIONS = (("pesticide", "pesticides"), ("veterinary", "veterinary"))


def _names(data: dict) -> tuple[dict[str, tuple[str, tuple[str, ...]]], dict[str, list[str]]]:
    latin: dict[str, tuple[str, list[str]]] = {}
    chinese: dict[str, list[str]] = defaultdict(list)
    for kind, section in SECTIONS:
        for name in data[section]["latin"]:
            for key in _latin_keys(str(name)):
                latin.setdefault(key, (str(name), []))[1].append(kind)
        for name in data[section]["zh"]:
            chinese[str(name)].append(kind)
    return {k: (n, tuple(dict.fromkeys(kinds))) for k, (n, kinds) in latin.items()}, chinese


def _latin_keys(name: str) -> list[str]:
    """The name's key, and the key of each meaningful part of a hyphenated name."""
    key = spelling_key(name)
    keys = [_stem(key)]
    if "-" in key and not key[0].isdigit():
        keys += [_stem(p) for p in key.split("-") if len(p) >= 5 and _stem(p) not in AFFIXES]
    return keys


def _stem(key: str) -> str:
    """Without the final s and vowel that spellings vary on (glyphosate ~ glifosato)."""
    return key.rstrip("s").rstrip("aeo") if len(key) > 5 else key


def _endings(data: dict, script: str, reverse: bool) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = defaultdict(list)
    for kind, section in SECTIONS:
        for ending in data[section]["suffixes"][script]:
            written = spelling_key(str(ending)) if script == "latin" else str(ending)
            found[written[::-1] if reverse else written].append(kind)
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def load_substances() -> Substances:
    raw = FILE.read_bytes()
    data = yaml.safe_load(raw)
    latin_names, chinese = _names(data)
    latin = re.compile(f"(?<![a-z0-9])(?P<n>{trie_pattern(latin_names)}){_ENDING}(?![a-z0-9])")
    zh = re.compile(trie_pattern(chinese)) if chinese else None
    endings = _endings(data, "latin", reverse=True)
    # Reversed: the optional ending, the reversed stem ending, at least two more letters.
    reversed_words = re.compile(f"(?<![a-z0-9])(?:[aeo]|s[aeo]?)?(?P<e>{trie_pattern(endings)})"
                                f"(?P<r>[a-z]{{2,}})(?![a-z0-9])")
    zh_endings = _endings(data, "zh", reverse=False)
    not_names = {spelling_key(str(w)) for _, s in SECTIONS for w in data[s].get("not_names", [])}
    return Substances(latin, latin_names, zh, {k: tuple(v) for k, v in chinese.items()},
                      reversed_words, endings, re.compile(trie_pattern(zh_endings)), zh_endings,
                      frozenset(not_names), _contexts(data),
                      {str(k): str(v) for k, v in data["categories"].items()},
                      hashlib.sha256(raw).hexdigest())


def _contexts(data: dict) -> tuple[_Matcher, _Matcher]:
    """One matcher for the phrases of every Latin-script language, one for Chinese: a notice
    quotes English in any language, and one pass is cheaper than one per language."""
    entries: dict[str, list[tuple[str, str]]] = defaultdict(list)
    tables = {"residue": data["residue"]["strong"], "weak": data["residue"]["weak"],
              "registration": data["registration"], "pesticide": data["pesticides"]["generic"],
              "veterinary": data["veterinary"]["generic"]}
    for kind, table in tables.items():
        for language, phrases in table.items():
            script = "zh" if language == "zh" else "en"
            entries[script] += [(kind, str(p)) for p in phrases]
    return _compile(entries["en"], "en"), _compile(entries["zh"], "zh")


@dataclass(frozen=True, slots=True)
class Found:
    """What one text says: substances named by kind, and the context phrases by kind."""

    names: dict[str, frozenset[str]]  # pesticide / veterinary → names as listed
    context: dict[str, frozenset[str]]  # residue / weak / registration / pesticide / veterinary

    def named(self, kind: str) -> frozenset[str]:
        """Substances of `kind`, or the generic words for it when none is named."""
        return self.names.get(kind) or self.context.get(kind, frozenset())


@lru_cache(maxsize=4096)
def find(text: Prepared) -> Found:
    """Substances and context phrases of `text`."""
    lists = load_substances()
    names: dict[str, set[str]] = defaultdict(set)
    key = _spelling(text.plain)
    for match in lists.latin.finditer(key):
        name, kinds = lists.latin_names[match.group("n")]
        for kind in kinds:
            names[kind].add(name)
    for match in lists.endings.finditer(key[::-1]):
        word = (match.group("e") + match.group("r"))[::-1]
        if len(word) >= 6 and word not in lists.not_names and not _known(word, names, lists):
            for kind in lists.ending_kinds[match.group("e")]:
                names[kind].add(word)
    if text.has_cjk:
        _find_chinese(text.folded, lists, names)
    context: dict[str, set[str]] = defaultdict(set)
    for matcher in lists.contexts[: 2 if text.has_cjk else 1]:
        for kind, phrases in matcher.find(text).items():
            context[kind] |= phrases
    return Found({k: frozenset(v) for k, v in names.items()},
                 {k: frozenset(v) for k, v in context.items()})


def _find_chinese(folded: str, lists: Substances, names: dict[str, set[str]]) -> None:
    if lists.chinese is not None:
        for match in lists.chinese.finditer(folded):
            for kind in lists.chinese_kinds[match.group(0)]:
                names[kind].add(match.group(0))
    for match in lists.chinese_endings.finditer(folded):
        start = match.start()
        while start > max(0, match.start() - 3) and HAS_CJK.match(folded, start - 1):
            start -= 1
        word = folded[start : match.end()]
        if start < match.start() and not _known(word, names, lists):
            for kind in lists.chinese_ending_kinds[match.group(0)]:
                names[kind].add(word)


def _known(word: str, names: dict[str, set[str]], lists: Substances) -> bool:
    """A word the name lists already gave (an ending must add only names they lack)."""
    if _stem(word) in lists.latin_names or word in lists.chinese_kinds:
        return True
    return any(name in word for found in names.values() for name in found)
