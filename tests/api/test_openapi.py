"""The OpenAPI document describes exactly the API's URL patterns."""

from __future__ import annotations

import json
import re

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from shinchoku.api import views
from shinchoku.api.openapi import document


def api_paths() -> set[str]:
    """Every URL pattern under the ``api`` namespace, written as OpenAPI paths."""
    mount = next(
        item
        for item in get_resolver().url_patterns
        if isinstance(item, URLResolver) and item.namespace == "api"
    )
    found = set()
    for pattern in mount.url_patterns:
        assert isinstance(pattern, URLPattern), "nested includes are not expected under api/"
        if pattern.callback is views.not_found:
            continue  # the JSON 404 for every other address
        route = f"/{mount.pattern}{pattern.pattern}"
        found.add(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return found


def test_every_api_url_is_described_and_nothing_else() -> None:
    assert set(document()["paths"]) == api_paths()


def test_every_path_parameter_is_declared() -> None:
    for path, item in document()["paths"].items():
        declared = {p["name"] for p in item["get"]["parameters"] if p["in"] == "path"}
        assert declared == set(re.findall(r"{(\w+)}", path)), path


def test_the_document_is_served_as_openapi_3_1(client: Client, db: None) -> None:
    body = json.loads(client.get("/api/v1/openapi.json").content)
    assert body["openapi"] == "3.1.0"
    assert "project_id" in body["components"]["schemas"]["EntryRow"]["properties"]
