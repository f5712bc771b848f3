"""The encoder + trained head backend: reads `tbtwatch_head.json` beside the encoder and scores
each category with its logistic head over the mean-pooled embedding."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.backends import transformers_head_fit as fit
from models.backends import transformers_runtime as rt
from models.backends.base import BackendError, TextPrediction
from models.backends.transformers_categories import CategoryText, checked
from models.backends.transformers_encoder import Encoder
from models.backends.transformers_models import HEAD_FILE, fingerprint, weights_digest
from models.document import Document

log = logging.getLogger(__name__)

HEAD_FORMAT = "tbtwatch-transformers-head"
HEAD_FORMAT_VERSION = 1


def head_path(model_path: Path) -> Path:
    return Path(model_path) / HEAD_FILE


def head_version(model_path: Path, body: bytes) -> str:
    """`<encoder fingerprint>:head-<digest of the head file>`."""
    return f"{fingerprint(Path(model_path))}:head-{hashlib.sha256(body).hexdigest()[:12]}"


@dataclass(frozen=True)
class Head:
    """A trained head as read from disk, checked for shape and for the encoder it belongs to."""

    labels: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray  # (labels, dimension)
    bias: np.ndarray
    thresholds: dict[str, float]
    max_length: int
    version: str
    training: dict[str, Any]

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        z = (embeddings.astype(np.float64) - self.mean) / self.scale
        return fit.sigmoid(z @ self.weights.T + self.bias)


def read_head(model_path: Path) -> Head:
    """The head saved beside the encoder in `model_path`, or a BackendError saying what is wrong."""
    path = head_path(model_path)
    try:
        body = path.read_bytes()
        data = json.loads(body)
    except FileNotFoundError:
        raise BackendError(f"{model_path} has no trained head ({HEAD_FILE}); train one") from None
    except (OSError, ValueError) as exc:
        raise BackendError(f"cannot read {path}: {exc}") from exc
    if data.get("format") != HEAD_FORMAT or data.get("format_version") != HEAD_FORMAT_VERSION:
        raise BackendError(
            f"{path} is not a version {HEAD_FORMAT_VERSION} {HEAD_FORMAT} file "
            f"(format {data.get('format')!r}, version {data.get('format_version')!r})"
        )
    if data.get("encoder_digest") != weights_digest(Path(model_path)):
        raise BackendError(
            f"{path} was trained on encoder {data.get('encoder')}, but {model_path} now holds "
            f"{fingerprint(Path(model_path))}; train the head again"
        )
    return _checked_head(data, path, head_version(model_path, body))


def _checked_head(data: dict[str, Any], path: Path, version: str) -> Head:
    try:
        labels = tuple(str(x) for x in data["labels"])
        weights = np.asarray(data["weights"], dtype=np.float64).reshape(len(labels), -1)
        head = Head(
            labels=labels,
            mean=np.asarray(data["mean"], dtype=np.float64),
            scale=np.asarray(data["scale"], dtype=np.float64),
            weights=weights,
            bias=np.asarray(data["bias"], dtype=np.float64),
            thresholds={k: float(v) for k, v in data["thresholds"].items()},
            max_length=int(data["max_length"]),
            version=version,
            training=dict(data.get("training") or {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise BackendError(f"{path} is damaged: {exc}") from exc
    dims = {head.mean.shape, head.scale.shape, (weights.shape[1],)}
    if len(dims) != 1 or head.bias.shape != (len(labels),) or not labels:
        raise BackendError(f"{path} is damaged: weights, bias and labels do not match")
    return head


class HeadBackend:
    """Mean-pooled encoder embeddings scored by the trained head of each category."""

    name = "transformers-head"

    def __init__(self, path: Path, categories: Sequence[CategoryText] | None = None, *,
                 batch_size: int = 32, max_length: int | None = None,
                 threads: int | None = None) -> None:
        self.path = Path(path)
        self.head = read_head(self.path)
        self.version = self.head.version
        self.labels, self.unscored = _scored_labels(self.head, categories)
        rt.set_threads(threads)
        self.encoder = Encoder(self.path, max_length=max_length or self.head.max_length,
                               batch_size=batch_size)
        if self.encoder.dimension != self.head.mean.shape[0]:
            raise BackendError(f"{self.path}: encoder and head dimensions differ; retrain")
        self.thresholds = {c: self.head.thresholds.get(c, 0.5) for c in self.labels}

    def predict(self, documents: Sequence[Document]) -> list[TextPrediction]:
        if not documents:
            return []
        embeddings = self.encoder.embed([d.text for d in documents])
        return self.predict_embeddings(embeddings)

    def predict_embeddings(self, embeddings: np.ndarray) -> list[TextPrediction]:
        """Scores from embeddings the encoder already made (the benchmark times both halves)."""
        probabilities = self.head.probabilities(embeddings)
        columns = [self.head.labels.index(c) for c in self.labels]
        return [
            TextPrediction(scores={c: float(row[j]) for c, j in zip(self.labels, columns,
                                                                      strict=True)})
            for row in probabilities
        ]


def _scored_labels(head: Head, categories: Sequence[CategoryText] | None
                   ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The categories the head scores, in the caller's order, and those it cannot score."""
    if categories is None:
        return head.labels, ()
    wanted = [c.id for c in checked(categories)]
    unscored = tuple(c for c in wanted if c not in head.labels)
    if unscored:
        # Not an error: the head was trained on data without examples of these categories.
        log.warning("the trained head has no model for %s; they get no score", ", ".join(unscored))
    scored = tuple(c for c in wanted if c in head.labels)
    if not scored:
        raise BackendError("the trained head scores none of the categories given")
    return scored, unscored
