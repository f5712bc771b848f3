"""Sentence embeddings from a local encoder: masked mean pooling of the last layer, unit length."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from models.backends import transformers_runtime as rt

WINDOW_BATCHES = 16  # batches tokenised at once; bounds memory on long inputs


class Encoder:
    """Turns texts into unit-length vectors, in batches sorted by length."""

    def __init__(self, path: Path, *, max_length: int = 256, batch_size: int = 32) -> None:
        self.path = Path(path)
        self.batch_size = batch_size
        rt.sorted_batches([], batch_size)  # validates batch_size before the slow load
        self.loaded = rt.load(self.path, classifier=False, max_length=max_length)

    @property
    def dimension(self) -> int:
        return int(self.loaded.model.config.hidden_size)

    def tokenize(self, texts: Sequence[str]) -> dict[str, list[list[int]]]:
        loaded = self.loaded
        return dict(
            loaded.tokenizer(
                list(texts), truncation=True, max_length=loaded.max_length, padding=False
            )
        )

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text, in order; the empty text gets the embedding of no words."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for window in rt.windows(len(texts), self.batch_size * WINDOW_BATCHES):
            encoding = self.tokenize([texts[i] for i in window])
            lengths = [len(ids) for ids in encoding["input_ids"]]
            for rows in rt.sorted_batches(lengths, self.batch_size):
                vectors = self.forward(rt.pad_batch(self.loaded, encoding, rows))
                out[[window[r] for r in rows]] = vectors
        return out

    def forward(self, tensors: dict) -> np.ndarray:
        """Pooled, normalised embeddings of one padded batch."""
        torch = self.loaded.torch
        with torch.inference_mode():
            hidden = self.loaded.model(**tensors).last_hidden_state
            mask = tensors["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(dim=1)
            pooled = summed / mask.sum(dim=1).clamp(min=1.0)
            pooled = torch.nn.functional.normalize(pooled, p=2.0, dim=1)
        return pooled.float().numpy()
