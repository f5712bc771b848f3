"""Deterministic folds for cross-validation, spreading each category's notices over the folds."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

import numpy as np


def _order_key(item_id: str, seed: int) -> str:
    return hashlib.sha256(f"{seed}:{item_id}".encode()).hexdigest()


def assign_folds(ids: Sequence[str], labels: Sequence[Sequence[str]], folds: int,
                 seed: int = 0) -> np.ndarray:
    """Fold number per item. Items of the rarest categories are dealt first, round-robin, so
    that a category with five notices has one in each of five folds."""
    folds = max(1, min(folds, len(ids)))
    frequency = Counter(label for item in labels for label in item)
    order = sorted(
        range(len(ids)),
        key=lambda i: (min((frequency[x] for x in labels[i]), default=10**9),
                       _order_key(ids[i], seed)),
    )
    fold_of = np.zeros(len(ids), dtype=np.int64)
    sizes = np.zeros(folds, dtype=np.int64)
    per_label: dict[str, np.ndarray] = {}
    for i in order:
        # The fold with fewest of this item's categories so far, then the smallest fold.
        counts = np.zeros(folds)
        for label in labels[i]:
            counts += per_label.setdefault(label, np.zeros(folds))
        best = min(range(folds), key=lambda f: (counts[f], sizes[f], f))
        fold_of[i] = best
        sizes[best] += 1
        for label in labels[i]:
            per_label[label][best] += 1
    return fold_of
