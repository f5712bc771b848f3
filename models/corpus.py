"""The training texts of the embedded model, built only from what the project ships.

Three kinds, all deterministic: pseudo-notices made of a category's keywords in each language
(plus its names and scope), the HS 2022 and ICS titles under the category's mapped prefixes, and
labelled notices (the shipped file and reviewer decisions).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from models.guideline import full_text, readable
from models.records import LabelledDocument
from models.reference import hs_titles, ics_titles
from models.taxonomy import FALLBACK, Taxonomy


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    labels: tuple[str, ...]
    weight: float
    kind: str  # keywords, scope, hs-title, ics-title, labelled, reviewer
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Recipe:
    """How many and how heavy: part of the model version."""

    keywords_per_text: int = 4
    texts_per_keyword: float = 1.0
    # A category with many more keywords (food has hundreds of crops, pests and diseases) would
    # otherwise outweigh the rest in the n-gram model: its texts are capped, and each carries
    # more of its keywords so that every keyword still appears.
    texts_per_language: int = 150
    titles_per_category: int = 160
    keyword_weight: float = 1.0
    title_weight: float = 0.5
    partial_title_weight: float = 0.25
    labelled_weight: float = 3.0
    reviewer_weight: float = 3.0


def _rng(*parts: str) -> np.random.Generator:
    seed = int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "little")
    return np.random.default_rng(seed)


def keyword_examples(taxonomy: Taxonomy, recipe: Recipe) -> list[Example]:
    out: list[Example] = []
    for category in taxonomy.categories:
        if category.id == FALLBACK:
            continue
        labels = (category.id,)
        for lang, name in sorted(category.names.items()):
            scope = category.scope.get(lang, "")
            out.append(Example(f"{name}\n{scope}".strip(), labels, recipe.keyword_weight,
                               "scope", lang))
        for lang, words in sorted(category.keywords.items()):
            out += _pseudo_texts(category.id, lang, words, recipe)
    return out


def _pseudo_texts(category: str, lang: str, words: Sequence[str], recipe: Recipe) -> list[Example]:
    words = [w.rstrip("*") for w in words]
    rng = _rng("keywords", category, lang)
    count = max(3, round(len(words) * recipe.texts_per_keyword))
    joiner = "、" if lang == "zh" else ", "
    if count > recipe.texts_per_language:
        return _many(category, lang, words, recipe, rng, joiner)
    size = min(recipe.keywords_per_text, len(words))
    out = []
    for _ in range(count):
        chosen = rng.choice(len(words), size=size, replace=False)
        text = joiner.join(words[i] for i in sorted(chosen))
        out.append(Example(text, (category,), recipe.keyword_weight, "keywords", lang))
    return out


def _many(category: str, lang: str, words: Sequence[str], recipe: Recipe,
          rng: np.random.Generator, joiner: str) -> list[Example]:
    """`texts_per_language` texts that share out every keyword once (a shuffled deck)."""
    order = rng.permutation(len(words))
    chunks = np.array_split(order, recipe.texts_per_language)
    return [Example(joiner.join(words[i] for i in sorted(chunk)), (category,),
                    recipe.keyword_weight, "keywords", lang) for chunk in chunks]


def title_examples(taxonomy: Taxonomy, recipe: Recipe) -> list[Example]:
    """HS and ICS titles under each mapped prefix, labelled with every category mapped there."""
    owners: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for rule in taxonomy.rules:
        for code in _codes_under(rule.system, rule.prefix):
            strength = owners[(rule.system, code)].get(rule.category)
            if strength != "core":
                owners[(rule.system, code)][rule.category] = rule.strength
    per_category: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key in sorted(owners):
        for category in sorted(owners[key]):
            per_category[category].append(key)
    chosen: set[tuple[str, str]] = set()
    for category, keys in sorted(per_category.items()):
        rng = _rng("titles", category)
        if len(keys) > recipe.titles_per_category:
            picked = rng.choice(len(keys), size=recipe.titles_per_category, replace=False)
            keys = [keys[i] for i in sorted(picked)]
        chosen.update(keys)
    out = []
    for system, code in sorted(chosen):
        title = (hs_titles() if system == "HS" else ics_titles())[code]
        strengths = owners[(system, code)]
        core = all(s == "core" for s in strengths.values())
        weight = recipe.title_weight if core else recipe.partial_title_weight
        out.append(Example(title, tuple(sorted(strengths)), weight, f"{system.lower()}-title",
                           "en"))
    return out


def _codes_under(system: str, prefix: str) -> Iterable[str]:
    titles = hs_titles() if system == "HS" else ics_titles()
    if system == "HS":
        return [c for c in titles if c.startswith(prefix)]
    return [c for c in titles if c == prefix or c.startswith(prefix + ".")]


def labelled_examples(items: Iterable[LabelledDocument], recipe: Recipe,
                      taxonomy: Taxonomy) -> list[Example]:
    out = []
    for item in items:
        doc = item.document
        text = readable(full_text(doc), taxonomy).cased  # as the model will read it
        labels = tuple(sorted(label for label in item.labels if label != FALLBACK))
        weight = recipe.reviewer_weight if item.source == "reviewer" else recipe.labelled_weight
        out.append(Example(text, labels, weight, item.source, doc.language))
    return out


def synthetic_examples(taxonomy: Taxonomy, recipe: Recipe) -> list[Example]:
    return keyword_examples(taxonomy, recipe) + title_examples(taxonomy, recipe)
