"""The round-trip guarantee: export → import changes nothing; an edited file applies exactly the
edits; the example imports and comes back as the same workbook."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from shinchoku.audit.models import AuditEntry
from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.plans.models import Department, Indicator, IndicatorTarget, Plan, PlanNode, RatingCode
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.example import EXAMPLE_TITLE
from shinchoku.plans.workbook.export import export_plan_workbook, write_plan_workbook
from shinchoku.plans.workbook.read import read_plan_workbook
from shinchoku.search.models import SearchDocument
from tests.plans.workbook.helpers import edited, example_bytes, make_city, row_of

pytestmark = pytest.mark.django_db


def _cells(data: bytes) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def _imported() -> Plan:
    make_city()
    import_plan_workbook(None, example_bytes(), "example.xlsx")
    return Plan.objects.get(title=EXAMPLE_TITLE)


def test_the_example_imports_as_a_three_level_plan_with_its_scale_departments_and_last_year() -> None:
    plan = _imported()
    assert plan.level_labels == ["基本方針", "施策", "事業"]
    assert plan.evaluation_level == 1
    assert plan.multi_department_rule == "lowest"
    assert plan.achievement_formula == "ratio"
    codes = list(RatingCode.objects.filter(scale=plan.rating_scale).order_by("position"))
    assert [(c.code, c.is_rating) for c in codes] == [
        ("S", True),
        ("A", True),
        ("B", True),
        ("C", True),
        ("未着手", False),
        ("評価困難", False),
    ]
    assert Department.objects.get(name="社会福祉協議会").kind == Department.Kind.EXTERNAL
    shared = PlanNode.objects.get(plan=plan, code="1-1-1")
    assert [o.department.name for o in shared.ownerships.order_by("position")] == ["福祉課", "社会福祉協議会"]
    assert shared.final_target == "全地区で見守り活動が行われている"
    assert PlanNode.objects.get(plan=plan, code="2-2-2").listing_of == shared
    assert Indicator.objects.get(node__plan=plan, label__startswith="相談から").direction == "down"
    round_ = Round.objects.get(plan=plan)
    assert (round_.fiscal_year, round_.state) == (2024, Round.State.CLOSED)
    entries = Entry.objects.filter(round=round_)
    assert entries.count() == 11
    assert set(entries.values_list("status", flat=True)) == {Entry.Status.APPROVED}
    assert IndicatorValue.objects.filter(indicator__node__plan=plan).count() == 4
    targets = IndicatorTarget.objects.filter(indicator__node__plan=plan).order_by("fiscal_year")
    assert [(t.fiscal_year, t.value) for t in targets] == [(2025, Decimal(12)), (2026, Decimal(15))]
    assert SearchDocument.objects.filter(plan=plan).count() == 11


def test_exporting_the_imported_example_gives_back_the_same_workbook_sheet_by_sheet() -> None:
    plan = _imported()
    assert _cells(export_plan_workbook(None, plan)) == _cells(example_bytes())


def test_reimporting_the_exported_file_changes_nothing_and_records_nothing() -> None:
    plan = _imported()
    audits = AuditEntry.objects.count()
    outcome = import_plan_workbook(None, export_plan_workbook(None, plan), "again.xlsx")
    assert outcome.changes == []
    assert not outcome.written
    assert AuditEntry.objects.count() == audits


def test_an_edited_file_applies_exactly_the_edits() -> None:
    plan = _imported()

    def edit(book: Workbook) -> None:
        nodes = book["体系"]
        nodes.cell(row_of(book, "体系", 1, "1-1-2"), 4).value = "ふれあいサロン運営支援"
        indicators = book["指標"]
        indicators.cell(row_of(book, "指標", 1, "1-1-2"), 6).value = 70
        nodes.append(["2-2-3", "2-2", "事業", "要配慮者の避難訓練", "", "危機管理課", "", ""])

    outcome = import_plan_workbook(None, edited(export_plan_workbook(None, plan), edit), "edited.xlsx")
    assert outcome.counts["体系"] == {"created": 1, "updated": 1, "removed": 0}
    assert outcome.counts["指標"] == {"created": 0, "updated": 1, "removed": 0}
    assert sum(sum(c.values()) for c in outcome.counts.values()) == 3
    assert PlanNode.objects.get(plan=plan, code="1-1-2").title == "ふれあいサロン運営支援"
    assert Indicator.objects.get(node__code="1-1-2").target_value == Decimal(70)
    added = PlanNode.objects.get(plan=plan, code="2-2-3")
    assert added.level == 2
    assert added.parent is not None
    assert added.parent.code == "2-2"
    assert [d.name for d in added.owners.all()] == ["危機管理課"]
    audits = AuditEntry.objects.filter(action="import_plan_workbook").order_by("pk")
    assert {a.changes["sheet"] for a in audits.filter(summary__contains="edited.xlsx")} == {"体系", "指標"}


def test_removing_an_unused_node_and_indicator_applies_the_removal() -> None:
    plan = _imported()

    def edit(book: Workbook) -> None:
        book["体系"].delete_rows(row_of(book, "体系", 1, "2-2-2"))  # the cross-listing: no entries

    outcome = import_plan_workbook(None, edited(export_plan_workbook(None, plan), edit), "removed.xlsx")
    assert [(c.sheet, c.action, c.key) for c in outcome.changes] == [("体系", "removed", "2-2-2")]
    assert not PlanNode.objects.filter(plan=plan, code="2-2-2").exists()


def test_a_dry_run_reports_the_changes_and_writes_nothing() -> None:
    make_city()
    outcome = import_plan_workbook(None, example_bytes(), "example.xlsx", dry_run=True)
    assert outcome.counts["体系"]["created"] == 14
    assert not outcome.written
    assert not Plan.objects.exists()
    assert not AuditEntry.objects.exists()


def test_publish_publishes_the_years_of_the_evaluation_sheet() -> None:
    make_city()
    outcome = import_plan_workbook(None, example_bytes(), "example.xlsx", publish=True)
    assert outcome.published_years == (2024,)
    assert Round.objects.get(fiscal_year=2024).state == Round.State.PUBLISHED


def test_the_blank_template_has_every_sheet_and_header_and_a_guide() -> None:
    cells = _cells(write_plan_workbook(None))
    assert list(cells) == ["説明", "計画", "評価基準", "担当課", "体系", "指標", "年度別目標", "評価", "実績"]
    assert cells["体系"][0] == (
        "番号",
        "上位の番号",
        "階層",
        "名称",
        "説明・事業内容",
        "担当課",
        "計画最終年度までの目標",
        "再掲元の番号",
        "共通事業",
        "開始年度",
        "終了年度",
        "前期計画の事業",
    )
    assert [row[0] for row in cells["計画"][1:]][:8] == [
        "自治体名",
        "全国地方公共団体コード",
        "計画名",
        "計画期間(初年度)",
        "計画期間(最終年度)",
        "階層の名称",
        "施策評価を行う階層",
        "複数の担当課がある事業の評価",
    ]
    explained = {(row[0], row[1]) for row in cells["説明"][1:] if row[0]}
    for sheet in ("評価基準", "担当課", "体系", "指標", "年度別目標", "評価", "実績"):
        for header in cells[sheet][0]:
            assert (sheet, header) in explained


def test_the_guide_of_a_plans_workbook_names_the_plans_own_levels() -> None:
    guide = [row[2] for row in _cells(example_bytes())["説明"][1:]]
    assert "この計画の階層は「基本方針」→「施策」→「事業」です。" in guide[1]
    assert "「施策」ごとに評価をまとめます" in guide[1]


def test_years_may_be_written_in_seireki_or_wareki() -> None:
    data = edited(example_bytes(), lambda book: book["計画"].__setitem__("B5", 2024))
    data = edited(data, lambda book: book["計画"].__setitem__("B6", "R10"))
    document = read_plan_workbook(data, "years.xlsx")
    assert (document.settings.first_fiscal_year, document.settings.last_fiscal_year) == (2024, 2028)


def test_text_that_looks_like_a_formula_stays_text_both_ways() -> None:
    plan = _imported()
    hostile = '=HYPERLINK("http://example.com","x")'
    data = edited(
        export_plan_workbook(None, plan),
        lambda book: book["体系"].cell(row_of(book, "体系", 1, "1-1-2"), 5).__setattr__("value", None),
    )
    # A person's cell holding text that begins with "=" (typed as text) is stored as text.
    book = load_workbook(io.BytesIO(data))
    cell = book["体系"].cell(row_of(book, "体系", 1, "1-1-2"), 5)
    cell.value, cell.data_type = hostile, "s"
    buffer = io.BytesIO()
    book.save(buffer)
    import_plan_workbook(None, buffer.getvalue(), "hostile.xlsx")
    assert PlanNode.objects.get(plan=plan, code="1-1-2").description == hostile
    exported = load_workbook(io.BytesIO(export_plan_workbook(None, plan)))
    written = exported["体系"].cell(row_of(exported, "体系", 1, "1-1-2"), 5)
    assert written.value == hostile
    assert written.data_type == "s"


def test_the_interim_targets_sheet_is_applied_as_it_is_when_present() -> None:
    plan = _imported()

    def edit(book: Workbook) -> None:
        sheet = book["年度別目標"]
        sheet.cell(3, 4).value = 16  # 2026: 15 → 16
        sheet.delete_rows(2)  # 2025 removed
        sheet.append(["1-1-2", "サロンの数", "令和8年度", 52])

    outcome = import_plan_workbook(None, edited(export_plan_workbook(None, plan), edit), "targets.xlsx")
    assert outcome.counts["年度別目標"] == {"created": 1, "updated": 1, "removed": 1}
    assert sorted(IndicatorTarget.objects.values_list("indicator__label", "fiscal_year", "value")) == [
        ("サロンの数", 2026, Decimal(52)),
        ("見守り協定事業者数", 2026, Decimal(16)),
    ]
    without = edited(export_plan_workbook(None, plan), lambda book: book.remove(book["年度別目標"]))
    assert import_plan_workbook(None, without, "without.xlsx").changes == []
