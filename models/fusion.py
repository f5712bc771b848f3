"""Fusion of code rules and text scores into the categories of one notice.

- A `core` code gives its category, unless the guideline excepts it, or the text clearly says
  other products and gives this category almost nothing (a code that contradicts the text loses).
- A `partial` code gives its category when the text confirms it (probability ≥ `partial`).
- The text alone gives a category at or above that category's threshold.
- Nothing given → the taxonomy's default for the notice's domain (food for SPS notices), else
  OT99; either is marked for review. OT99 never comes with another category.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from models.rules import RuleHit
from models.taxonomy import FALLBACK

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True)
class Thresholds:
    """Stored with a model: tuned by cross-validation when the model is built."""

    text: dict[str, float] = field(default_factory=dict)
    partial: float = 0.3  # text probability that confirms a partial code
    veto: float = 0.05  # below this, a core code the text contradicts is overruled
    core_score: float = 0.9  # measured precision of core codes: their calibrated score
    default: float = DEFAULT_THRESHOLD
    domain_score: float = 0.5  # measured precision of the domain's default category

    def for_category(self, category: str) -> float:
        return self.text.get(category, self.default)

    def to_dict(self) -> dict[str, Any]:
        return {"text": dict(self.text), "partial": self.partial, "veto": self.veto,
                "core_score": self.core_score, "default": self.default,
                "domain_score": self.domain_score}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Thresholds:
        return cls(text={k: float(v) for k, v in data.get("text", {}).items()},
                   partial=float(data.get("partial", 0.3)), veto=float(data.get("veto", 0.05)),
                   core_score=float(data.get("core_score", 0.9)),
                   default=float(data.get("default", DEFAULT_THRESHOLD)),
                   domain_score=float(data.get("domain_score", 0.5)))


@dataclass(frozen=True)
class Decision:
    """One category given to a notice."""

    category: str
    score: float
    method: str  # hs-rule, ics-rule, fusion (a code confirmed by the text), text
    evidence: dict[str, Any]
    needs_review: bool = False


def decide(scores: Mapping[str, float], hits: Mapping[str, list[RuleHit]],
           excepted: Mapping[str, Any], thresholds: Thresholds) -> dict[str, tuple[str, float]]:
    """Category → (method, score) before evidence is attached; empty means OT99."""
    text_says = {c for c, p in scores.items() if p >= thresholds.for_category(c)}
    given: dict[str, tuple[str, float]] = {}
    for category, category_hits in hits.items():
        if category in excepted or category == FALLBACK:
            continue
        p = scores.get(category, 0.0)
        core = [h for h in category_hits if h.strength == "core"]
        if core and not (p < thresholds.veto and text_says - {category}):
            given[category] = (f"{core[0].system.lower()}-rule", max(p, thresholds.core_score))
        elif not core and p >= thresholds.partial:
            given[category] = ("fusion", p)
    for category in sorted(text_says):
        if category not in given and category not in excepted and category != FALLBACK:
            given[category] = ("text", scores[category])
    return given


def overruled(scores: Mapping[str, float], hits: Mapping[str, list[RuleHit]],
              given: Mapping[str, Any]) -> list[RuleHit]:
    """Core codes whose category was not given: the text or the guideline said otherwise."""
    return [h for c, hs in hits.items() for h in hs if h.strength == "core" and c not in given]


def fallback_decision(scores: Mapping[str, float], evidence: dict[str, Any]) -> Decision:
    best = max(scores.values(), default=0.0)
    return Decision(FALLBACK, round(1.0 - best, 4), "fusion", evidence, needs_review=True)


def domain_decision(category: str, thresholds: Thresholds, evidence: dict[str, Any]) -> Decision:
    """The domain's default category when nothing else applies: a default, not a finding, so
    it is scored with how often it was right on held-out notices and always reviewed."""
    return Decision(category, round(thresholds.domain_score, 4), "domain", evidence,
                    needs_review=True)
