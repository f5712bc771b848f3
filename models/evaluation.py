"""Scores of predicted categories against gold labels: per category, micro, macro, per language.

Macro-F1 averages over the categories present in the gold labels (of the whole file, or of one
language for the per-language figure); micro-F1 pools every decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from models.taxonomy import FALLBACK


@dataclass(frozen=True)
class CategoryScore:
    precision: float
    recall: float
    f1: float
    support: int  # notices with this category in the gold labels
    predicted: int
    true_positives: int


@dataclass
class Report:
    n: int
    per_category: dict[str, CategoryScore]
    micro_f1: float
    macro_f1: float
    per_language: dict[str, float]
    coverage: float  # share of notices given at least one category other than OT99
    seconds: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def notices_per_s(self) -> float | None:
        if not self.seconds:
            return None
        return self.n / self.seconds

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "macro_f1": round(self.macro_f1, 4),
            "micro_f1": round(self.micro_f1, 4),
            "per_language": {k: round(v, 4) for k, v in sorted(self.per_language.items())},
            "per_category": {k: {m: round(v, 4) if isinstance(v, float) else v
                                 for m, v in asdict(s).items()}
                             for k, s in sorted(self.per_category.items())},
            "coverage": round(self.coverage, 4),
            "notices_per_s": round(self.notices_per_s, 1) if self.notices_per_s else None,
            **self.extra,
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def category_scores(gold: Sequence[set[str]], predicted: Sequence[set[str]],
                    categories: Iterable[str]) -> dict[str, CategoryScore]:
    out = {}
    for category in sorted(categories):
        support = sum(category in g for g in gold)
        made = sum(category in p for p in predicted)
        tp = sum(category in g and category in p for g, p in zip(gold, predicted, strict=True))
        precision, recall = _ratio(tp, made), _ratio(tp, support)
        out[category] = CategoryScore(precision, recall, _f1(precision, recall), support, made, tp)
    return out


def macro(scores: dict[str, CategoryScore]) -> float:
    present = [s.f1 for s in scores.values() if s.support]
    return sum(present) / len(present) if present else 0.0


def micro(gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> float:
    tp = sum(len(g & p) for g, p in zip(gold, predicted, strict=True))
    made = sum(len(p) for p in predicted)
    support = sum(len(g) for g in gold)
    return _f1(_ratio(tp, made), _ratio(tp, support))


def evaluate(gold: Sequence[Iterable[str]], predicted: Sequence[Iterable[str]],
             languages: Sequence[str | None], seconds: float | None = None) -> Report:
    gold_sets = [set(g) for g in gold]
    pred_sets = [set(p) for p in predicted]
    if not len(gold_sets) == len(pred_sets) == len(languages):
        raise ValueError("gold, predicted and languages must have the same length")
    categories = set().union(*gold_sets, *pred_sets) if gold_sets else set()
    per_category = category_scores(gold_sets, pred_sets, categories)
    per_language = {}
    for language in sorted({lang or "?" for lang in languages}):
        rows = [i for i, lang in enumerate(languages) if (lang or "?") == language]
        g, p = [gold_sets[i] for i in rows], [pred_sets[i] for i in rows]
        per_language[language] = macro(category_scores(g, p, set().union(*g, *p)))
    coverage = _ratio(sum(bool(p - {FALLBACK}) for p in pred_sets), len(pred_sets))
    return Report(len(gold_sets), per_category, micro(gold_sets, pred_sets), macro(per_category),
                  per_language, coverage, seconds)
