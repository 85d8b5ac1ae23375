"""A target of the whole project is printed without a 【課名】 label in every format; targets the
departments wrote themselves keep their department's name."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from openpyxl import load_workbook

from shinchoku.editions.snapshot import take_snapshot
from shinchoku.evaluations.models import Entry, ProjectTarget
from shinchoku.plans.models import PlanNode
from shinchoku.reports.formats.csv import read_csv
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan
from tests.reports.pdf_reading import pdf_pages, squeeze
from tests.reports.test_json import by_code, document

WHOLE = "地域の福祉情報を全世帯に届ける"
OWN = "通信紙を年4回発行する"


@pytest.fixture
def targets(tiny: TinyPlan) -> TinyPlan:
    """1-1-1-2 (共生福祉課 and 社協) has a final target of its own; 社協 also wrote one, 共生福祉課
    none; the published round has a year target of the whole project."""
    PlanNode.objects.filter(pk=tiny.shared.pk).update(final_target=WHOLE)
    Entry.objects.filter(round=tiny.published, project=tiny.shared).update(final_target="")
    Entry.objects.filter(round=tiny.published, project=tiny.shared, department__name="社協").update(
        final_target=OWN
    )
    ProjectTarget.objects.create(round=tiny.published, project=tiny.shared, year_target="全世帯の8割に届ける")
    take_snapshot(apps, tiny.published.pk)  # the published year had that final target
    return tiny


def _render(tiny: TinyPlan, name: str) -> bytes:
    return get(name).render(ReportRequest(tiny.published))


def test_the_html_report_prints_the_whole_projects_target_without_a_department(targets: TinyPlan) -> None:
    html = _render(targets, "html").decode()
    assert re.search(rf"<td><p>{WHOLE}</p><p class=\"dept\">【社協】</p><p>{OWN}</p>", html)
    assert not re.search(rf"【[^】]*】</p><p>{WHOLE}", html)


def test_the_pdf_prints_the_whole_projects_target_without_a_department(
    targets: TinyPlan, tmp_path: Path
) -> None:
    text = squeeze(" ".join(pdf_pages(_render(targets, "pdf"), tmp_path)))  # cells wrap their lines
    assert WHOLE in text
    assert f"】{WHOLE}" not in text
    assert f"{WHOLE}【社協】{OWN}" in text


def test_the_xlsx_puts_the_whole_projects_target_on_every_departments_row(targets: TinyPlan) -> None:
    sheet = load_workbook(io.BytesIO(_render(targets, "xlsx")))["事業別評価"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    shared = {row[5]: row[6] for row in rows if row[2] == targets.shared.code}
    assert shared == {"共生福祉課": WHOLE, "社協": f"{WHOLE}\n{OWN}"}


def test_the_open_data_keeps_the_whole_projects_targets_apart_from_the_departments(targets: TinyPlan) -> None:
    rows = [row for row in read_csv(_render(targets, "csv")) if row["事業番号"] == targets.shared.code]
    assert {row["担当課"]: row["計画最終年度までの目標"] for row in rows} == {"共生福祉課": "", "社協": OWN}
    assert {row["計画最終年度までの目標(全体)"] for row in rows} == {WHOLE}
    assert {row["今年度の目標(全体)"] for row in rows} == {"全世帯の8割に届ける"}

    node = by_code(document(targets.published), targets.shared.code)
    assert (node["final_target"], node["year_target"]) == (WHOLE, "全世帯の8割に届ける")
    assert [entry["final_target"] for entry in node["entries"]] == ["", OWN]
