"""Categories as the transformers backends see them: ids and label text per language.

The caller builds them from the taxonomy however it loads it; this module only turns them into
NLI hypotheses, in the document's language where the template and a label in it both exist.
"""

from __future__ import annotations

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
}
FALLBACK_LANGUAGE = "en"


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

    def label(self, language: str) -> str:
        """The name, with the scope in brackets when one is given in that language."""
        name = self.names[language]
        scope = self.scopes.get(language)
        if not scope:
            return name
        return f"{name}（{scope}）" if language == "zh" else f"{name} ({scope})"


def hypothesis_language(category: CategoryText, language: str | None) -> str:
    """The document's language when there is a template and a label in it, else English."""
    lang = (language or "").lower().split("-")[0]
    if lang in TEMPLATES and category.names.get(lang):
        return lang
    return FALLBACK_LANGUAGE


def hypothesis(category: CategoryText, language: str | None) -> str:
    lang = hypothesis_language(category, language)
    return TEMPLATES[lang].format(category.label(lang))


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
