"""The embedded model on disk: built on first use into the data folder, one folder per version.

`<root>/embedded/<version>/` holds `model.npz` (weights) and `meta.json` (labels, thresholds,
what it was built from); `<root>/embedded/CURRENT` names the version in use. Nothing here is
committed to the repository: `models.training` rebuilds it from shipped data in seconds.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from models.corpus import Recipe
from models.embedded import EmbeddedModel
from models.fusion import Thresholds
from models.linear import LinearModel
from models.records import LabelledDocument, shipped_records
from models.signals import Stacker
from models.taxonomy import Taxonomy
from models.training import FORMAT, Params, model_version, train

log = logging.getLogger(__name__)


class ArtefactError(RuntimeError):
    """A stored model cannot be read; the message says which file and why."""


def folder(root: Path) -> Path:
    return Path(root) / "embedded"


def save(model: EmbeddedModel, root: Path) -> Path:
    """Write the model under its version, atomically (a reader never sees half a model)."""
    target = folder(root) / model.version
    if target.is_dir():
        return target
    temporary = folder(root) / f".{model.version}.{os.getpid()}"
    temporary.mkdir(parents=True, exist_ok=True)
    np.savez(temporary / "model.npz", columns=model.linear.columns, weights=model.linear.weights,
             bias=model.linear.bias, stacker=model.stacker.weights,
             stacker_bias=np.array([model.stacker.bias]))
    meta = {"format": FORMAT, "version": model.version, "labels": list(model.labels),
            "thresholds": model.thresholds.to_dict(), "built_at": datetime.now(UTC).isoformat(),
            **model.meta}
    (temporary / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    try:
        temporary.rename(target)
    except OSError:  # another process saved the same version first
        shutil.rmtree(temporary, ignore_errors=True)
    return target


def load(root: Path, version: str) -> EmbeddedModel:
    path = folder(root) / version
    try:
        meta = json.loads((path / "meta.json").read_text())
        with np.load(path / "model.npz") as arrays:
            linear = LinearModel(arrays["columns"], arrays["weights"], arrays["bias"])
            stacker = Stacker(arrays["stacker"], float(arrays["stacker_bias"][0]))
    except (OSError, ValueError, KeyError) as exc:
        raise ArtefactError(f"{path}: cannot read the embedded model: {exc}") from None
    if meta.get("format") != FORMAT:
        raise ArtefactError(f"{path}: built by another version of tbtwatch; run classify train")
    extra = {k: v for k, v in meta.items() if k not in {"labels", "thresholds", "version"}}
    return EmbeddedModel(tuple(meta["labels"]), linear, stacker,
                         Thresholds.from_dict(meta["thresholds"]), meta["version"], extra)


def current_version(root: Path) -> str | None:
    marker = folder(root) / "CURRENT"
    return marker.read_text().strip() or None if marker.is_file() else None


def set_current(root: Path, version: str) -> None:
    marker = folder(root) / "CURRENT"
    marker.parent.mkdir(parents=True, exist_ok=True)
    temporary = marker.with_suffix(f".{os.getpid()}")
    temporary.write_text(version + "\n")
    temporary.replace(marker)


def build(root: Path, taxonomy: Taxonomy, reviewer: Sequence[LabelledDocument] = (), *,
          labelled: Sequence[LabelledDocument] | None = None, recipe: Recipe | None = None,
          params: Params | None = None, make_current: bool = True) -> tuple[EmbeddedModel, bool]:
    """The model for these inputs, trained unless that version is already on disk; it becomes
    the current one unless `make_current` is false. Returns (model, whether it was trained)."""
    items = [*(shipped_records() if labelled is None else labelled), *reviewer]
    recipe, params = recipe or Recipe(), params or Params()
    version = model_version(taxonomy, items, recipe, params)
    trained = False
    try:
        model = load(root, version)
    except ArtefactError:
        log.info("building the embedded model %s from %d labelled notices", version, len(items))
        model = train(taxonomy, items, recipe=recipe, params=params)
        save(model, root)
        trained = True
    if make_current:
        set_current(root, model.version)
    return model, trained


def load_current(root: Path, taxonomy: Taxonomy,
                 reviewer: Sequence[LabelledDocument] = ()) -> EmbeddedModel:
    """The current model; built first if there is none, or if the taxonomy has changed."""
    version = current_version(root)
    if version:
        try:
            model = load(root, version)
            if model.meta.get("taxonomy") == taxonomy.digest:
                return model
            log.warning("the taxonomy changed since model %s was built; rebuilding", version)
        except ArtefactError as exc:
            log.warning("%s; rebuilding", exc)
    return build(root, taxonomy, reviewer)[0]
