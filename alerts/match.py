"""Which subscriptions a notice concerns, and why: a pure decision over inverted indexes.

Semantics (docs/alerts.md has the decision table):
- topics: categories, HS prefixes and keywords. A notice matches when ANY given topic matches
  (category OR HS prefix OR keyword). A subscription with no topic at all takes every notice.
- filters: markets and domains. An empty list means no restriction; otherwise the notice's member
  must be covered by one of the markets (`EU` covers its member states) AND its domain listed.
- HS: a notice code matches a subscribed prefix it starts with (8517 matches 851762); a notice
  code of a whole heading (4+ digits) also matches a longer subscribed prefix inside it, but a
  bare chapter (2 digits) is too broad to match a heading.
- keywords: case-insensitive. Words in spaced scripts match whole words and phrases with simple
  English plural folding (battery ~ batteries); Chinese and Japanese keywords match as substrings.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from warning.core.members import covers, member_of

DOMAINS = {"tbt": "TBT", "sps": "SPS", "regulation": "regulation", "alert": "alert"}
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f"
_UNSPACED = re.compile(f"[{_CJK}]")
# Words of spaced scripts; a run of Chinese is not a word, so "LED灯" still holds the word "led".
_WORD = re.compile(f"[^\\W_{_CJK}]+")


class Criteria(NamedTuple):
    """One subscription as the matcher sees it."""

    id: int
    subscriber_id: int
    categories: tuple[str, ...] = ()
    hs_prefixes: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    frequency: str = "immediate"
    reminders: bool = True


class NoticeFacts(NamedTuple):
    """What the matcher needs of a notice: its effective categories and searchable text."""

    id: int
    domain: str
    member_code: str | None
    categories: tuple[str, ...] = ()
    hs_codes: tuple[str, ...] = ()
    text: str = ""


class Reason(NamedTuple):
    kind: str  # category, hs, keyword, market, domain, all
    value: str  # the subscription's term
    detail: str | None = None  # what in the notice matched it (a code, a member)


class Match(NamedTuple):
    subscription: Criteria
    notice_id: int
    reasons: tuple[Reason, ...]


def normalise_hs(code: str) -> str:
    """Digits only: `8517.62.00` → `85176200`."""
    return "".join(ch for ch in code if ch.isdigit())


def normalise_text(text: str) -> str:
    """NFKC (full-width to half-width), case-folded, white space collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def normalise_market(market: str) -> str:
    member = member_of(market)
    return member.code if member else market.strip().upper()


def normalise_domain(domain: str) -> str | None:
    return DOMAINS.get(domain.strip().casefold())


def stem(word: str) -> str:
    """Fold English plurals so `battery` finds `batteries` and `toy` finds `toys`."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(normalise_text(text))]


def is_unspaced(keyword: str) -> bool:
    return bool(_UNSPACED.search(keyword))


def effective_categories(rows: Iterable[tuple[str, bool, bool]]) -> tuple[str, ...]:
    """From (category, accepted, current) rows: the reviewer's accepted decision if there is one,
    else the machine's current classification."""
    rows = list(rows)
    accepted = [c for c, is_accepted, current in rows if is_accepted and current]
    chosen = accepted or [c for c, is_accepted, current in rows if current and not is_accepted]
    return tuple(dict.fromkeys(chosen))


class _Prepared(NamedTuple):
    text: str
    tokens: list[str]
    positions: dict[str, list[int]]


Postings = dict[str, list[int]]  # market ("" = no market restriction) → subscription positions


