"""Flag policy: whether a classified notice goes to the reviewers' queue, and how urgent it is.

`decide` is pure (plain values in, a decision out); `warning.core.flag_job` applies it to the
database. The policy is read from `config/flagging.yml` (TBTWATCH_FLAGGING_FILE).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from config.yamlfile import load_model_file


class FlagPolicyError(ValueError):
    """The flagging file cannot be used; the message names the file and the key."""


class FlagPolicy(BaseModel):
    """What `config/flagging.yml` says; every key has a default (see that file for the why)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    watched: tuple[str, ...] = ("HT*",)
    min_score: float = Field(default=0.5, ge=0, le=1)
    thresholds: dict[str, float] = Field(default_factory=dict)
    flag_attention: bool = True
    deadline_share: float = Field(default=0.6, ge=0, le=1)
    deadline_horizon_days: int = Field(default=30, ge=1)
    no_deadline_factor: float = Field(default=0.3, ge=0, le=1)
    default_member_weight: float = Field(default=1.0, gt=0)
    member_weights: dict[str, float] = Field(default_factory=dict)

    @field_validator("watched")
    @classmethod
    def _patterns(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            if not pattern or not pattern.rstrip("*").isalnum():
                raise ValueError(f"{pattern!r}: a category id (HT01) or a prefix with * (HT*)")
        return tuple(p.upper() for p in value)

    @field_validator("thresholds")
    @classmethod
    def _scores(cls, value: dict[str, float]) -> dict[str, float]:
        for category, threshold in value.items():
            if not 0 <= threshold <= 1:
                raise ValueError(f"{category}: a threshold between 0 and 1")
        return {k.upper(): v for k, v in value.items()}

    @field_validator("member_weights")
    @classmethod
    def _weights(cls, value: dict[str, float]) -> dict[str, float]:
        for member, weight in value.items():
            if weight <= 0:
                raise ValueError(f"{member}: a weight above 0")
        return {k.upper(): v for k, v in value.items()}

    def watches(self, category: str) -> bool:
        return any(fnmatch.fnmatchcase(category.upper(), p) for p in self.watched)

    def threshold(self, category: str) -> float:
        return self.thresholds.get(category.upper(), self.min_score)

    def weight(self, member_code: str | None) -> float:
        if not member_code:
            return self.default_member_weight
        return self.member_weights.get(member_code.upper(), self.default_member_weight)


@dataclass(frozen=True, slots=True)
class FlagInput:
    """What the decision looks at: a notice's categories (id → score) and its context."""

    categories: Mapping[str, float]
    member_code: str | None = None
    comment_deadline: date | None = None
    attention: tuple[str, ...] = ()
    withdrawn: bool = False


@dataclass(frozen=True, slots=True)
class FlagDecision:
    flagged: bool
    urgency: float | None
    reasons: tuple[str, ...]


def decide(policy: FlagPolicy, item: FlagInput, today: date) -> FlagDecision:
    """Flag a notice in a watched category at or above its threshold (or marked for attention)."""
    if item.withdrawn:
        return FlagDecision(False, None, ("withdrawn",))
    hits = {
        category: score
        for category, score in item.categories.items()
        if policy.watches(category) and score >= policy.threshold(category)
    }
    reasons = tuple(f"{c} {s:.2f}" for c, s in sorted(hits.items(), key=lambda kv: -kv[1]))
    if policy.flag_attention and item.attention:
        reasons += tuple(f"attention: {a}" for a in item.attention)
    if not reasons:
        return FlagDecision(False, None, ())
    best = max(hits.values(), default=max(item.categories.values(), default=0.0))
    return FlagDecision(True, urgency(policy, item, best, today), reasons)


def deadline_factor(policy: FlagPolicy, deadline: date | None, today: date) -> float:
    """1.0 on the last day to comment, falling with the days left; 0 once the period closed."""
    if deadline is None:
        return policy.no_deadline_factor
    days_left = (deadline - today).days
    if days_left < 0:
        return 0.0
    horizon = policy.deadline_horizon_days
    return horizon / (horizon + days_left)


def urgency(policy: FlagPolicy, item: FlagInput, best_score: float, today: date) -> float:
    share = policy.deadline_share
    mix = share * deadline_factor(policy, item.comment_deadline, today) + (1 - share) * best_score
    return round(100 * policy.weight(item.member_code) * mix, 2)


def load_flag_policy(path: Path | None) -> FlagPolicy:
    """Read and validate the file; a missing file means every default."""
    return load_model_file(path, FlagPolicy, FlagPolicyError)
