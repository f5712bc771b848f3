"""`tbtwatch users`: passwords from a prompt or a file (never an argument), tokens shown once."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from warning.cli.main import cli


def _run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_a_user_is_added_with_the_password_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("a long enough password\n")
    added = _run("users", "add", "wang", "--role", "reviewer", "--password-file", str(secret))
    assert added.exit_code == 0 and "added wang (reviewer)" in added.output
    listed = _run("users", "list", "--json")
    assert '"username": "wang"' in listed.output and "password" not in listed.output


def test_the_password_is_asked_twice_and_never_taken_as_an_argument() -> None:
    added = _run(
        "users", "add", "li", "--role", "expert",
        input="a long enough password\na long enough password\n",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    refused = CliRunner().invoke(
        cli, ["users", "add", "x", "--role", "expert", "--password", "secret secret"]
    )
    assert refused.exit_code == 2 and "No such option" in refused.output


def test_a_short_password_or_unknown_role_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("short")
    short = CliRunner().invoke(
        cli, ["users", "add", "wang", "--role", "reviewer", "--password-file", str(secret)]
    )
    assert short.exit_code == 1 and "at least 10" in short.output
    role = CliRunner().invoke(cli, ["users", "add", "wang", "--role", "boss"])
    assert role.exit_code == 2


def test_a_token_is_printed_once_and_can_be_revoked(tmp_path: Path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("a long enough password")
    _run("users", "add", "wang", "--role", "reviewer", "--password-file", str(secret))
    issued = _run("users", "token", "wang")
    token = issued.stdout.strip().splitlines()[0]
    assert token.startswith("tbtw_")
    assert '"api_token": true' in _run("users", "list", "--json").output
    _run("users", "token", "wang", "--revoke")
    assert '"api_token": false' in _run("users", "list", "--json").output
    disabled = _run("users", "disable", "wang")
    assert "wang disabled" in disabled.output
    assert CliRunner().invoke(cli, ["users", "token", "ghost"]).exit_code == 1
