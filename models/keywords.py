"""Keyword and `except` phrase matching per category, in the languages of the taxonomy.

All keywords of a language are compiled into one regular expression shaped as a trie, so a text
is scanned once whatever the number of keywords. Matches do not overlap and the longest wins:
`food contact materials` counts for consumer goods, not also `food` for food. Keywords with two
or more capitals (`LED`, `REACH`, `GHS`) are acronyms and match only in that case. In English,
French and Spanish, accents are ignored on both sides: mirrors drop them (`electricos`), and
Spanish plurals move them (`radiocomunicación`, `radiocomunicaciones`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from models.taxonomy import Taxonomy
from models.textnorm import Prepared, normalise, without_accents

LATIN = "0-9a-zà-ÿāăąćčďđēėęěğīįıķĺľłńňōőœŕřśşšťūůűųźżžơưǎǐǒǔạ-ỹ"
PLURAL = {"en": "(?:s|es)?", "fr": "(?:s|x)?", "es": "(?:s|es)?"}
ACCENTLESS = frozenset(PLURAL)  # languages matched on the text without accents
ACRONYM = re.compile(r"[A-Z].*[A-Z]")


def trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation for `words`, factored by common prefixes (longest match first)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie) or "(?!)"


def _node_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


@dataclass(frozen=True, slots=True)
class _Matcher:
    """Keyword matching for one language: folded words, prefixes (`word*`) and acronyms."""

    folded: re.Pattern[str] | None
    acronyms: re.Pattern[str] | None
    owners: dict[str, tuple[str, ...]]  # matched phrase → categories
    plain: bool = False  # matched on the text without accents
    shown: dict[str, str] | None = None  # matched phrase → the phrase as configured

    def find(self, text: Prepared) -> dict[str, set[str]]:
        return self.find_split(text, None)[0]

    def find_split(self, text: Prepared, head: Prepared | None,
                   ) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Keywords of `text`, and of its beginning `head` (one pass over the text)."""
        found: dict[str, set[str]] = defaultdict(set)
        early: dict[str, set[str]] = defaultdict(set)
        words = text.plain if self.plain else text.folded
        cut_words = len((head.plain if self.plain else head.folded) if head else "")
        for pattern, source, cut in ((self.folded, words, cut_words),
                                     (self.acronyms, text.cased, len(head.cased) if head else 0)):
            if pattern is None:
                continue
            for match in pattern.finditer(source):
                phrase = match.group("w") or (match.group("p") + "*")
                shown = self.shown.get(phrase, phrase) if self.shown else phrase
                for category in self.owners.get(phrase, ()):
                    found[category].add(shown)
                    if match.end() <= cut:
                        early[category].add(shown)
        return found, early


def _compile(entries: list[tuple[str, str]], language: str) -> _Matcher:
    """`entries`: (category, phrase as configured)."""
    plain = language in ACCENTLESS
    owners: dict[str, list[str]] = defaultdict(list)
    shown: dict[str, str] = {}
    exact, prefixes, acronyms = set(), set(), set()
    for category, phrase in entries:
        if ACRONYM.search(phrase) and " " not in phrase and not phrase.endswith("*"):
            keys = [phrase]
            acronyms.add(phrase)
        elif phrase.endswith("*"):
            keys = [_key(phrase[:-1], plain) + "*"]
            prefixes.add(keys[0][:-1])
        else:
            keys = _variants(_key(phrase, plain), language)
            exact.update(keys)
            for key in keys:
                shown.setdefault(key, normalise(phrase))
        for key in keys:
            if category not in owners[key]:
                owners[key].append(category)
    folded = _folded_pattern(exact, prefixes, language)
    acro = re.compile(f"(?<![{LATIN}A-Z])(?P<w>{trie_pattern(acronyms)})(?![{LATIN}A-Z])(?P<p>)")
    return _Matcher(folded, acro if acronyms else None,
                    {k: tuple(v) for k, v in owners.items()}, plain,
                    {k: v for k, v in shown.items() if k != v})


