"""torch and transformers, imported only when a transformers backend is used, and only offline.

Also the batching both modes share: tokenise once, sort by length so that each batch carries
little padding, pad per batch, and put the results back in the caller's order.
"""

from __future__ import annotations

import inspect
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from models.backends.base import BackendError

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "the transformers backend needs torch, which is not installed: run "
    "`pip install 'tbtwatch[ml]'` (for the CPU-only build: `pip install torch "
    "--index-url https://download.pytorch.org/whl/cpu` first)"
)
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")


def require_torch() -> ModuleType:
    """torch, or a BackendError that says how to install it."""
    try:
        import torch
    except ImportError as exc:
        raise BackendError(INSTALL_HINT) from exc
    return torch


def offline_transformers() -> ModuleType:
    """transformers with the hub switched off: models come from a local folder, never the net."""
    # These environment variables only take effect if set before huggingface_hub is first
    # imported; `local_files_only=True` on every load is what guarantees no download.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    require_torch()
    try:
        import transformers
    except ImportError as exc:
        raise BackendError(f"cannot import transformers: {exc}") from exc
    transformers.utils.logging.disable_progress_bar()
    return transformers


def set_threads(threads: int | None) -> None:
    """Use `threads` cores for torch's intra-op work; None keeps torch's default (all cores)."""
    if threads is not None:
        if threads < 1:
            raise BackendError(f"threads must be at least 1, got {threads}")
        require_torch().set_num_threads(threads)


@dataclass
class Loaded:
    """A tokenizer and a model ready to run, with the inputs the model's forward accepts."""

    torch: ModuleType
    tokenizer: Any
    model: Any
    max_length: int
    input_names: tuple[str, ...]


def load(path: Path, *, classifier: bool, max_length: int) -> Loaded:
    """Load tokenizer and model from `path` (local files only) in inference mode."""
    transformers = offline_transformers()
    torch = require_torch()
    auto = transformers.AutoModelForSequenceClassification if classifier else transformers.AutoModel
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            str(path), local_files_only=True, trust_remote_code=False
        )
        model = auto.from_pretrained(str(path), local_files_only=True, trust_remote_code=False)
    except Exception as exc:  # transformers, tokenizers and safetensors each have their own
        raise BackendError(f"cannot load the model in {path}: {exc}") from exc
    if not getattr(tokenizer, "is_fast", False):
        log.warning("%s has no fast tokenizer; tokenising will be slow", path)
    if tokenizer.pad_token_id is None:
        raise BackendError(f"the tokenizer in {path} has no padding token")
    model.eval()
    accepted = inspect.signature(model.forward).parameters
    names = tuple(n for n in INPUT_NAMES if n in accepted)
    return Loaded(torch, tokenizer, model, _usable_length(tokenizer, model, max_length), names)


def _usable_length(tokenizer: Any, model: Any, requested: int) -> int:
    if requested < 8:
        raise BackendError(f"max_length must be at least 8, got {requested}")
    limits = [requested]
    tok_limit = getattr(tokenizer, "model_max_length", None)
    if isinstance(tok_limit, int) and 0 < tok_limit < 1_000_000:
        limits.append(tok_limit)
    positions = getattr(model.config, "max_position_embeddings", None)
    if isinstance(positions, int) and positions > 0:
        # RoBERTa-style models reserve the first positions for the padding index.
        offset = 2 if getattr(model.config, "model_type", "") in ("roberta", "xlm-roberta") else 0
        limits.append(positions - offset)
    return min(limits)


def sorted_batches(lengths: Sequence[int], batch_size: int) -> list[list[int]]:
    """Indices grouped into batches of similar length (ties keep input order, so it is stable)."""
    if batch_size < 1:
        raise BackendError(f"batch_size must be at least 1, got {batch_size}")
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def pad_batch(loaded: Loaded, encoding: dict[str, list[list[int]]], rows: list[int]) -> dict:
    """Tensors for `rows` of an unpadded encoding, right-padded to the longest row."""
    torch = loaded.torch
    width = max(len(encoding["input_ids"][i]) for i in rows)
    pad_values = {"input_ids": loaded.tokenizer.pad_token_id, "attention_mask": 0}
    tensors = {}
    for name in loaded.input_names:
        if name not in encoding:
            continue
        out = torch.full((len(rows), width), pad_values.get(name, 0), dtype=torch.long)
        for r, i in enumerate(rows):
            values = encoding[name][i]
            out[r, : len(values)] = torch.tensor(values, dtype=torch.long)
        tensors[name] = out
    return tensors


def windows(count: int, size: int) -> Iterator[range]:
    """Consecutive ranges of at most `size`, so that a long input is tokenised piece by piece."""
    for start in range(0, count, size):
        yield range(start, min(start + size, count))
