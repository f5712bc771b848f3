"""Refusals that people read. The message stays a template marked for the web's catalogues, with
its values apart, so that a page can show it in the reader's language while the API, the CLI
and the logs keep the English text (`str(error)`)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks `message` for the catalogues (`pybabel extract -k N_`); it is translated where it
    is shown, not here."""
    return message


class Refusal(ValueError):
    """`message` is a %-template (`%(name)s`) and `params` its values; `str()` is the English."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
