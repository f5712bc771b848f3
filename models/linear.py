"""Linear models over sparse hashed features: one weight column per category.

`fit_nb` is the one the embedded model uses: naive-Bayes log-count ratios (as in NBSVM), fitted
in closed form, each column standardised on the training rows so that scores of different
categories share a scale. `fit` is one-vs-rest logistic regression with L-BFGS, kept for
comparison: on our two-core build machines it takes tens of seconds per fit, and honest
evaluation refits the model thirty times (nested cross-validation).
Only the feature columns seen in training get weights; a text's other n-grams are ignored.
Both are deterministic: same rows, same weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, sparse
from scipy.special import expit

from models.features import BITS


@dataclass(frozen=True)
class LinearModel:
    columns: np.ndarray  # hashed feature ids with a weight, sorted (int64)
    weights: np.ndarray  # (len(columns), n_labels), float32
    bias: np.ndarray  # (n_labels,), float32

    def compact(self, x: sparse.csr_matrix) -> sparse.csr_matrix:
        """`x` restricted to the model's columns, renumbered 0..len(columns)-1."""
        position = np.full(1 << BITS, -1, dtype=np.int64)
        position[self.columns] = np.arange(len(self.columns))
        return restrict(x, position, len(self.columns))

    def decision(self, x: sparse.csr_matrix) -> np.ndarray:
        """Logits, (n_rows, n_labels)."""
        return np.asarray(self.compact(x) @ self.weights) + self.bias


def restrict(x: sparse.csr_matrix, position: np.ndarray, width: int) -> sparse.csr_matrix:
    mapped = position[x.indices]
    keep = mapped >= 0
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))[keep]
    return sparse.csr_matrix((x.data[keep], (rows, mapped[keep])), shape=(x.shape[0], width))


def fit(x: sparse.csr_matrix, y: np.ndarray, *, sample_weight: np.ndarray | None = None,
        l2: float = 1.0, max_iter: int = 150) -> LinearModel:
    """Fit logits = x·W + b to the 0/1 matrix `y` (n_rows, n_labels) with an L2 penalty."""
    columns = np.unique(x.indices)
    position = np.full(1 << BITS, -1, dtype=np.int64)
    position[columns] = np.arange(len(columns))
    xc = restrict(x, position, len(columns)).astype(np.float64)
    xt = xc.T.tocsr()
    n_labels = y.shape[1]
    w = np.ones(x.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
    shape = (len(columns), n_labels)

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights = theta[: -n_labels].reshape(shape)
        bias = theta[-n_labels:]
        z = np.asarray(xc @ weights) + bias
        value = np.sum(w[:, None] * (np.logaddexp(0.0, z) - y * z))
        value += 0.5 * l2 * np.sum(weights * weights)
        residual = w[:, None] * (expit(z) - y)
        grad_w = np.asarray(xt @ residual) + l2 * weights
        return value, np.concatenate([grad_w.ravel(), residual.sum(axis=0)])

    start = np.zeros(shape[0] * shape[1] + n_labels)
    result = optimize.minimize(loss, start, jac=True, method="L-BFGS-B",
                               options={"maxiter": max_iter})
    theta = result.x
    return LinearModel(
        columns=columns,
        weights=theta[: -n_labels].reshape(shape).astype(np.float32),
        bias=theta[-n_labels:].astype(np.float32),
    )


def fit_nb(x: sparse.csr_matrix, y: np.ndarray, *, sample_weight: np.ndarray | None = None,
           alpha: float = 0.1) -> LinearModel:
    """Log-count ratios r = log(p/|p|) - log(q/|q|) of positive and negative rows, per category,
    then scores x·r standardised (mean 0, deviation 1) over the training rows."""
    columns = np.unique(x.indices)
    position = np.full(1 << BITS, -1, dtype=np.int64)
    position[columns] = np.arange(len(columns))
    xc = restrict(x, position, len(columns)).astype(np.float64)
    w = np.ones(x.shape[0]) if sample_weight is None else np.asarray(sample_weight, float)
    positive = y * w[:, None]
    negative = (1.0 - y) * w[:, None]
    p = np.asarray(xc.T @ positive) + alpha
    q = np.asarray(xc.T @ negative) + alpha
    ratios = np.log(p / p.sum(axis=0)) - np.log(q / q.sum(axis=0))
    scores = np.asarray(xc @ ratios)
    mean = np.average(scores, axis=0, weights=w)
    spread = np.sqrt(np.average((scores - mean) ** 2, axis=0, weights=w)) + 1e-9
    return LinearModel(columns=columns, weights=(ratios / spread).astype(np.float32),
                       bias=(-mean / spread).astype(np.float32))
