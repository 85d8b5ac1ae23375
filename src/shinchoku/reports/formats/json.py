"""Open-data JSON (key "json"): the round as one nested document (plan → nodes → projects →
entries, with indicators and evaluations), described in ``docs/opendata.md``."""

from __future__ import annotations

import json

from shinchoku.reports.opendata.dataset import load_for_report
from shinchoku.reports.opendata.document import document
from shinchoku.reports.registry import ReportFormat, ReportRequest, register


def render(request: ReportRequest) -> bytes:
    """UTF-8 JSON, indented for people (``{"indent": "0"}`` for one line)."""
    indent = 2 if request.options.get("indent", "2") != "0" else None
    text = json.dumps(document(load_for_report(request)), ensure_ascii=False, indent=indent)
    return text.encode("utf-8")


JSON = register(
    ReportFormat(
        key="json",
        label="JSON(オープンデータ)",
        description="計画の体系・事業・担当課ごとの評価・指標を入れ子にしたオープンデータです。",
        media_type="application/json",
        extension="json",
        render=render,
    )
)
