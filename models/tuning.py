"""Thresholds tuned on held-out probabilities, for the fused decision (codes and text together).

Per-category thresholds fitted on a few dozen notices would memorise them, so each category's
best threshold is shrunk towards the best shared one in proportion to how few positives it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.fusion import Thresholds

GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)
PARTIAL_GRID = np.round(np.arange(0.05, 0.651, 0.05), 3)
VETO_GRID = (0.0, 0.02, 0.05, 0.1, 0.2)
SHRINK = 5.0  # pseudo-positives pulling a category towards the shared threshold


@dataclass(frozen=True)
class Evidence:
    """Per (notice, category) booleans from the code rules and the guideline's exceptions."""

    core: np.ndarray
    partial: np.ndarray  # partial hits on categories without a core hit
    excepted: np.ndarray
    default: np.ndarray | None = None  # the domain's default category, given if nothing else


def predict(p: np.ndarray, ev: Evidence, text_t: np.ndarray, partial_t: float,
            veto: float) -> np.ndarray:
    """The fused decision for every (notice, category), as `fusion.decide` makes it."""
    text_says = p >= text_t[None, :]
    others = (text_says.sum(axis=1, keepdims=True) - text_says) > 0
    core_ok = ev.core & ~((p < veto) & others)
    given = ~ev.excepted & (core_ok | (ev.partial & (p >= partial_t)) | text_says)
    if ev.default is None:
        return given
    return given | (~given.any(axis=1, keepdims=True) & ev.default)


def f1(pred: np.ndarray, y: np.ndarray) -> float:
    tp = float(np.sum(pred & y))
    denominator = float(np.sum(pred) + np.sum(y))
    return 2 * tp / denominator if denominator else 0.0


def _plateau_middle(values: Sequence[float] | np.ndarray, scores: Sequence[float]) -> float:
    best = max(scores)
    chosen = [v for v, s in zip(values, scores, strict=True) if s >= best - 1e-12]
    return float(chosen[len(chosen) // 2])


def tune(p: np.ndarray, y: np.ndarray, ev: Evidence, labels: Sequence[str],
         core_score: float) -> Thresholds:
    """Thresholds that maximise F1 of the fused decision on held-out probabilities `p`."""
    y = y.astype(bool)
    k = p.shape[1]
    text_t = np.full(k, 0.5)
    partial_t, veto = 0.3, 0.05
    for _ in range(2):
        shared = _plateau_middle(GRID, [
            f1(predict(p, ev, np.full(k, t), partial_t, veto), y) for t in GRID])
        for j in range(k):
            scores = []
            for t in GRID:
                trial = text_t.copy()
                trial[j] = t
                scores.append(f1(predict(p, ev, trial, partial_t, veto)[:, j], y[:, j]))
            positives = float(y[:, j].sum())
            best = _plateau_middle(GRID, scores) if positives else shared
            text_t[j] = (positives * best + SHRINK * shared) / (positives + SHRINK)
        partial_t = _plateau_middle(PARTIAL_GRID, [
            f1(predict(p, ev, text_t, t, veto), y) for t in PARTIAL_GRID])
        veto = _plateau_middle(VETO_GRID, [
            f1(predict(p, ev, text_t, partial_t, v), y) for v in VETO_GRID])
    return Thresholds(text={c: round(float(t), 4) for c, t in zip(labels, text_t, strict=True)},
                      partial=float(partial_t), veto=float(veto), core_score=core_score,
                      default=round(float(np.mean(text_t)), 4),
                      domain_score=domain_precision(p, y, ev, text_t, partial_t, veto))


def core_precision(ev: Evidence, y: np.ndarray) -> float:
    """How often a core code's category is right on labelled notices (smoothed): its score."""
    hits = ev.core & ~ev.excepted
    right = float(np.sum(hits & y.astype(bool)))
    return round((right + 1.0) / (float(hits.sum()) + 2.0), 4)


def domain_precision(p: np.ndarray, y: np.ndarray, ev: Evidence, text_t: np.ndarray,
                     partial_t: float, veto: float) -> float:
    """How often the domain's default was right where it was all a notice got (smoothed)."""
    if ev.default is None:
        return 0.5
    given = predict(p, Evidence(ev.core, ev.partial, ev.excepted), text_t, partial_t, veto)
    fired = ~given.any(axis=1) & ev.default.any(axis=1)
    right = float(np.sum(fired & (ev.default & y.astype(bool)).any(axis=1)))
    return round((right + 1.0) / (float(fired.sum()) + 2.0), 4)
