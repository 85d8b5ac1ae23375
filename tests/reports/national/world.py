"""What the national file should hold, built from the per-round exports independently of it."""

from __future__ import annotations

import json
from typing import Any

from shinchoku.evaluations.models import Round
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.national.export import chunks, national_columns
from shinchoku.reports.opendata.columns import entry_columns
from shinchoku.reports.opendata.dataset import load_for_report
from shinchoku.reports.opendata.document import entry_rows_json
from shinchoku.reports.registry import ReportRequest, get


def published_rounds() -> list[Round]:
    """Every published round, in the national file's order: city code, plan, year."""
    return list(
        Round.objects.filter(state=Round.State.PUBLISHED)
        .select_related("plan__municipality")
        .order_by("plan__municipality__code", "plan_id", "fiscal_year")
    )


def per_round_csv_rows(round_: Round) -> list[dict[str, str]]:
    """The rows of the round's own entries CSV (as downloaded), under the national headers: the
    plan's hierarchy headers become positional ones, levels the plan lacks are empty."""
    national = {column.key: column.header for column in national_columns()}
    own = {column.header: column.key for column in entry_columns(round_.plan.level_labels)}
    rows = read_csv(get("csv").render(ReportRequest(round_)))
    empty = dict.fromkeys(national.values(), "")
    return [empty | {national[own[header]]: value for header, value in row.items()} for row in rows]


def per_round_json_rows(round_: Round) -> list[dict[str, Any]]:
    """The round's entries as the per-round JSON rows (the API's entries list)."""
    return entry_rows_json(load_for_report(ReportRequest(round_)))


def national_csv() -> bytes:
    return b"".join(chunks("csv"))


def national_jsonl_rows(data: bytes | None = None) -> list[dict[str, Any]]:
    text = (data if data is not None else b"".join(chunks("jsonl"))).decode("utf-8")
    assert text.endswith("\n") or not text
    return [json.loads(line) for line in text.splitlines()]
