"""/opendata/all.csv and /opendata/all.jsonl: streamed downloads of the national file, the same
for every visitor."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shinchoku.evaluations.models import Entry
from shinchoku.reports.formats.csv import read_csv
from tests.evaluations.tiny_plan import TinyPlan, make_user
from tests.reports.national.world import (
    national_csv,
    national_jsonl_rows,
    per_round_csv_rows,
    published_rounds,
)


def test_the_csv_download_streams_the_national_file(tiny: TinyPlan, client: Client) -> None:
    response = client.get("/opendata/all.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="all_entries.csv"'
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert body == national_csv()
    assert read_csv(body) == per_round_csv_rows(published_rounds()[0])


def test_the_json_lines_download_streams_one_object_per_line(tiny: TinyPlan, client: Client) -> None:
    response = client.get(reverse("opendata:national_jsonl"))
    assert response.streaming
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    rows = national_jsonl_rows(b"".join(response.streaming_content))  # type: ignore[arg-type]
    assert [row["project_code"] for row in rows] == ["1-1-1-1", "1-1-1-2", "1-1-1-2", "1-1-2-1", "1-1-2-2"]


def test_the_byte_order_mark_can_be_left_out_and_a_bad_option_is_refused(
    tiny: TinyPlan, client: Client
) -> None:
    body = b"".join(client.get("/opendata/all.csv?bom=false").streaming_content)  # type: ignore[arg-type]
    assert body.startswith("全国地方公共団体コード,".encode())
    refused = client.get("/opendata/all.csv?bom=maybe")
    assert refused.status_code == 400
    assert "bom には true か false" in refused.content.decode()


def test_the_secretariat_gets_no_draft_either(tiny: TinyPlan, client: Client) -> None:
    Entry.objects.filter(round=tiny.collecting).update(progress="事務局だけが見る下書き")
    client.force_login(make_user("jimu", tiny.municipality, role="secretariat"))
    body = b"".join(client.get("/opendata/all.jsonl").streaming_content)  # type: ignore[arg-type]
    assert "事務局だけが見る下書き".encode() not in body
    assert body


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_only_answers_get(tiny: TinyPlan, client: Client, method: str) -> None:
    assert getattr(client, method)("/opendata/all.csv").status_code == 405


def test_the_link_include_points_at_both_files(db: None) -> None:
    html = render_to_string("web/includes/national_opendata.html")
    assert 'href="/opendata/all.csv"' in html
    assert 'href="/opendata/all.jsonl"' in html


def test_no_row_is_read_before_the_response_is_handed_to_the_server(tiny: TinyPlan, client: Client) -> None:
    with CaptureQueriesContext(connection) as before:
        response = client.get("/opendata/all.jsonl")
    with CaptureQueriesContext(connection) as streaming:
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body
    assert not any("evaluations_entry" in query["sql"] for query in before.captured_queries)
    assert any("evaluations_entry" in query["sql"] for query in streaming.captured_queries)
