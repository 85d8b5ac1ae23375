"""A correction (正誤) of a published year changes only the corrected item in every output, marks
it with the date, and adds the 正誤表 (HTML and PDF section, XLSX sheet, JSON list)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shinchoku.core.fiscal_year import format_date_wareki
from shinchoku.editions.services import correct_entry
from shinchoku.evaluations.models import Entry
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import pdf_pages, squeeze
from tests.reports.test_pdf_judge import assert_judged_clean

REASON = "集計表からの転記誤り"


def _render(tiny: TinyPlan, key: str) -> bytes:
    return get(key).render(ReportRequest(tiny.published))


def _cells(data: bytes) -> dict[str, list[list[Any]]]:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}


def _correct(tiny: TinyPlan, people: People) -> str:
    entry = Entry.objects.get(round=tiny.published, project=tiny.single)
    correct_entry(people.secretariat, entry.pk, {"rating": "B"}, REASON, version=entry.version)
    tiny.published.refresh_from_db()
    return f"訂正({format_date_wareki(timezone.localdate())})"


def test_the_xlsx_changes_only_the_corrected_row_and_gains_the_corrections_sheet(
    tiny: TinyPlan, people: People
) -> None:
    before = _cells(_render(tiny, "xlsx"))

    mark = _correct(tiny, people)

    after = _cells(_render(tiny, "xlsx"))
    assert set(after) - set(before) == {"正誤表"}
    [header, line] = after["正誤表"]
    assert header == ["訂正日", "箇所", "訂正前", "訂正後", "理由"]
    assert line[2:] == ["A", "B", REASON]
    projects = next(name for name in before if name.endswith("別評価"))
    changed = [(old, new) for old, new in zip(before[projects], after[projects], strict=True) if old != new]
    [(old, new)] = changed
    assert [(a, b) for a, b in zip(old, new, strict=True) if a != b] == [("A", "B"), ("A", "B"), (None, mark)]


def test_the_html_and_pdf_reports_mark_the_row_and_print_the_corrections_table(
    tiny: TinyPlan, people: People, tmp_path: Path
) -> None:
    mark = _correct(tiny, people)

    html = _render(tiny, "html").decode()
    pdf = squeeze(" ".join(pdf_pages(_render(tiny, "pdf"), tmp_path)))

    assert mark in html
    assert "正誤表" in html
    assert REASON in html
    assert squeeze(mark) in pdf
    assert "正誤表" in pdf
    assert REASON in pdf


def test_the_json_and_the_api_carry_the_corrected_value_and_its_date(
    tiny: TinyPlan, people: People, client: Client
) -> None:
    _correct(tiny, people)
    today = timezone.localdate().isoformat()

    document = json.loads(_render(tiny, "json"))
    api = client.get(reverse("api:entries", args=[tiny.plan.pk, 2023])).json()

    assert document["schema_version"] == "1.3"
    [line] = document["corrections"]
    assert (line["previous_value"], line["corrected_value"], line["reason"]) == ("A", "B", REASON)
    corrected = [row for row in api["results"] if row["corrected_at"]]
    assert [(row["project_code"], row["rating"], row["corrected_at"]) for row in corrected] == [
        (tiny.single.code, "B", today)
    ]


def test_the_corrected_pdf_passes_the_pdf_ua_judge(tiny: TinyPlan, people: People, tmp_path: Path) -> None:
    _correct(tiny, people)

    assert_judged_clean(_render(tiny, "pdf"), tmp_path)
