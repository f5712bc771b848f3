"""The head's arithmetic: one L2-regularised logistic regression per category, fitted by Newton's
method (deterministic, no random start), and a decision threshold tuned on held-out folds."""

from __future__ import annotations

import numpy as np

MIN_THRESHOLD, MAX_THRESHOLD = 0.05, 0.95


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # tanh form: no overflow for large |z|


def fit_logistic(x: np.ndarray, y: np.ndarray, *, l2: float, iterations: int = 50,
                 tol: float = 1e-8) -> tuple[np.ndarray, float]:
    """Weights and bias minimising class-balanced log loss + l2/2 |w|^2 (the bias is free)."""
    n, d = x.shape
    positives = float(y.sum())
    if positives in (0.0, float(n)):
        raise ValueError("a logistic head needs both positive and negative examples")
    # Balanced weights: a category with 3 positives in 130 still gets a useful boundary.
    sample_w = np.where(y > 0, n / (2.0 * positives), n / (2.0 * (n - positives)))
    design = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    penalty = np.full(d + 1, l2)
    penalty[-1] = 0.0
    for _ in range(iterations):
        p = sigmoid(design @ theta)
        gradient = design.T @ (sample_w * (p - y)) + penalty * theta
        curvature = sample_w * p * (1.0 - p)
        hessian = (design * curvature[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if float(np.max(np.abs(step))) < tol:
            break
    return theta[:-1], float(theta[-1])


def best_threshold(probabilities: np.ndarray, y: np.ndarray) -> float:
    """The threshold with the best F1 on held-out probabilities; ties go to the one nearest 0.5."""
    candidates = np.unique(np.clip(probabilities, MIN_THRESHOLD, MAX_THRESHOLD))
    candidates = np.union1d(candidates, [0.5])
    best, best_key = 0.5, (-1.0, 0.0)
    for t in candidates:
        predicted = probabilities >= t
        tp = float(np.sum(predicted & (y > 0)))
        fp = float(np.sum(predicted & (y == 0)))
        fn = float(np.sum(~predicted & (y > 0)))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        key = (round(f1, 12), -abs(float(t) - 0.5))
        if key > best_key:
            best, best_key = float(t), key
    return best


def fold_of(count: int, folds: int, seed: int) -> np.ndarray:
    """A fold number per example from a seeded permutation, so reruns use the same folds."""
    order = np.random.default_rng(seed).permutation(count)
    assignment = np.empty(count, dtype=np.int64)
    assignment[order] = np.arange(count) % folds
    return assignment


def held_out_probabilities(x: np.ndarray, y: np.ndarray, folds: np.ndarray, *,
                           l2: float) -> np.ndarray | None:
    """Each example's probability from a head fitted without its fold (None if a fold lacks
    positives or negatives in its training part, as with a single positive)."""
    out = np.zeros(len(y))
    for fold in np.unique(folds):
        train = folds != fold
        if y[train].sum() in (0, train.sum()):
            return None
        w, b = fit_logistic(x[train], y[train], l2=l2)
        out[~train] = sigmoid(x[~train] @ w + b)
    return out


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-dimension mean and scale, so that one l2 strength suits any encoder."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-8] = 1.0
    return mean, scale
