"""The house rules: import contracts, lint, types, and that every core module is under contract."""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SHELL = {"cli", "web", "service", "migrations"}


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_import_contracts_hold() -> None:
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_warning_subpackage_is_either_core_or_shell() -> None:
    """A new package beside warning.core would escape the core's import contract."""
    children = {
        p.name if p.is_dir() else p.stem
        for p in (ROOT / "warning").iterdir()
        if ((p.is_dir() and (p / "__init__.py").exists()) or p.name == "migrations")
        or (p.suffix == ".py" and p.stem != "__init__")
    }
    assert children - SHELL == {"core"}, f"put new modules in warning/core or the shell: {children}"
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    core = next(c for c in contracts["contracts"] if c["source_modules"] == ["warning.core"])
    assert set(core["forbidden_modules"]) >= {f"warning.{s}" for s in SHELL - {"migrations"}}


def test_ruff_finds_nothing() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_accepts_the_core() -> None:
    result = _run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dockerfile_passes_hadolint() -> None:
    result = _run(str(BIN / "hadolint"), "--failure-threshold", "info", "Dockerfile")
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_uses_the_documented_settings_and_no_secrets() -> None:
    import yaml

    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    env = compose["services"]["tbtwatch"]["environment"]
    for name in ("TBTWATCH_DATABASE_URL", "TBTWATCH_SECRET_KEY", "TBTWATCH_SMTP_HOST"):
        assert name in env
    assert env["TBTWATCH_SECRET_KEY"].startswith("${"), "secrets come from the environment"
    assert {"db", "mail", "tbtwatch"} <= set(compose["services"])