class SubscriptionIndex:
    """Inverted indexes over many subscriptions; `match(notice)` touches only candidates.

    Every posting list is split by the subscription's markets, so a notice visits only the
    subscriptions whose market filter it passes (and those without one)."""

    def __init__(self, subscriptions: Sequence[Criteria]) -> None:
        self.subs = list(subscriptions)
        self._by_category: dict[str, Postings] = {}
        self._by_hs: dict[str, Postings] = {}
        self._by_heading: dict[str, set[str]] = defaultdict(set)  # heading → longer prefixes
        self._phrases: dict[str, dict[tuple[str, ...], tuple[Reason, Postings]]] = defaultdict(
            dict
        )
        self._substrings: dict[str, dict[str, tuple[Reason, Postings]]] = defaultdict(dict)
        self._open: Postings = {}  # subscriptions without topics: every notice is a candidate
        # Reasons are built once, not per hit: matching creates no objects but the matches.
        self._reasons: dict[tuple[str, str, str | None], Reason] = {}
        self._markets: list[frozenset[str]] = []
        self._domains: list[frozenset[str]] = []
        self._sets: dict[tuple[str, tuple[str, ...]], frozenset[str]] = {}
        self._terms: dict[tuple[str, str], Postings | None] = {}
        for position, sub in enumerate(self.subs):
            self._add(position, sub)
        self._market_names = {m for ms in self._markets for m in ms}
        self._cover_cache: dict[str | None, tuple[str, ...]] = {}

    def _add(self, position: int, sub: Criteria) -> None:
        markets = self._set("market", sub.markets)
        self._markets.append(markets)
        self._domains.append(self._set("domain", sub.domains))
        keys = tuple(markets) or ("",)
        targets = [self._postings(kind, term) for kind, terms in (
            ("category", sub.categories), ("hs", sub.hs_prefixes), ("keyword", sub.keywords),
        ) for term in terms]
        if not (sub.categories or sub.hs_prefixes or sub.keywords):
            targets.append(self._open)
        seen: set[int] = set()
        for postings in targets:
            if postings is not None and id(postings) not in seen:
                seen.add(id(postings))
                _post(postings, keys, position)

    def _set(self, kind: str, values: tuple[str, ...]) -> frozenset[str]:
        """Normalised markets or domains; identical lists share one set (cached by value)."""
        key = (kind, values)
        found = self._sets.get(key)
        if found is None:
            if kind == "market":
                found = frozenset(normalise_market(m) for m in values if m.strip())
            else:
                found = frozenset(d for d in map(normalise_domain, values) if d)
            self._sets[key] = found
        return found

    def _postings(self, kind: str, term: str) -> Postings | None:
        """The posting lists of one term as written (cached: subscriptions share terms)."""
        key = (kind, term)
        if key not in self._terms:
            self._terms[key] = self._new_postings(kind, term)
        return self._terms[key]

    def _new_postings(self, kind: str, term: str) -> Postings | None:
        if kind == "category":
            return self._by_category.setdefault(term.strip().upper(), {})
        if kind == "hs":
            prefix = normalise_hs(term)
            if len(prefix) < 2:
                return None
            for cut in range(4, len(prefix)):
                self._by_heading[prefix[:cut]].add(prefix)
            return self._by_hs.setdefault(prefix, {})
        keyword = normalise_text(term)
        if not keyword:
            return None
        if is_unspaced(keyword):
            bucket = self._substrings[keyword[0]]
            return bucket.setdefault(keyword, (self._reason("keyword", keyword), {}))[1]
        phrase = tuple(words(keyword))
        if not phrase:
            return None
        return self._phrases[phrase[0]].setdefault(
            phrase, (self._reason("keyword", keyword), {})
        )[1]

    def _reason(self, kind: str, value: str, detail: str | None = None) -> Reason:
        key = (kind, value, detail)
        found = self._reasons.get(key)
        if found is None:
            found = self._reasons[key] = Reason(kind, value, detail)
        return found

    def _covering(self, member_code: str | None) -> tuple[str, ...]:
        """"" and the subscribed markets that cover a member, by `members.covers` (cached)."""
        if member_code not in self._cover_cache:
            found = sorted(m for m in self._market_names if covers(m, member_code))
            self._cover_cache[member_code] = ("", *found)
        return self._cover_cache[member_code]

    def match(self, notice: NoticeFacts) -> list[Match]:
        keys = self._covering(notice.member_code)
        hits: dict[int, list[Reason]] = defaultdict(list)
        for category in dict.fromkeys(notice.categories):
            postings = self._by_category.get(category)
            if postings:
                _visit(postings, keys, self._reason("category", category), hits)
        self._match_hs(notice, keys, hits)
        if self._phrases or self._substrings:
            self._match_keywords(_prepare(notice.text), keys, hits)
        _visit(self._open, keys, self._reason("all", "*"), hits)
        return self._filter(notice, keys, hits)

    def _match_hs(self, notice: NoticeFacts, keys: tuple[str, ...], hits: _Hits) -> None:
        for code in dict.fromkeys(normalise_hs(c) for c in notice.hs_codes):
            prefixes = [code[:cut] for cut in range(2, len(code) + 1)]
            if len(code) >= 4:
                prefixes.extend(self._by_heading.get(code, ()))
            for prefix in prefixes:
                postings = self._by_hs.get(prefix)
                if postings:
                    _visit(postings, keys, self._reason("hs", prefix, code), hits)

    def _match_keywords(self, prepared: _Prepared, keys: tuple[str, ...], hits: _Hits) -> None:
        for token in prepared.positions.keys() & self._phrases.keys():
            for phrase, (reason, postings) in self._phrases[token].items():
                if len(phrase) == 1 or _has_phrase(prepared, phrase):
                    _visit(postings, keys, reason, hits)
        for char in set(prepared.text) & self._substrings.keys():
            for text, (reason, postings) in self._substrings[char].items():
                if text in prepared.text:
                    _visit(postings, keys, reason, hits)

    def _filter(self, notice: NoticeFacts, keys: tuple[str, ...], hits: _Hits) -> list[Match]:
        covering = frozenset(keys)
        subs, all_markets, all_domains = self.subs, self._markets, self._domains
        matches = []
        for position, reasons in hits.items():
            domains = all_domains[position]
            if domains and notice.domain not in domains:
                continue
            markets = all_markets[position]
            if markets:  # visited through a covering market, so the intersection is not empty
                market = min(markets & covering)
                reasons.append(self._reason("market", market, notice.member_code))
            unique = tuple(reasons) if len(reasons) == 1 else tuple(dict.fromkeys(reasons))
            matches.append(Match(subs[position], notice.id, unique))
        return matches

    def match_all(self, notices: Iterable[NoticeFacts]) -> dict[int, list[Match]]:
        return {notice.id: self.match(notice) for notice in notices}


_Hits = dict[int, list[Reason]]


def _post(postings: Postings, keys: tuple[str, ...], position: int) -> None:
    for key in keys:
        postings.setdefault(key, []).append(position)


def _visit(postings: Postings, keys: tuple[str, ...], reason: Reason, hits: _Hits) -> None:
    for key in keys:
        for position in postings.get(key, ()):
            hits[position].append(reason)


def _prepare(text: str) -> _Prepared:
    normalised = normalise_text(text)
    tokens = [stem(w) for w in _WORD.findall(normalised)]
    positions: dict[str, list[int]] = defaultdict(list)
    for index, token in enumerate(tokens):
        positions[token].append(index)
    return _Prepared(normalised, tokens, positions)


def _has_phrase(prepared: _Prepared, phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(
        tuple(prepared.tokens[start:start + size]) == phrase
        for start in prepared.positions[phrase[0]]
    )


def match_one(subscription: Criteria, notice: NoticeFacts) -> Match | None:
    """The decision for a single pair (the same code path as the index)."""
    found = SubscriptionIndex([subscription]).match(notice)
    return found[0] if found else None
