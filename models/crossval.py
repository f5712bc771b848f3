"""Honest evaluation: a notice is never scored by a model that was trained on it.

When the evaluated file shares notices with the training data (the shipped labelled file, or
reviewer decisions), it is split into folds and each fold is scored by a model rebuilt without
that fold's notices (matched by id and by text fingerprint).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models.backends.embedded import EmbeddedBackend
from models.classifier import Classifier, Result
from models.corpus import Recipe
from models.embedded import EmbeddedModel
from models.folds import assign_folds
from models.records import LabelledDocument
from models.taxonomy import Taxonomy
from models.training import Params, train

Progress = Callable[[str], None]


@dataclass
class Scored:
    results: list[Result]
    seconds: float  # classification time only, not training
    folds: int  # 0: scored by one model that never saw these notices
    versions: list[str]


def overlaps(evaluated: Sequence[LabelledDocument], training: Sequence[LabelledDocument]) -> bool:
    ids = {t.id for t in training}
    prints = {t.fingerprint for t in training}
    return any(e.id in ids or e.fingerprint in prints for e in evaluated)


def without(training: Sequence[LabelledDocument],
            excluded: Sequence[LabelledDocument]) -> list[LabelledDocument]:
    ids = {e.id for e in excluded}
    prints = {e.fingerprint for e in excluded}
    return [t for t in training if t.id not in ids and t.fingerprint not in prints]


def score(classifier: Classifier,
          evaluated: Sequence[LabelledDocument]) -> tuple[list[Result], float]:
    start = time.perf_counter()
    results = classifier.classify([e.document for e in evaluated])
    return results, time.perf_counter() - start


def cross_validate(taxonomy: Taxonomy, evaluated: Sequence[LabelledDocument],
                   training: Sequence[LabelledDocument], *, folds: int = 5,
                   recipe: Recipe | None = None, params: Params | None = None,
                   progress: Progress | None = None) -> Scored:
    """Score every evaluated notice with a model trained on `training` minus its fold."""
    fold_of = assign_folds([e.id for e in evaluated], [e.labels for e in evaluated], folds,
                           (params or Params()).seed)
    results: list[Result | None] = [None] * len(evaluated)
    seconds, versions = 0.0, []
    for fold in range(int(fold_of.max()) + 1 if len(evaluated) else 0):
        rows = [i for i in range(len(evaluated)) if fold_of[i] == fold]
        held = [evaluated[i] for i in rows]
        model = train(taxonomy, without(training, held), recipe=recipe, params=params)
        versions.append(model.version)
        if progress:
            progress(f"fold {fold + 1}: {len(held)} notices, model {model.version}")
        fold_results, elapsed = score(embedded_classifier(taxonomy, model), held)
        seconds += elapsed
        for i, result in zip(rows, fold_results, strict=True):
            results[i] = result
    return Scored([r for r in results if r is not None], seconds, int(fold_of.max()) + 1, versions)


def embedded_classifier(taxonomy: Taxonomy, model: EmbeddedModel) -> Classifier:
    return Classifier(taxonomy, EmbeddedBackend(model, taxonomy))
