"""Scoring a labelled file with one backend, honestly (see `models.crossval`), into a Report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.artefact import build
from models.backends.base import TextBackend
from models.classifier import Classifier, Result
from models.crossval import Progress, cross_validate, embedded_classifier, overlaps, score
from models.evaluation import Report, evaluate
from models.records import LabelledDocument, shipped_records
from models.taxonomy import Taxonomy

BACKENDS = ("embedded", "transformers", "rules")


@dataclass
class Assessment:
    report: Report
    results: list[Result]
    evaluated: list[LabelledDocument]

    def prediction_lines(self) -> list[str]:
        """One JSON object per notice: id, predicted labels, and a score per category."""
        lines = []
        for item, result in zip(self.evaluated, self.results, strict=True):
            scores = {c: round(s, 4) for c, s in sorted(result.scores.items())}
            scores.update({d.category: d.score for d in result.decisions})
            lines.append(json.dumps({"id": item.id, "labels": result.labels, "scores": scores},
                                    ensure_ascii=False))
        return lines


def _report(evaluated: Sequence[LabelledDocument], results: list[Result], seconds: float,
            extra: dict[str, Any]) -> Report:
    report = evaluate([e.labels for e in evaluated], [r.labels for r in results],
                      [e.document.language for e in evaluated], seconds)
    report.extra.update(extra)
    return report


def assess_embedded(taxonomy: Taxonomy, evaluated: Sequence[LabelledDocument], root: Path, *,
                    reviewer: Sequence[LabelledDocument] = (), folds: int = 5,
                    progress: Progress | None = None) -> Assessment:
    """Cross-validated when the file shares notices with the training data, else the model
    trained on all of it (never made current by an evaluation)."""
    training = [*shipped_records(), *reviewer]
    if overlaps(evaluated, training):
        scored = cross_validate(taxonomy, evaluated, training, folds=folds, progress=progress)
        extra = {"backend": "embedded", "mode": "cross-validated", "folds": scored.folds,
                 "model_versions": scored.versions}
        results, seconds = scored.results, scored.seconds
    else:
        model, _ = build(root, taxonomy, reviewer, make_current=False)
        results, seconds = score(embedded_classifier(taxonomy, model), evaluated)
        extra = {"backend": "embedded", "mode": "held-out", "model_versions": [model.version]}
    return Assessment(_report(evaluated, results, seconds, extra), results, list(evaluated))


def assess_with(taxonomy: Taxonomy, evaluated: Sequence[LabelledDocument],
                backend: TextBackend | None) -> Assessment:
    """Rules alone (`backend` None) or a given text backend, scored as they are."""
    classifier = Classifier(taxonomy, backend)
    results, seconds = score(classifier, evaluated)
    extra = {"backend": classifier.model_name, "mode": "as-is",
             "model_versions": [classifier.model_version]}
    return Assessment(_report(evaluated, results, seconds, extra), results, list(evaluated))
