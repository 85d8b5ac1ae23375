"""The open-data CSV: one datum per cell, every project and rating, and it reads back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from shinchoku.editions.snapshot import take_snapshot
from shinchoku.evaluations.models import Entry, IndicatorValue, Round
from shinchoku.plans.models import Indicator, Plan, PlanNode
from shinchoku.reports.formats.csv import CsvReadError, OpenDataOptionError, read_csv
from shinchoku.reports.opendata.columns import hierarchy_headers, table, text_row
from shinchoku.reports.opendata.dataset import load_for_report
from shinchoku.reports.registry import ReportRequest, get
from tests.evaluations.tiny_plan import TinyPlan


def render(round_: Round, **options: str) -> bytes:
    return get("csv").render(ReportRequest(round_, options=options))


def rows_of(round_: Round, **options: str) -> list[dict[str, str]]:
    return read_csv(render(round_, **options))


def test_it_starts_with_a_byte_order_mark_by_default(tiny: TinyPlan) -> None:
    assert render(tiny.published).startswith(b"\xef\xbb\xbf\xe5\x85\xa8")  # BOM, then 全


def test_it_leaves_the_byte_order_mark_out_when_asked(tiny: TinyPlan) -> None:
    data = render(tiny.published, bom="false")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8").startswith("全国地方公共団体コード,")


def test_it_has_one_row_per_project_and_department_with_both_forms_of_the_year(tiny: TinyPlan) -> None:
    rows = rows_of(tiny.published)
    assert [(row["事業番号"], row["担当課"]) for row in rows] == [
        ("1-1-1-1", "生涯学習課"),
        ("1-1-1-2", "共生福祉課"),
        ("1-1-1-2", "社協"),
        ("1-1-2-1", "社協"),
        ("1-1-2-2", ""),
    ]
    assert {(row["年度"], row["年度(和暦)"], row["全国地方公共団体コード"]) for row in rows} == {
        ("2023", "令和5年度", "112330")
    }
    assert rows[0]["基本目標番号"] == "1"
    assert rows[0]["施策名"] == "福祉の心を育む学習機会の充実"
    assert rows[0]["取組番号"] == "1-1-1"


def test_it_keeps_department_ratings_and_the_consolidated_project_rating_apart(tiny: TinyPlan) -> None:
    shared = [row for row in rows_of(tiny.published) if row["事業番号"] == "1-1-1-2"]
    assert [(row["担当課"], row["評価"], row["事業の評価"]) for row in shared] == [
        ("共生福祉課", "B", "B"),
        ("社協", "A", "B"),
    ]
    assert shared[0]["事業の評価の算出方法"] == "最も低い評価"
    assert shared[0]["評価の定義"].startswith("具体的な施策への着手は認められる")


def test_an_unrated_project_has_an_empty_rating_never_zero(tiny: TinyPlan) -> None:
    row = next(row for row in rows_of(tiny.published) if row["事業番号"] == "1-1-2-1")
    assert row["評価"] == ""
    assert row["事業の評価"] == ""
    assert row["進捗状況"] == "市内小中高12校を指定校として補助金を交付した。"


def test_a_cross_listing_points_at_its_original_and_carries_no_rating(tiny: TinyPlan) -> None:
    row = next(row for row in rows_of(tiny.published) if row["事業番号"] == "1-1-2-2")
    assert row["再掲"] == "1"
    assert row["再掲元事業ID"] == "112330_" + str(tiny.plan.pk) + "_1-1-1-2"
    assert row["評価"] == row["事業の評価"] == row["担当課"] == ""


def test_a_project_id_is_built_from_the_municipality_code_the_plan_and_the_project_number(
    tiny: TinyPlan,
) -> None:
    ids = [row["事業ID"] for row in rows_of(tiny.published)]
    assert ids[0] == f"112330_{tiny.plan.pk}_1-1-1-1"


def test_it_reads_back_to_the_same_data(tiny: TinyPlan) -> None:
    request = ReportRequest(tiny.published)
    data = load_for_report(request)
    columns, rows = table(data, "entries")
    assert read_csv(get("csv").render(request)) == [dict(text_row(columns, data, row)) for row in rows]


def test_a_multi_line_text_survives_the_round_trip(tiny: TinyPlan) -> None:
    row = rows_of(tiny.published)[0]
    assert row["進捗状況"] == Entry.objects.get(project=tiny.single, round=tiny.published).progress


def test_the_indicators_table_has_one_row_per_actual_value_up_to_the_year(tiny: TinyPlan) -> None:
    rows = rows_of(tiny.published, table="indicators")
    assert [(row["実績年度"], row["実績年度(和暦)"], row["実績値"]) for row in rows] == [
        ("2022", "令和4年度", "5"),
        ("2023", "令和5年度", "7.5"),
    ]
    assert rows[1]["達成率"] == "0.5"
    assert rows[1]["指標ID"] == f"112330_{tiny.plan.pk}_1-1-1-1_1"
    assert (rows[1]["基準値"], rows[1]["目標値"], rows[1]["目標年度"]) == ("3", "12", "2026")


def test_the_evaluations_table_lists_every_inner_node_with_its_evaluation(tiny: TinyPlan) -> None:
    rows = rows_of(tiny.published, table="evaluations")
    assert [(row["階層"], row["項目番号"], row["評価"]) for row in rows] == [
        ("基本目標", "1", ""),
        ("施策", "1-1", "B"),
        ("取組", "1-1-1", ""),
        ("取組", "1-1-2", ""),
    ]
    assert rows[1]["評価のコメント"] == "おおむね順調に推移している。"


def test_an_unknown_table_is_refused_in_japanese(tiny: TinyPlan) -> None:
    with pytest.raises(OpenDataOptionError, match="table には entries、indicators、evaluations"):
        render(tiny.published, table="users")


def test_a_public_file_of_an_unpublished_round_is_refused(tiny: TinyPlan) -> None:
    with pytest.raises(PermissionDenied):
        render(tiny.collecting)


def test_a_staff_file_of_the_collecting_round_holds_the_draft(tiny: TinyPlan) -> None:
    data = get("csv").render(ReportRequest(tiny.collecting, audience="staff"))
    rows = read_csv(data)
    assert rows[0]["進捗状況"] == "令和6年度の下書きの進捗"
    assert rows[0]["評価"] == "C"


def test_the_public_file_withholds_indicator_values_of_an_unpublished_year(tiny: TinyPlan) -> None:
    Round.objects.filter(pk=tiny.collecting.pk).update(fiscal_year=2022)
    years = [row["実績年度"] for row in rows_of(tiny.published, table="indicators")]
    assert years == ["2023"]


# --- the reader ------------------------------------------------------------------------------


def test_the_reader_accepts_cp932() -> None:
    text = "全国地方公共団体コード,自治体名,年度\r\n112330,北本市,2023\r\n"
    assert read_csv(text.encode("cp932")) == [
        {"全国地方公共団体コード": "112330", "自治体名": "北本市", "年度": "2023"}
    ]


def test_the_reader_accepts_utf8_with_and_without_bom() -> None:
    text = "事業名,評価\n福祉教育,A\n"
    assert read_csv(text.encode("utf-8")) == read_csv(("\ufeff" + text).encode("utf-8"))


def test_the_reader_names_the_line_of_a_row_with_too_few_cells() -> None:
    with pytest.raises(CsvReadError, match="3行目: 列の数が見出しと合いません"):
        read_csv("事業名,評価\n福祉教育,A\n福祉協力校設置\n".encode())


def test_the_reader_names_the_line_and_column_of_a_year_that_is_not_a_number() -> None:
    with pytest.raises(CsvReadError, match="2行目 2列目「年度」: 「令和5年度」は整数として読めません"):
        read_csv("事業名,年度\n福祉教育,令和5年度\n".encode())


def test_the_reader_names_an_empty_header_column() -> None:
    with pytest.raises(CsvReadError, match="1行目 2列目: 見出しが空です"):
        read_csv("事業名,,評価\n".encode())


def test_the_reader_refuses_bytes_that_are_neither_utf8_nor_cp932() -> None:
    with pytest.raises(CsvReadError, match=r"2行目 .*文字コードを読み取れません"):
        read_csv(b"a,b\n\x81\x7f,\xff\n")


# --- the imported seed -----------------------------------------------------------------------


def test_every_project_and_department_rating_of_the_seed_is_in_the_csv(seed_round: Round) -> None:
    rows = rows_of(seed_round)
    projects = PlanNode.objects.filter(plan=seed_round.plan, level=seed_round.plan.project_level)
    assert {row["事業ID"] for row in rows} == {f"112330_{seed_round.plan_id}_{p.code}" for p in projects}
    written = {(row["事業番号"], row["担当課"]): row["評価"] for row in rows if row["担当課"]}
    for entry in Entry.objects.filter(round=seed_round).select_related("project", "department", "rating"):
        rating = entry.rating.code if entry.rating else ""
        assert written[entry.project.code, entry.department.name] == rating


def test_the_seed_csv_reads_back_to_the_same_data(seed_round: Round) -> None:
    request = ReportRequest(seed_round, options={"bom": "false"})
    data = load_for_report(request)
    columns, rows = table(data, "entries")
    assert read_csv(get("csv").render(request)) == [dict(text_row(columns, data, row)) for row in rows]


def test_a_file_saved_again_as_cp932_reads_back_to_the_same_rows(tiny: TinyPlan) -> None:
    utf8 = render(tiny.published, bom="false")
    assert read_csv(utf8.decode("utf-8").encode("cp932")) == read_csv(utf8)


def test_hierarchy_columns_are_named_after_the_plans_levels_without_clashing() -> None:
    reserved = {"計画名", "事業番号", "事業名"}
    assert hierarchy_headers(["基本方向", "施策目標", "具体的取組み"], reserved) == [
        ("基本方向番号", "基本方向名"),
        ("施策目標番号", "施策目標名"),
    ]
    assert hierarchy_headers(["計画", "事業", "細事業"], reserved) == [
        ("第1階層番号", "第1階層名"),
        ("第2階層番号", "第2階層名"),
    ]


# --- cells a spreadsheet could run as formulas (issue 11) -----------------------------------------


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://example.com","clickme")', "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_a_text_cell_that_could_run_as_a_formula_is_written_with_an_apostrophe(
    tiny: TinyPlan, typed: str
) -> None:
    Entry.objects.filter(round=tiny.published, project=tiny.single).update(progress=typed)
    rows = rows_of(tiny.published)
    assert rows[0]["進捗状況"] == "'" + typed  # read back as written: nothing undone silently


def test_a_header_from_a_level_label_that_could_run_as_a_formula_gets_an_apostrophe(tiny: TinyPlan) -> None:
    Plan.objects.filter(pk=tiny.plan.pk).update(level_labels=["=基本目標", "施策", "取組", "事業"])
    take_snapshot(apps, tiny.published.pk)  # published so
    header = render(Round.objects.get(pk=tiny.published.pk)).decode("utf-8-sig").splitlines()[0].split(",")
    assert "'=基本目標番号" in header


def test_a_negative_number_stays_a_number(tiny: TinyPlan) -> None:
    IndicatorValue.objects.filter(indicator=tiny.indicator, fiscal_year=2023).update(value=Decimal("-5"))
    Indicator.objects.filter(pk=tiny.indicator.pk).update(baseline_value=Decimal("-3"), unit="-")
    take_snapshot(apps, tiny.published.pk)  # published so
    rows = rows_of(tiny.published, table="indicators")
    actual = next(row for row in rows if row["実績年度"] == "2023")
    assert actual["基準値"] == "-3"
    assert actual["単位"] == "'-"
    assert "-5" in actual.values()
