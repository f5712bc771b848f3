"""Zero-shot classification with a local NLI model, batched: one premise-hypothesis pair per
document and category, scored like the `zero-shot-classification` pipeline with `multi_label`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from models.backends import transformers_runtime as rt
from models.backends.base import BackendError, TextPrediction
from models.backends.transformers_categories import (
    SCOPE_ITEMS,
    CategoryText,
    checked,
    hypothesis,
)
from models.backends.transformers_models import entailment_label, fingerprint, read_config
from models.document import Document

WINDOW_BATCHES = 8


def nli_label_ids(config: dict[str, Any], path: Path) -> tuple[int, int]:
    """(contradiction id, entailment id) from the model's label2id."""
    found = entailment_label(config)
    label2id = config.get("label2id") or {}
    if found is None:
        labels = ", ".join(sorted(map(str, label2id))) or "none"
        raise BackendError(
            f"{path} is not an NLI model: config.json label2id has no 'entailment' label "
            f"(labels: {labels}); fix id2label/label2id or train a head on this encoder instead"
        )
    entail = found[1]
    others = {str(k).lower(): int(v) for k, v in label2id.items() if int(v) != entail}
    for label, index in others.items():
        if label.startswith("contradict"):
            return index, entail
    if len(others) == 1:  # two-way models: entailment vs not-entailment
        return next(iter(others.values())), entail
    # As the pipeline does when it cannot tell: the first label, or the last if entailment is first.
    return (-1 if entail == 0 else 0), entail


class NliBackend:
    """Scores each category by P(entailment) against P(contradiction) for its hypothesis."""

    name = "transformers-nli"

    def __init__(self, path: Path, categories: Sequence[CategoryText], *, batch_size: int = 32,
                 max_length: int = 256, threads: int | None = None,
                 scope_items: int = SCOPE_ITEMS) -> None:
        self.path = Path(path)
        self.categories = checked(categories)
        self.scope_items = scope_items
        self.contradiction_id, self.entailment_id = nli_label_ids(read_config(self.path), self.path)
        rt.sorted_batches([], batch_size)
        self.batch_size = batch_size
        rt.set_threads(threads)
        self.loaded = rt.load(self.path, classifier=True, max_length=max_length)
        self.version = f"{fingerprint(self.path)}:nli"
        self.thresholds = {c.id: 0.5 for c in self.categories}

    def predict(self, documents: Sequence[Document]) -> list[TextPrediction]:
        count = len(self.categories)
        scores = np.zeros((len(documents), count), dtype=np.float64)
        hypotheses = [[hypothesis(c, d.language, self.scope_items) for c in self.categories]
                      for d in documents]
        per_window = max(1, self.batch_size * WINDOW_BATCHES // count)
        for window in rt.windows(len(documents), per_window):
            premises = [documents[i].text for i in window for _ in range(count)]
            pairs = [h for i in window for h in hypotheses[i]]
            flat = self._score_pairs(premises, pairs)
            scores[window.start : window.stop] = flat.reshape(len(window), count)
        return [self._prediction(row, hyps) for row, hyps in zip(scores, hypotheses, strict=True)]

    def _prediction(self, row: np.ndarray, hyps: list[str]) -> TextPrediction:
        ids = [c.id for c in self.categories]
        return TextPrediction(
            scores={cid: float(s) for cid, s in zip(ids, row, strict=True)},
            evidence={cid: [h] for cid, h in zip(ids, hyps, strict=True)},
        )

    def _score_pairs(self, premises: list[str], hypotheses: list[str]) -> np.ndarray:
        encoding = self._tokenize(premises, hypotheses)
        lengths = [len(ids) for ids in encoding["input_ids"]]
        out = np.zeros(len(premises), dtype=np.float64)
        for rows in rt.sorted_batches(lengths, self.batch_size):
            out[rows] = self.forward(rt.pad_batch(self.loaded, encoding, rows))
        return out

    def _tokenize(self, premises: list[str], hypotheses: list[str]) -> dict:
        tokenizer, max_length = self.loaded.tokenizer, self.loaded.max_length
        try:
            # Truncate the notice, never the hypothesis, as the pipeline does.
            return dict(tokenizer(premises, hypotheses, truncation="only_first",
                                  max_length=max_length, padding=False))
        except Exception as exc:  # tokenizers raises a bare Exception when the pair cannot fit
            if "too short" not in str(exc) and "not long enough" not in str(exc):
                raise
            return dict(tokenizer(premises, hypotheses, truncation="longest_first",
                                  max_length=max_length, padding=False))

    def forward(self, tensors: dict) -> np.ndarray:
        """P(entailment) against P(contradiction) for one padded batch of pairs."""
        torch = self.loaded.torch
        with torch.inference_mode():
            logits = self.loaded.model(**tensors).logits.float()
        pair = logits[:, [self.contradiction_id, self.entailment_id]]
        return torch.softmax(pair, dim=-1)[:, 1].double().numpy()
