"""schemathesis against /openapi.json: for every operation, generated requests (with and
without a staff token) never cause a server error, and responses match their schemas."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from warning.web.app import create_app

CHECKS = (not_a_server_error, content_type_conformance, response_schema_conformance)
# Collected from the schema itself, so a new operation is fuzzed without editing this file.
OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in create_app().openapi()["paths"].items()
    for method in item
)


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_the_api_has_no_server_errors(
    app: FastAPI,
    notice_id: int,
    api_token: Callable[[str], dict[str, str]],
    method: str,
    path: str,
) -> None:
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path][method]
    token = api_token("reviewer")

    @given(case=operation.as_strategy())
    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: schemathesis.Case) -> None:
        case.validate_response(case.call(headers=token), checks=CHECKS)
        case.validate_response(case.call(), checks=(not_a_server_error,))

    fuzz()
