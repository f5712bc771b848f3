"""The contract every text backend meets, so fusion does not care which one it has."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from models.document import Document


@dataclass(frozen=True, slots=True)
class TextPrediction:
    """Per-category probabilities in [0, 1], and the words or phrases that drove each one."""

    scores: dict[str, float]
    evidence: dict[str, list[str]] = field(default_factory=dict)


class BackendError(RuntimeError):
    """A backend cannot load or run (missing model directory, missing torch, bad files)."""


@runtime_checkable
class TextBackend(Protocol):
    name: str  # "embedded", "transformers-nli", "transformers-head"
    version: str  # model identity and version, stored with each classification

    def predict(self, documents: Sequence[Document]) -> list[TextPrediction]:
        """One prediction per document, in order. Batched internally as the backend likes."""
        ...