def _key(phrase: str, plain: bool) -> str:
    folded = normalise(phrase)
    return without_accents(folded) if plain else folded


def _variants(key: str, language: str) -> list[str]:
    """French words in -al take -aux in the plural (animal, animaux; végétal, végétaux)."""
    if language == "fr" and key.endswith("al"):
        return [key, key[:-2] + "aux"]
    return [key]


def _folded_pattern(exact: set[str], prefixes: set[str], language: str) -> re.Pattern[str] | None:
    if not exact and not prefixes:
        return None
    if language == "zh":
        # Chinese has no spaces: keywords match anywhere, Latin words inside them still whole.
        return re.compile(f"(?P<w>{trie_pattern(exact)})(?P<p>)")
    plural = PLURAL.get(language, "")
    words = f"(?P<w>{trie_pattern(exact)}){plural}"
    starts = f"(?P<p>{trie_pattern(prefixes)})[{LATIN}]*"
    return re.compile(f"(?<![{LATIN}])(?:{words}|{starts})(?![{LATIN}])")


# Compiled matchers by (taxonomy digest, kind, language): every index of one taxonomy shares them.
_COMPILED: dict[tuple[str, str, str], _Matcher] = {}


@dataclass
class KeywordIndex:
    """The taxonomy's keywords and `except` phrases, compiled per language on first use."""

    taxonomy: Taxonomy

    @cached_property
    def _entries(self) -> dict[tuple[str, str], list[tuple[str, str]]]:
        entries: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for category in self.taxonomy.categories:
            for kind, table in (("keywords", category.keywords), ("except", category.excepts)):
                for language, phrases in table.items():
                    entries[(kind, language)] += [(category.id, p) for p in phrases]
        return entries

    def _matcher(self, kind: str, language: str) -> _Matcher:
        key = (self.taxonomy.digest, kind, language)
        if key not in _COMPILED:
            _COMPILED[key] = _compile(self._entries.get((kind, language), []), language)
        return _COMPILED[key]

    def warm(self) -> KeywordIndex:
        """Compile every language now, so that the first notices are not slower than the rest."""
        for language in self.taxonomy.languages:
            for kind in ("keywords", "except"):
                self._matcher(kind, language)
        return self

    def languages_for(self, text: Prepared, language: str | None) -> list[str]:
        """The notice's language, English (quoted everywhere) and Chinese when CJK is present."""
        chosen = [lang for lang in (language, "en") if lang in self.taxonomy.languages]
        if text.has_cjk and "zh" not in chosen:
            chosen.append("zh")
        return list(dict.fromkeys(chosen))

    def keywords(self, text: Prepared, language: str | None) -> dict[str, set[str]]:
        """Category → the keywords found in `text`."""
        return self._find("keywords", text, language)

    def excepted(self, text: Prepared, language: str | None) -> dict[str, set[str]]:
        """Category → the `except` phrases found in `text` (the guideline's exceptions)."""
        return self._find("except", text, language)

    def keywords_split(self, text: Prepared, head: Prepared,
                       language: str | None) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """Keywords of `text` and of `head`, the text's beginning (products and title), in one
        pass when `head` is a prefix of `text`, as it is once prepared."""
        if not (text.folded.startswith(head.folded) and text.plain.startswith(head.plain)
                and text.cased.startswith(head.cased)):
            return self.keywords(text, language), self.keywords(head, language)
        found: dict[str, set[str]] = defaultdict(set)
        early: dict[str, set[str]] = defaultdict(set)
        for lang in self.languages_for(text, language):
            every, first = self._matcher("keywords", lang).find_split(text, head)
            for category, phrases in every.items():
                found[category] |= phrases
            for category, phrases in first.items():
                early[category] |= phrases
        return dict(found), dict(early)

    def _find(self, kind: str, text: Prepared, language: str | None) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for lang in self.languages_for(text, language):
            for category, phrases in self._matcher(kind, lang).find(text).items():
                found[category] |= phrases
        return dict(found)
