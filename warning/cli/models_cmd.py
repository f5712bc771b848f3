"""`tbtwatch models`: the transformers backend's local model folder (list; fetch when online)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from models.backends.base import BackendError
from models.backends.transformers_models import NO_MODEL_DIR, ModelInfo, list_models, slug
from warning.cli.context import App, echo_json, pass_app

# Short names for the models the docs suggest; any hub id works too.
ALIASES = {
    "nli-multilingual": "MoritzLaurer/mDeBERTa-v3-base-xnli-multilingual-nli-2mil7",
    "encoder-multilingual": "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2",
}
# Formats torch does not load, so they would only cost download time and disk.
NOT_FOR_TORCH = [
    "*.onnx",
    "onnx/*",
    "openvino/*",
    "*.h5",
    "*.msgpack",
    "*.ot",
    "*.tflite",
    "tf_model*",
    "flax_model*",
    "rust_model*",
    "coreml/*",
]
OFFLINE_VARIABLES = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


@click.group()
def models() -> None:
    """Models of the transformers backend, kept in TBTWATCH_MODEL_DIR."""


def _root(app: App, given: Path | None) -> Path:
    root = given or app.settings.model_dir
    if root is None:
        raise click.ClickException(NO_MODEL_DIR)
    return Path(root)


def _as_dict(info: ModelInfo) -> dict[str, object]:
    return {
        "name": info.name,
        "path": str(info.path),
        "kind": info.kind,
        "architecture": info.architecture,
        "size_bytes": info.size_bytes,
        "version": info.fingerprint,
    }


@models.command("list")
@click.option(
    "--dir",
    "model_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Model folder (default: TBTWATCH_MODEL_DIR).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON array.")
@pass_app
def list_command(app: App, model_dir: Path | None, as_json: bool) -> None:
    """Show the models in the model folder: kind (nli, encoder, encoder+head), size, version."""
    root = _root(app, model_dir)
    try:
        found = list_models(root)
    except BackendError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        echo_json([_as_dict(info) for info in found])
        return
    if not found:
        click.echo(f"no models in {root} (tbtwatch models fetch NAME, while online)")
    for info in found:
        size = f"{info.size_bytes / 1e6:.1f} MB"
        click.echo(f"{info.name}\t{info.kind}\t{info.architecture}\t{size}\t{info.fingerprint}")


@models.command("fetch")
@click.argument("name")
@click.option(
    "--dest",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to put the model under (default: TBTWATCH_MODEL_DIR).",
)
@click.option("--revision", help="Hub branch, tag or commit (default: main).")
@pass_app
def fetch_command(app: App, name: str, dest: Path | None, revision: str | None) -> None:
    """Download model NAME from the Hugging Face hub into the model folder (needs the network).

    NAME is a hub id or one of: nli-multilingual, encoder-multilingual.
    """
    repo_id = ALIASES.get(name, name)
    root = _root(app, dest)
    try:
        target = root / slug(repo_id)
    except BackendError as exc:
        raise click.ClickException(str(exc)) from None
    download(repo_id, target, revision)
    click.echo(f"{repo_id} -> {target}")
    click.echo(f"use it with TBTWATCH_MODEL_DIR={root} (name {target.name})")


def _offline_variable() -> str | None:
    for variable in OFFLINE_VARIABLES:
        if os.environ.get(variable, "").strip().lower() in ("1", "true", "yes", "on"):
            return variable
    return None


def download(repo_id: str, target: Path, revision: str | None = None) -> Path:
    """Download `repo_id`'s torch-loadable files into `target`; ClickException when it cannot."""
    variable = _offline_variable()
    if variable:
        raise click.ClickException(
            f"cannot download {repo_id}: {variable} is set (offline mode); unset it on a machine "
            f"with network access, or copy the model's folder to {target}"
        )
    from huggingface_hub import HfApi, snapshot_download
    from huggingface_hub import errors as hub_errors

    try:
        files = HfApi().list_repo_files(repo_id, revision=revision)
        ignore = list(NOT_FOR_TORCH)
        if any(f.endswith(".safetensors") for f in files):
            ignore += ["*.bin", "*.pt", "*.pth"]  # the same weights, in the older format
        snapshot_download(repo_id, revision=revision, local_dir=target, ignore_patterns=ignore)
    except hub_errors.GatedRepoError as exc:  # a subclass of RepositoryNotFoundError
        raise click.ClickException(f"{repo_id} needs an access token: {exc}") from None
    except (hub_errors.RepositoryNotFoundError, hub_errors.RevisionNotFoundError) as exc:
        raise click.ClickException(f"no model {repo_id!r} on the hub: {exc}") from None
    except Exception as exc:  # connection, DNS, proxy and HTTP failures all mean "not reachable"
        raise click.ClickException(
            f"cannot download {repo_id}: the Hugging Face hub is not reachable "
            f"({type(exc).__name__}: {exc}); run this on a machine with network access and copy "
            f"the folder to {target}"
        ) from None
    if not (target / "config.json").is_file():
        raise click.ClickException(f"{repo_id} was downloaded to {target} but has no config.json")
    return target
