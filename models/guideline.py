"""The guideline's rules on pesticides and veterinary drugs, applied to the substances a notice
names (`models/substances.py`), as keyword hits and exceptions the rest of the model reads.

- A residue limit or tolerance of a named substance is food, whatever the substance: the food
  category gets the names, and chemicals (pesticides) and medicines (veterinary drugs) are
  excepted, as the taxonomy's `except` phrases already do for "maximum residue limit".
- The registration, approval, renewal or ban of a pesticide said in the title or products is
  the product itself: chemicals, also when the same document sets tolerances (then both).
- An SPS notice naming a pesticide or veterinary drug is about its residues in food (that is
  why it was notified as SPS), with chemicals as well when it registers the pesticide. Any other
  notice naming one regulates the product: a pesticide is chemicals, a veterinary drug a
  medicine.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from models.document import Document
from models.keywords import KeywordIndex, trie_pattern
from models.substances import Found, find, load_substances
from models.taxonomy import Taxonomy
from models.textnorm import Prepared, guess_language, prepare, prepare_cached

log = logging.getLogger(__name__)


def full_text(document: Document) -> str:
    """Everything the text side reads: products, title, description, keywords, objectives."""
    return "\n".join(p for p in (document.text, document.objectives) if p)


def main_text(document: Document) -> str:
    """The fields that say what the measure regulates: products and title."""
    return "\n".join(p for p in (document.products, document.title) if p)


def readable(text: str, taxonomy: Taxonomy) -> Prepared:
    """`text` prepared, without the names of bodies that read like products: the Food and
    Drug Administration regulates devices too, and 检验检疫局 is no quarantine measure."""
    prepared = prepare_cached(text)
    patterns = _not_products(taxonomy.not_products)
    if patterns is None or patterns[0].search(prepared.folded) is None:
        return prepared
    return prepare_cached(patterns[1].sub(" ", prepared.cased))


@lru_cache(maxsize=4)
def _not_products(phrases: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A fast test on the folded text (one trie), and the pattern that removes from the cased
    text, used only when the test found a name."""
    if not phrases:
        return None
    written = sorted({prepare(p).cased for p in phrases}, key=len, reverse=True)
    alternatives = "|".join(map(re.escape, written))
    return (re.compile(trie_pattern(prepare(p).folded for p in written)),
            re.compile(f"(?:{alternatives})", re.IGNORECASE))


@dataclass(frozen=True)
class Ruling:
    """What the rules add to one notice's keyword hits and exceptions."""

    hits: dict[str, set[str]] = field(default_factory=dict)  # category → names, full text
    main: dict[str, set[str]] = field(default_factory=dict)  # the same, in products and title
    excepted: dict[str, set[str]] = field(default_factory=dict)  # category → why not
    lifted: frozenset[str] = frozenset()  # categories whose `except` phrases no longer hold


@lru_cache(maxsize=8)
def _roles(labels: frozenset[str]) -> dict[str, str]:
    """residue / pesticide / veterinary → category, for the categories this taxonomy has."""
    roles = load_substances().categories
    missing = sorted(c for c in roles.values() if c not in labels)
    if missing:
        log.warning("substance rules off for %s: not categories of this taxonomy", missing)
    return {role: c for role, c in roles.items() if c in labels}


def rule(document: Document, index: KeywordIndex, full: Prepared, main: Prepared) -> Ruling:
    """The substance rules' hits and exceptions for one notice (the result is shared: do not
    change it)."""
    return _rule(document.domain == "SPS", frozenset(index.taxonomy.labels), full, main)


@lru_cache(maxsize=4096)
def _rule(sps: bool, labels: frozenset[str], full: Prepared, main: Prepared) -> Ruling:
    roles = _roles(labels)
    if not roles:
        return Ruling()
    seen = find(full)
    if not seen.names and not seen.context:  # most notices: nothing to rule on
        return Ruling()
    said = find(main) if main.folded else seen
    pesticides, drugs = seen.named("pesticide"), seen.named("veterinary")
    weak = bool(seen.context.get("weak")) and bool(pesticides or drugs)
    residue = bool(seen.context.get("residue")) or weak
    # A residue notice often explains that an approval ended: only the title or products count.
    registered = said.context.get("registration", frozenset())
    product = bool(pesticides) and bool(registered)
    hits: dict[str, set[str]] = defaultdict(set)
    excepted: dict[str, set[str]] = defaultdict(set)
    if residue or sps:  # notified as SPS: its food-safety side is the residues
        hits["residue"] |= pesticides | drugs
    if sps and product:  # a registration decision notified as SPS reassesses the tolerances
        hits["residue"] |= registered
    if product or not (residue or sps):
        hits["pesticide"] |= pesticides | (registered if product else frozenset())
    if not (residue or sps):
        hits["veterinary"] |= drugs
    if (residue or (sps and pesticides)) and not product:
        excepted["pesticide"].add("residue limit" if residue else "SPS notice on a pesticide")
    if residue:
        excepted["veterinary"].add("residue limit")
    return _ruling(roles, hits, excepted, said, product)


def _ruling(roles: dict[str, str], hits: dict[str, set[str]], excepted: dict[str, set[str]],
            said: Found, product: bool) -> Ruling:
    in_main = set().union(*said.names.values(), *said.context.values())
    by_category: dict[str, set[str]] = defaultdict(set)
    main: dict[str, set[str]] = defaultdict(set)
    for role, names in hits.items():
        if role in roles and names:
            by_category[roles[role]] |= names
            main[roles[role]] |= names & in_main
    lifted = frozenset({roles["pesticide"]} if product and "pesticide" in roles else ())
    return Ruling(dict(by_category), {c: v for c, v in main.items() if v},
                  {roles[r]: v for r, v in excepted.items() if r in roles}, lifted)


def excepted(document: Document, index: KeywordIndex,
             language: str | None = None) -> dict[str, set[str]]:
    """Categories the machine must not give this notice: the taxonomy's `except` phrases found
    in it, and the substance rules' exceptions, less what a pesticide registration lifts."""
    full = readable(full_text(document), index.taxonomy)
    main = readable(main_text(document), index.taxonomy)
    language = language or document.language or guess_language(full.cased)
    ruling = rule(document, index, full, main)
    found = {c: set(p) for c, p in index.excepted(full, language).items() if c not in ruling.lifted}
    for category, why in ruling.excepted.items():
        found.setdefault(category, set()).update(why)
    return found
