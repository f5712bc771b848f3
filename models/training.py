"""Building the embedded model: n-gram model, stacker and thresholds, all from held-out data.

The stacker and the thresholds are fitted on logits and probabilities of labelled notices that
the model producing them did not see (inner cross-validation), so that they hold on new notices.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from models.corpus import Example, Recipe, labelled_examples, synthetic_examples
from models.embedded import EmbeddedModel
from models.features import vectorise
from models.folds import assign_folds
from models.fusion import Thresholds
from models.guideline import excepted as guideline_excepted
from models.keywords import KeywordIndex
from models.linear import fit_nb
from models.records import LabelledDocument
from models.rules import RuleSet, by_category, notice_codes
from models.signals import FEATURES, PRIOR, Reading, feature_rows, fit_stacker, read
from models.taxonomy import Taxonomy
from models.textnorm import prepare
from models.tuning import Evidence, core_precision, tune

log = logging.getLogger(__name__)
FORMAT = 1  # bump when the stored files change shape
# The code that turns inputs into weights is an input too: a release that changes it rebuilds.
TRAINING_CODE = ("features", "corpus", "keywords", "linear", "signals", "textnorm", "training",
                 "tuning", "folds", "rules", "codes", "code_patterns", "fusion", "guideline",
                 "substances", "data/substances.yml")


@dataclass(frozen=True)
class Params:
    alpha: float = 1.0  # additive smoothing of the n-gram counts
    prior_strength: float = 30.0  # pseudo-rows pulling the stacker towards signals.PRIOR
    folds: int = 5
    seed: int = 0


def usable(taxonomy: Taxonomy, labelled: Sequence[LabelledDocument]) -> list[LabelledDocument]:
    """Labelled notices whose categories all exist in `taxonomy`. Labels of another taxonomy
    would teach the model that their notices belong nowhere, so those are left out (logged)."""
    known = set(taxonomy.ids)
    kept = [i for i in labelled if set(i.labels) <= known]
    if len(kept) < len(labelled):
        first = next(i.id for i in labelled if not set(i.labels) <= known)
        log.warning("%d labelled notices name categories this taxonomy does not have; not used "
                    "for training (first: %s)", len(labelled) - len(kept), first)
    return kept


@lru_cache(maxsize=1)
def code_digest() -> str:
    digest = hashlib.sha256()
    for module in TRAINING_CODE:
        name = module if "." in module else f"{module}.py"
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()[:16]


def model_version(taxonomy: Taxonomy, labelled: Sequence[LabelledDocument], recipe: Recipe,
                  params: Params) -> str:
    """A hash of everything the model is built from."""
    digest = hashlib.sha256()
    digest.update(f"format={FORMAT};code={code_digest()};taxonomy={taxonomy.digest};".encode())
    digest.update(json.dumps([asdict(recipe), asdict(params)], sort_keys=True).encode())
    for item in sorted(usable(taxonomy, labelled), key=lambda x: (x.source, x.id)):
        digest.update(f"{item.source}|{item.id}|{item.fingerprint}|{sorted(item.labels)}".encode())
    return digest.hexdigest()[:12]


def label_matrix(items: Sequence[Sequence[str]], labels: Sequence[str]) -> np.ndarray:
    index = {label: j for j, label in enumerate(labels)}
    y = np.zeros((len(items), len(labels)))
    for i, item in enumerate(items):
        for label in item:
            if label in index:
                y[i, index[label]] = 1.0
    return y


@dataclass
class _Prepared:
    """Everything computed once per training run."""

    labels: tuple[str, ...]
    x_synthetic: sparse.csr_matrix
    y_synthetic: np.ndarray
    w_synthetic: np.ndarray
    x_labelled: sparse.csr_matrix
    y_labelled: np.ndarray
    w_labelled: np.ndarray


def _matrices(examples: Sequence[Example],
              labels: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    x = vectorise([prepare(e.text).folded for e in examples])
    y = label_matrix([e.labels for e in examples], labels)
    return x, y, np.array([e.weight for e in examples])


def _prepare(taxonomy: Taxonomy, labelled: Sequence[LabelledDocument], recipe: Recipe) -> _Prepared:
    labels = taxonomy.labels
    xs, ys, ws = _matrices(synthetic_examples(taxonomy, recipe), labels)
    xl, yl, wl = _matrices(labelled_examples(labelled, recipe, taxonomy), labels)
    return _Prepared(labels, xs, ys, ws, xl, yl, wl)


def _fit_linear(data: _Prepared, rows: np.ndarray, params: Params):
    x = sparse.vstack([data.x_synthetic, data.x_labelled[rows]]).tocsr()
    y = np.vstack([data.y_synthetic, data.y_labelled[rows]])
    w = np.concatenate([data.w_synthetic, data.w_labelled[rows]])
    return fit_nb(x, y, sample_weight=w, alpha=params.alpha)


def _evidence(taxonomy: Taxonomy, labelled: Sequence[LabelledDocument],
              readings: Sequence[Reading], index: KeywordIndex) -> Evidence:
    rules = RuleSet(taxonomy.rules)
    labels = taxonomy.labels
    shape = (len(labelled), len(labels))
    core, partial, excepted = np.zeros(shape, bool), np.zeros(shape, bool), np.zeros(shape, bool)
    default = np.zeros(shape, bool)
    for i, (item, reading) in enumerate(zip(labelled, readings, strict=True)):
        hits = by_category(rules.hits(notice_codes(item.document)))
        excepts = guideline_excepted(item.document, index, reading.language)
        fallback = taxonomy.default_for(item.document.domain)
        for j, label in enumerate(labels):
            strengths = {h.strength for h in hits.get(label, [])}
            core[i, j] = "core" in strengths
            partial[i, j] = strengths == {"partial"}
            excepted[i, j] = label in excepts
            default[i, j] = label == fallback and label not in excepts
    return Evidence(core, partial, excepted, default)


def train(taxonomy: Taxonomy, labelled: Sequence[LabelledDocument], *,
          recipe: Recipe | None = None, params: Params | None = None) -> EmbeddedModel:
    """Build the embedded model from the taxonomy and labelled notices (shipped + reviewer)."""
    recipe, params = recipe or Recipe(), params or Params()
    skipped = len(labelled)
    labelled = usable(taxonomy, labelled)
    skipped -= len(labelled)
    index = KeywordIndex(taxonomy)
    data = _prepare(taxonomy, labelled, recipe)
    readings = [read(item.document, index) for item in labelled]
    evidence = _evidence(taxonomy, labelled, readings, index)
    held_out = _held_out(data, readings, evidence, labelled, params)
    if held_out is None:
        stacker, thresholds, report = PRIOR, Thresholds(
            core_score=core_precision(evidence, data.y_labelled)), {}
    else:
        stacker, thresholds, report = held_out
    linear = _fit_linear(data, np.arange(len(labelled)), params)
    meta = {"labelled": sum(i.source != "reviewer" for i in labelled),
            "reviewer": sum(i.source == "reviewer" for i in labelled),
            "skipped_labelled": skipped,
            "synthetic": int(data.x_synthetic.shape[0]), "recipe": asdict(recipe),
            "params": asdict(params), "taxonomy": taxonomy.digest, "inner_cv": report}
    return EmbeddedModel(data.labels, linear, stacker, thresholds,
                         model_version(taxonomy, labelled, recipe, params), meta)


def _held_out(data: _Prepared, readings, evidence: Evidence,
              labelled: Sequence[LabelledDocument], params: Params):
    """Stacker and thresholds from inner cross-validation; None if too few notices."""
    n = len(labelled)
    if n < 2 * params.folds:
        return None
    folds = assign_folds([i.id for i in labelled], [i.labels for i in labelled], params.folds,
                         params.seed)
    rows = np.zeros((n, len(data.labels), len(FEATURES)))
    for f in range(params.folds):
        test, train_rows = np.where(folds == f)[0], np.where(folds != f)[0]
        linear = _fit_linear(data, train_rows, params)
        logits = linear.decision(data.x_labelled[test])
        rows[test] = feature_rows([readings[i] for i in test], logits, data.labels)
    probabilities = np.zeros((n, len(data.labels)))
    for f in range(params.folds):
        test, train_rows = folds == f, folds != f
        stacker = fit_stacker(rows[train_rows], data.y_labelled[train_rows],
                              strength=params.prior_strength)
        probabilities[test] = stacker.probabilities(rows[test])
    thresholds = tune(probabilities, data.y_labelled, evidence, data.labels,
                      core_precision(evidence, data.y_labelled))
    report = {"folds": params.folds, "notices": n}
    return fit_stacker(rows, data.y_labelled, strength=params.prior_strength), thresholds, report
