"""Categories as the transformers backends see them: ids and label text per language.

The caller builds them from the taxonomy however it loads it; this module only turns them into
NLI hypotheses, in the document's language where the template and a label in it both exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from models.backends.base import BackendError

# "{}" takes the category's label. Phrased as a statement about the measure, which is what a
# notice's text is about, so that entailment means "this notice regulates these products".
TEMPLATES: dict[str, str] = {
    "en": "This regulation concerns {}.",
    "fr": "Cette réglementation concerne {}.",
    "es": "Este reglamento se refiere a {}.",
    "zh": "该法规涉及{}。",
    "vi": "Quy định này liên quan đến {}.",
}
FALLBACK_LANGUAGE = "en"
SCOPE_ITEMS = 3
_BRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]")
_ITEM_SEPARATOR = re.compile(r"[;；]")


@dataclass(frozen=True)
class CategoryText:
    """A category id and its label text: `names` and optional short `scopes` by language."""

    id: str
    names: Mapping[str, str]
    scopes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            raise BackendError("a category needs an id")
        if not self.names.get(FALLBACK_LANGUAGE):
            raise BackendError(f"category {self.id} needs an English name")

    @classmethod
    def of(cls, id: str, name_en: str, name_zh: str = "", scope_en: str = "",
           scope_zh: str = "") -> CategoryText:
        names = {"en": name_en, **({"zh": name_zh} if name_zh else {})}
        scopes = {k: v for k, v in (("en", scope_en), ("zh", scope_zh)) if v}
        return cls(id=id, names=names, scopes=scopes)

    def label(self, language: str, scope_items: int = SCOPE_ITEMS) -> str:
        """The name, then the first `scope_items` items of the scope in brackets if there is one
        in that language."""
        name = self.names[language]
        scope = short_scope(self.scopes.get(language, ""), scope_items)
        if not scope:
            return name
        return f"{name}（{scope}）" if language == "zh" else f"{name} ({scope})"


def short_scope(scope: str, items: int) -> str:
    """The first `items` items of a scope text ("a; b (note); c"), without bracketed notes.

    A taxonomy's scope is written for people and carries labelling notes; an NLI hypothesis
    works best short and about products only.
    """
    if items <= 0 or not scope:
        return ""
    plain = _BRACKETED.sub("", scope)
    parts = [p.strip(" ,，、.。") for p in _ITEM_SEPARATOR.split(plain)]
    parts = [p for p in parts if p][:items]
    joiner = "；" if any("\u4e00" <= ch <= "\u9fff" for ch in plain) else "; "
    return joiner.join(parts)


def hypothesis_language(category: CategoryText, language: str | None) -> str:
    """The document's language when there is a template and a label in it, else English."""
    lang = (language or "").lower().split("-")[0]
    if lang in TEMPLATES and category.names.get(lang):
        return lang
    return FALLBACK_LANGUAGE


def hypothesis(category: CategoryText, language: str | None,
               scope_items: int = SCOPE_ITEMS) -> str:
    lang = hypothesis_language(category, language)
    return TEMPLATES[lang].format(category.label(lang, scope_items))


def checked(categories: Iterable[CategoryText]) -> tuple[CategoryText, ...]:
    """The categories as a tuple, refusing an empty list and repeated ids."""
    result = tuple(categories)
    if not result:
        raise BackendError("no categories given")
    ids = [c.id for c in result]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise BackendError(f"repeated category ids: {', '.join(repeated)}")
    return result
