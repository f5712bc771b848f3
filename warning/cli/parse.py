"""`tbtwatch parse FILE`: read one notification document and print its fields as one JSON object."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import NoReturn

import click

from crawlers.documents import DocumentError, parse_document

log = logging.getLogger(__name__)
EXIT_UNREADABLE = 1
EXIT_PARSER_FAILED = 2
EXIT_NOTHING_RECOGNISED = 3


@click.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--body-only",
    is_flag=True,
    help="The file is a sample file: skip its header, everything up to the '---' line.",
)
@click.option("--pretty", is_flag=True, help="Indent the JSON for reading.")
def parse(file: Path, body_only: bool, pretty: bool) -> None:
    """Parse a WTO TBT/SPS notification document (PDF, DOCX, HTML or text) and print its fields
    as one JSON object. Sample files (header, '---', page text) are recognised by themselves.

    Exit status: 0 parsed; 1 unreadable input; 2 parser failure; 3 nothing recognised."""
    data = _read(file)
    try:
        doc = parse_document(data, name=file.name, body_only=body_only)
    except DocumentError as exc:
        _fail(f"{file}: {exc}", EXIT_UNREADABLE)
    except Exception as exc:  # a parser bug must not end in a traceback for the operator
        log.debug("parser failure on %s", file, exc_info=True)
        _fail(f"{file}: the parser failed ({type(exc).__name__}: {exc})", EXIT_PARSER_FAILED)
    click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2 if pretty else None))
    if not doc.has_content():
        _fail(
            f"{file}: no notification symbol, title, description or products recognised",
            EXIT_NOTHING_RECOGNISED,
        )


def _read(file: Path) -> bytes:
    try:
        if str(file) == "-":
            return sys.stdin.buffer.read()
        return file.read_bytes()
    except OSError as exc:
        _fail(f"{file}: cannot read: {exc.strerror or exc}", EXIT_UNREADABLE)


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)
