"""The data dictionary (docs/opendata.md) describes every column and field that is published."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shinchoku.reports.national.export import national_columns
from shinchoku.reports.opendata.columns import Column, entry_columns, evaluation_columns, indicator_columns
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan

DICTIONARY = (Path(__file__).resolve().parents[2] / "docs" / "opendata.md").read_text(encoding="utf-8")


def test_every_csv_column_and_its_json_key_is_in_the_dictionary() -> None:
    columns: list[Column[Any]] = [
        *entry_columns(["基本目標", "施策", "取組", "事業"]),  # the dictionary's example plan
        *indicator_columns(),
        *evaluation_columns(),
        *national_columns(),  # the national CSV's positional hierarchy headers
    ]
    missing = [c.header for c in columns if f"`{c.header}`" not in DICTIONARY]
    missing += [c.key for c in columns if f"`{c.key}`" not in DICTIONARY]
    assert missing == []


def test_every_field_of_the_json_document_is_in_the_dictionary(tiny: TinyPlan) -> None:
    doc = json.loads(get("json").render(ReportRequest(tiny.published)))
    fields = set(doc)
    stack = list(doc["nodes"])
    while stack:
        node = stack.pop()
        fields |= set(node)
        stack += node["children"]
    assert sorted(field for field in fields if f"`{field}`" not in DICTIONARY) == []
