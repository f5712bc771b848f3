"""The local model directory: which models it holds, what kind each is, and a stable identity.

Nothing here imports torch or transformers, so `tbtwatch models list` works on a light install.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.backends.base import BackendError

HEAD_FILE = "tbtwatch_head.json"
NO_MODEL_DIR = (
    "no model directory: set TBTWATCH_MODEL_DIR to a folder holding a model "
    "(`tbtwatch models fetch NAME` puts one there)"
)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One model folder: `kind` is "nli", "encoder" or "encoder+head"."""

    name: str
    path: Path
    kind: str
    architecture: str
    size_bytes: int
    fingerprint: str


def slug(name: str) -> str:
    """The folder name for a hub model id, as the hub cache spells it (`org--model`)."""
    cleaned = name.strip().strip("/")
    if not cleaned or ".." in cleaned.split("/") or cleaned.startswith("."):
        raise BackendError(f"not a model name: {name!r}")
    return cleaned.replace("/", "--")


def is_model_dir(path: Path) -> bool:
    return (path / "config.json").is_file()


def read_config(path: Path) -> dict[str, Any]:
    """The model's config.json as a dict, with a clear error when it is missing or broken."""
    config_file = path / "config.json"
    try:
        data = json.loads(config_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackendError(f"{path} is not a model folder: it has no config.json") from None
    except (OSError, ValueError) as exc:
        raise BackendError(f"cannot read {config_file}: {exc}") from exc
    if not isinstance(data, dict):
        raise BackendError(f"{config_file} does not hold a JSON object")
    return data


def _identity_files(path: Path) -> list[tuple[str, int]]:
    # The trained head is versioned separately (by content), so retraining it does not change
    # the encoder's identity; docs and dot-files do not change what the model computes.
    return sorted(
        (f.name, f.stat().st_size)
        for f in path.iterdir()
        if f.is_file() and not f.name.startswith(".") and f.name != HEAD_FILE and f.suffix != ".md"
    )


def weights_digest(path: Path) -> str:
    """12 hex digits over the names and sizes of the config, tokenizer and weights files."""
    entries = _identity_files(path)
    return hashlib.sha256(json.dumps(entries).encode("utf-8")).hexdigest()[:12]


def fingerprint(path: Path) -> str:
    """`<folder name>@<digest>`: readable, and changes whenever a weights or config file does."""
    return f"{path.name}@{weights_digest(path)}"


def entailment_label(config: dict[str, Any]) -> tuple[str, int] | None:
    """The NLI entailment label and its id, as the zero-shot pipeline finds it (None if absent)."""
    for label, index in (config.get("label2id") or {}).items():
        if str(label).lower().startswith("entail"):
            return str(label), int(index)
    return None


def model_kind(path: Path) -> str:
    config = read_config(path)
    architectures = config.get("architectures") or []
    is_classifier = any(str(a).endswith("ForSequenceClassification") for a in architectures)
    kind = "nli" if is_classifier and entailment_label(config) else "encoder"
    if (path / HEAD_FILE).is_file():
        return "encoder+head"
    return kind


def describe(path: Path) -> ModelInfo:
    config = read_config(path)
    architectures = config.get("architectures") or [config.get("model_type", "?")]
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return ModelInfo(
        name=path.name,
        path=path,
        kind=model_kind(path),
        architecture=str(architectures[0]),
        size_bytes=size,
        fingerprint=fingerprint(path),
    )


def list_models(model_dir: Path) -> list[ModelInfo]:
    """The models in `model_dir`: the folder itself if it is a model, else its model subfolders."""
    if not model_dir.is_dir():
        raise BackendError(f"model directory {model_dir} does not exist")
    if is_model_dir(model_dir):
        return [describe(model_dir)]
    return [describe(p) for p in sorted(model_dir.iterdir()) if p.is_dir() and is_model_dir(p)]


def resolve_model_path(model_dir: Path | None, name: str | None = None) -> Path:
    """The model folder to load: `model_dir` itself, its subfolder `name`, or its only one."""
    if model_dir is None:
        raise BackendError(NO_MODEL_DIR)
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        raise BackendError(
            f"model directory {model_dir} does not exist; set TBTWATCH_MODEL_DIR to a folder "
            "holding a model, or run `tbtwatch models fetch NAME` while online"
        )
    if name:
        for candidate in (model_dir / slug(name), model_dir / name):
            if is_model_dir(candidate):
                return candidate
        raise BackendError(f"model {name!r} is not in {model_dir} (`tbtwatch models list`)")
    if is_model_dir(model_dir):
        return model_dir
    found = [p for p in sorted(model_dir.iterdir()) if p.is_dir() and is_model_dir(p)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise BackendError(f"{model_dir} holds no model (no folder with a config.json)")
    names = ", ".join(p.name for p in found)
    raise BackendError(f"{model_dir} holds several models ({names}); name the one to use")
