"""Read a YAML settings file into a pydantic model, with errors that name the file and the key."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

Model = TypeVar("Model", bound=BaseModel)


def describe_errors(exc: ValidationError) -> str:
    """`key.sub: message; …` for every problem pydantic found."""
    return "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'file'}: "
        f"{str(e['msg']).removeprefix('Value error, ')}"
        for e in exc.errors()
    )


def load_model_file(path: Path | None, model: type[Model], error: type[Exception]) -> Model:
    """The file's settings as `model`; a missing file means every default. The file is read
    again only when it changes, so a running service picks up edits."""
    if path is None or not path.is_file():
        return model()
    data, problem = _read(path, path.stat().st_mtime_ns)
    if problem:
        raise error(f"{path}: {problem}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(f"{path}: {describe_errors(exc)}") from None


@lru_cache(maxsize=32)
def _read(path: Path, _mtime: int) -> tuple[Any, str | None]:
    """The file's mapping, or what is wrong with it."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return None, f"not valid YAML: {exc}"
    if not isinstance(data, dict):
        return None, "expected a mapping of settings"
    return data, None
