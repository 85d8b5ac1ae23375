"""The API fuzzed from its own OpenAPI document by schemathesis, in-process through the WSGI app,
on the tiny plan as an anonymous visitor, with all of schemathesis's default checks (no server
error, status codes and content types as documented, bodies matching their schemas, undocumented
methods answered 405 with ``Allow``, …); and the document itself checked against the OpenAPI 3.1
specification by openapi-spec-validator."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from tests.evaluations.tiny_plan import TinyPlan


def test_the_openapi_document_is_valid_openapi_3_1(client: Client, tiny: TinyPlan) -> None:
    document: dict[str, Any] = json.loads(client.get("/api/v1/openapi.json").content)

    validate(document)  # raises on the first departure from the specification


@pytest.fixture
def api_schema(tiny: TinyPlan) -> Iterator[Any]:
    # As Django's test client does: a finished request must not close the test's connection,
    # whose transaction holds the tiny plan.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_openapi_document_says(case: Any) -> None:
    case.call_and_validate()
