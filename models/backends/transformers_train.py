"""Training the encoder's head: embed labelled notices, fit one logistic head per category, tune
its threshold on held-out folds, and save it all beside the encoder as `tbtwatch_head.json`."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.backends import transformers_head_fit as fit
from models.backends import transformers_runtime as rt
from models.backends.base import BackendError
from models.backends.transformers_categories import CategoryText
from models.backends.transformers_encoder import Encoder
from models.backends.transformers_head import (
    HEAD_FORMAT,
    HEAD_FORMAT_VERSION,
    head_path,
    head_version,
)
from models.backends.transformers_models import fingerprint, weights_digest
from models.document import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LabelledExample:
    """A document and the category ids a person gave it."""

    document: Document
    labels: frozenset[str]
    id: str = ""


@dataclass(frozen=True)
class HeadReport:
    """What `train_head` did: where it saved the head, and per category what it learnt from."""

    path: Path
    version: str
    examples: int
    positives: dict[str, int]
    thresholds: dict[str, float]
    held_out_f1: dict[str, float | None]
    skipped: list[str]
    unknown_labels: dict[str, int]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value if v)
    return str(value)


def example_from_record(record: Mapping[str, Any]) -> LabelledExample:
    """A LabelledExample from one line of the eval format (id, title, description, products,
    objective, hs_codes, ics_codes, language, labels); ValueError names what is wrong."""
    labels = record.get("labels")
    if not isinstance(labels, list) or not all(isinstance(x, str) and x for x in labels):
        raise ValueError(f"record {record.get('id', '?')}: labels must be a list of category ids")
    document = Document(
        title=_text(record.get("title")),
        description=_text(record.get("description")),
        products=_text(record.get("products")),
        objectives=_text(record.get("objective", record.get("objectives"))),
        hs_codes=tuple(str(c) for c in record.get("hs_codes") or ()),
        ics_codes=tuple(str(c) for c in record.get("ics_codes") or ()),
        language=record.get("language") or None,
        domain=record.get("domain") or None,
    )
    return LabelledExample(document, frozenset(labels), str(record.get("id") or ""))


def _category_ids(categories: Iterable[CategoryText | str]) -> list[str]:
    ids = [c.id if isinstance(c, CategoryText) else str(c) for c in categories]
    if not ids or len(set(ids)) != len(ids):
        raise BackendError("train_head needs a non-empty list of distinct category ids")
    return ids


def _data_digest(examples: Sequence[LabelledExample]) -> str:
    digest = hashlib.sha256()
    for ex in examples:
        digest.update(json.dumps([ex.id, ex.document.text, sorted(ex.labels)]).encode("utf-8"))
    return digest.hexdigest()


def train_head(model_path: Path, examples: Sequence[LabelledExample],
               categories: Iterable[CategoryText | str], *, l2: float = 1.0, folds: int = 5,
               seed: int = 0, max_length: int = 256, batch_size: int = 32,
               threads: int | None = None, encoder: Encoder | None = None) -> HeadReport:
    """Embed `examples` with the encoder in `model_path`, fit a head per category, tune each
    threshold on held-out folds, and write the head beside the encoder. Same data, same head."""
    if len(examples) < 2:
        raise BackendError("train_head needs at least two labelled examples")
    ids = _category_ids(categories)
    model_path = Path(model_path)
    rt.set_threads(threads)
    encoder = encoder or Encoder(model_path, max_length=max_length, batch_size=batch_size)
    x = encoder.embed([ex.document.text for ex in examples]).astype(np.float64)
    mean, scale = fit.standardise(x)
    fold_ids = fit.fold_of(len(examples), max(2, min(folds, len(examples))), seed)
    unknown = dict(sorted(Counter(
        label for ex in examples for label in ex.labels if label not in ids).items()))
    if unknown:
        log.warning("labels not among the categories, not trained: %s", unknown)
    fitted = _fit_heads((x - mean) / scale, examples, ids, fold_ids, l2)
    if fitted.skipped:
        log.warning("no head for %s: every example is positive, or none is",
                    ", ".join(fitted.skipped))
    training = {
        "examples": len(examples), "positives": fitted.positives, "skipped": fitted.skipped,
        "unknown_labels": unknown, "held_out_f1": fitted.held_out_f1, "l2": l2,
        "folds": int(fold_ids.max()) + 1, "seed": seed, "data_sha256": _data_digest(examples),
    }
    payload = {
        "format": HEAD_FORMAT,
        "format_version": HEAD_FORMAT_VERSION,
        "encoder": fingerprint(model_path),
        "encoder_digest": weights_digest(model_path),
        "pooling": "mean",
        "normalised": True,
        "max_length": encoder.loaded.max_length,
        "labels": list(fitted.heads),
        "mean": mean.tolist(),
        "scale": scale.tolist(),
        "weights": [w.tolist() for w, _ in fitted.heads.values()],
        "bias": [b for _, b in fitted.heads.values()],
        "thresholds": fitted.thresholds,
        "training": training,
    }
    body = (json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")
    head_path(model_path).write_bytes(body)
    return HeadReport(head_path(model_path), head_version(model_path, body), len(examples),
                      fitted.positives, fitted.thresholds, fitted.held_out_f1, fitted.skipped,
                      unknown)


@dataclass
class _Fitted:
    heads: dict[str, tuple[np.ndarray, float]]
    thresholds: dict[str, float]
    held_out_f1: dict[str, float | None]
    positives: dict[str, int]
    skipped: list[str]


def _fit_heads(z: np.ndarray, examples: Sequence[LabelledExample], ids: list[str],
               fold_ids: np.ndarray, l2: float) -> _Fitted:
    fitted = _Fitted({}, {}, {}, {}, [])
    for cid in ids:
        y = np.array([1.0 if cid in ex.labels else 0.0 for ex in examples])
        fitted.positives[cid] = int(y.sum())
        if fitted.positives[cid] in (0, len(y)):
            fitted.skipped.append(cid)
            continue
        fitted.heads[cid] = fit.fit_logistic(z, y, l2=l2)
        fitted.thresholds[cid], fitted.held_out_f1[cid] = _tune(z, y, fold_ids, l2)
    return fitted


def _tune(z: np.ndarray, y: np.ndarray, fold_ids: np.ndarray,
          l2: float) -> tuple[float, float | None]:
    probabilities = fit.held_out_probabilities(z, y, fold_ids, l2=l2)
    if probabilities is None:
        return 0.5, None  # too few positives to hold any out: keep the neutral threshold
    threshold = fit.best_threshold(probabilities, y)
    predicted = probabilities >= threshold
    tp = float(np.sum(predicted & (y > 0)))
    denominator = float(predicted.sum() + y.sum())
    return threshold, (2 * tp / denominator if denominator else 0.0)
