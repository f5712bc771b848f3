"""The transformers text backend: a multilingual model from a local folder (never downloaded at
run time), used either for zero-shot NLI or as an encoder under a trained head.

Import this module freely: torch and transformers are imported only when a model is loaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from config.settings import Settings
from models.backends.base import BackendError
from models.backends.transformers_categories import TEMPLATES, CategoryText, hypothesis
from models.backends.transformers_head import HeadBackend, head_path, read_head
from models.backends.transformers_models import (
    ModelInfo,
    fingerprint,
    list_models,
    model_kind,
    resolve_model_path,
)
from models.backends.transformers_nli import NliBackend
from models.backends.transformers_train import (
    HeadReport,
    LabelledExample,
    example_from_record,
    train_head,
)

__all__ = [
    "MODES",
    "TEMPLATES",
    "BackendError",
    "CategoryText",
    "HeadBackend",
    "HeadReport",
    "LabelledExample",
    "ModelInfo",
    "NliBackend",
    "backend_from_settings",
    "choose_mode",
    "example_from_record",
    "fingerprint",
    "hypothesis",
    "list_models",
    "load_transformers_backend",
    "read_head",
    "resolve_model_path",
    "train_head",
]

MODES = ("auto", "nli", "head")


def choose_mode(path: Path, mode: str = "auto") -> str:
    """"nli" or "head" for the model in `path`: a trained head wins, then an NLI classifier."""
    if mode not in MODES:
        raise BackendError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if mode != "auto":
        return mode
    if head_path(path).is_file():
        return "head"
    if model_kind(path) == "nli":
        return "nli"
    raise BackendError(
        f"{path} holds an encoder with no trained head and is not an NLI model (its config has "
        "no 'entailment' label): train a head on it, or use an NLI model"
    )


def load_transformers_backend(model_dir: Path | None, categories: Sequence[CategoryText], *,
                              name: str | None = None, mode: str = "auto", batch_size: int = 32,
                              max_length: int | None = None,
                              threads: int | None = None) -> NliBackend | HeadBackend:
    """The backend for the model in `model_dir` (or its subfolder `name`), in `mode`.

    `max_length` defaults to 256 for NLI and to the length the head was trained with.
    Raises BackendError when the folder, the model, torch or the head is missing or unusable.
    """
    path = resolve_model_path(model_dir, name)
    if choose_mode(path, mode) == "nli":
        return NliBackend(path, categories, batch_size=batch_size, max_length=max_length or 256,
                          threads=threads)
    return HeadBackend(path, categories, batch_size=batch_size, max_length=max_length,
                       threads=threads)


def backend_from_settings(settings: Settings, categories: Sequence[CategoryText], *,
                          name: str | None = None, mode: str = "auto", batch_size: int = 32,
                          max_length: int | None = None,
                          threads: int | None = None) -> NliBackend | HeadBackend:
    """The backend for `settings.model_dir` (TBTWATCH_MODEL_DIR); see load_transformers_backend."""
    return load_transformers_backend(settings.model_dir, categories, name=name, mode=mode,
                                     batch_size=batch_size, max_length=max_length,
                                     threads=threads)
