"""Checking a staff sheet row by row before anything is registered (ingest.staff_sheet.preview)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from shinchoku.accounts.models import User
from shinchoku.ingest.staff_sheet.preview import ERROR, NEW, UNCHANGED, StaffPreview, preview_staff_sheet
from shinchoku.ingest.workbook.limits import MAX_ROWS, MAX_UPLOAD_BYTES
from shinchoku.plans.models import Department, Municipality
from tests.evaluations.services.personas import People
from tests.evaluations.tiny_plan import TinyPlan
from tests.ingest.staff_sheet.sheets import Row, csv_file, filled_template

EDITOR = ("kyosei1", "共生 一郎", "担当課(入力)", "共生福祉課")


def _preview(tiny: TinyPlan, rows: list[Row]) -> StaffPreview:
    data = filled_template(tiny.municipality, rows)
    return preview_staff_sheet(tiny.municipality.pk, data=data, file_name="職員.xlsx")


def test_new_rows_are_read_with_their_role_and_departments(tiny: TinyPlan) -> None:
    preview = _preview(
        tiny,
        [
            EDITOR,
            ("shogai-kacho", "生涯 課長", "所属長(承認)", "生涯学習課、共生福祉課"),
            ("iin2", "委員 三郎", "推進委員", None),
            ("jimu9", None, "事務局", ""),
        ],
    )

    assert [row.status for row in preview.rows] == [NEW, NEW, NEW, NEW]
    assert preview.can_commit
    assert [row.row for row in preview.rows] == [2, 3, 4, 5]
    assert preview.rows[1].role == User.Role.APPROVER
    assert preview.rows[1].department_names == ["生涯学習課", "共生福祉課"]
    assert preview.rows[3].role_label == "事務局"


def test_labels_and_names_typed_in_other_widths_or_separators_are_recognised(tiny: TinyPlan) -> None:
    preview = _preview(tiny, [("a1", "", "担当課(入力)", "共生福祉課,社協"), ("a2", "", " 閲覧のみ ", "")])

    assert [row.status for row in preview.rows] == [NEW, NEW]
    assert preview.rows[0].department_names == ["共生福祉課", "社協"]


def test_a_row_matching_a_registered_user_is_unchanged_and_nothing_is_to_register(
    tiny: TinyPlan, people: People
) -> None:
    preview = _preview(tiny, [("shogai", "生涯 太郎", "担当課(入力)", "生涯学習課")])

    assert preview.rows[0].status == UNCHANGED
    assert not preview.can_commit


def test_empty_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(tiny: TinyPlan) -> None:
    preview = _preview(tiny, [EDITOR, (None, None, None, None), ("b1", "", "閲覧のみ", "")])

    assert [row.row for row in preview.rows] == [2, 4]


ROW_ERRORS = [
    ((None, "名前だけ", "閲覧のみ", ""), "A列(ログインID)", "ログインIDがありません"),
    (("共生 一郎", "", "閲覧のみ", ""), "A列(ログインID)", "使えない文字があります"),
    (('=HYPERLINK("http://x")', "", "閲覧のみ", ""), "A列(ログインID)", "使えない文字があります"),
    (("x" * 151, "", "閲覧のみ", ""), "A列(ログインID)", "150文字以内"),
    (("c1", "長" * 101, "閲覧のみ", ""), "B列(氏名)", "100文字以内"),
    (("c1", "", None, ""), "C列(役割)", "役割がありません"),
    (("c1", "", "管理者", ""), "C列(役割)", "「管理者」という役割はありません"),
    (("c1", "", "担当課(入力)", "福祉課"), "D列(所属)", "「福祉課」という担当課はありません"),
    (("c1", "", "担当課(入力)", ""), "D列(所属)", "所属を1つ以上書いてください"),
    (("c1", "", "閲覧のみ", "社協"), "D列(所属)", "所属を持ちません"),
    (("tanin", "", "閲覧のみ", ""), "A列(ログインID)", "ほかの自治体の利用者がすでに使っています"),
    (
        ("shogai", "生涯 太郎", "閲覧のみ", ""),
        "A列(ログインID)",
        "登録済みで、氏名・役割・所属・担当する計画のどれかがこの行と違います",
    ),
]


@pytest.mark.parametrize(("row", "column", "reason"), ROW_ERRORS, ids=[reason for _, _, reason in ROW_ERRORS])
def test_each_kind_of_row_error_names_sheet_row_and_column(
    tiny: TinyPlan, people: People, row: Row, column: str, reason: str
) -> None:
    preview = _preview(tiny, [EDITOR, row])

    assert preview.rows[1].status == ERROR
    assert preview.rows[0].status == NEW
    assert not preview.can_commit
    assert any(
        str(problem).startswith(f"職員シート 3行目 {column}: ") and reason in problem.message
        for problem in preview.rows[1].problems
    ), [str(problem) for problem in preview.rows[1].problems]


def test_a_login_id_twice_in_the_file_is_an_error_on_the_second_row(tiny: TinyPlan) -> None:
    preview = _preview(tiny, [EDITOR, ("KYOSEI1", "", "閲覧のみ", "")])

    assert [row.status for row in preview.rows] == [NEW, ERROR]
    assert "2行目と同じです" in str(preview.rows[1].problems[0])


def test_a_formula_looking_name_is_kept_as_text_and_bidi_overrides_are_removed(tiny: TinyPlan) -> None:
    preview = _preview(tiny, [("d1", "=1+2", "閲覧のみ", ""), ("d2", "共生 花子\u202e", "閲覧のみ", "")])

    assert [row.status for row in preview.rows] == [NEW, NEW]
    assert preview.rows[0].display_name == "=1+2"
    assert preview.rows[1].display_name == "共生 花子"


def test_control_characters_of_a_csv_file_are_removed(tiny: TinyPlan) -> None:
    data = csv_file([("d2", "共生\x07 花子", "閲覧のみ", ""), ("d3", "@SUM(1)", "閲覧のみ", "")])

    preview = preview_staff_sheet(tiny.municipality.pk, data=data, file_name="職員.csv")

    assert [row.display_name for row in preview.rows] == ["共生 花子", "@SUM(1)"]


def _file_problem(tiny: TinyPlan, data: bytes, file_name: str) -> str:
    preview = preview_staff_sheet(tiny.municipality.pk, data=data, file_name=file_name)
    assert not preview.readable
    assert not preview.can_commit
    return " ".join(str(problem) for problem in preview.problems)


def test_a_missing_header_is_named_with_the_expected_headers(tiny: TinyPlan) -> None:
    data = csv_file([EDITOR], headers=["ログインID", "氏名", "役割"])

    message = _file_problem(tiny, data, "職員.csv")

    assert "1行目に見出し「所属」がありません" in message
    assert "ログインID | 氏名 | 役割 | 所属" in message


def test_a_sheet_without_rows_is_refused(tiny: TinyPlan) -> None:
    assert "登録する職員の行がありません" in _file_problem(
        tiny, filled_template(tiny.municipality, []), "職員.xlsx"
    )


def test_a_file_that_is_no_workbook_is_refused(tiny: TinyPlan) -> None:
    assert "Excel ブック(.xlsx)としても CSV としても読めません" in _file_problem(
        tiny, b"not a zip", "職員.xlsx"
    )


def test_a_workbook_without_the_staff_sheet_is_refused(tiny: TinyPlan) -> None:
    book = Workbook()
    book.create_sheet("名簿A")
    book.create_sheet("名簿B")
    out = io.BytesIO()
    book.save(out)

    assert "「職員」シートがありません" in _file_problem(tiny, out.getvalue(), "名簿.xlsx")


def test_a_csv_file_in_shift_jis_is_read(tiny: TinyPlan) -> None:
    data = csv_file([EDITOR, ("e1", "髙橋 一郎", "閲覧のみ", "")], encoding="cp932")

    preview = preview_staff_sheet(tiny.municipality.pk, data=data, file_name="職員.csv")

    assert [row.status for row in preview.rows] == [NEW, NEW]
    assert preview.rows[1].display_name == "髙橋 一郎"
    assert str(preview.rows[0].problems) == "[]"


def test_a_csv_error_names_the_row_without_a_sheet(tiny: TinyPlan) -> None:
    data = csv_file([EDITOR, ("e1", "", "係長", "")])

    preview = preview_staff_sheet(tiny.municipality.pk, data=data, file_name="職員.csv")

    assert str(preview.rows[1].problems[0]).startswith("3行目 C列(役割): ")


def test_a_csv_file_in_an_unknown_encoding_is_refused(tiny: TinyPlan) -> None:
    assert "文字コードが分かりません" in _file_problem(tiny, b"\xff\xfe\x00\xd8\x81", "職員.csv")


def test_the_department_workbook_limits_apply_to_csv_and_xlsx(tiny: TinyPlan) -> None:
    too_many = csv_file([(f"u{number}", "", "閲覧のみ", "") for number in range(MAX_ROWS + 1)])
    too_large = b"x" * (MAX_UPLOAD_BYTES + 1)

    assert "行を超えるため読みませんでした" in _file_problem(tiny, too_many, "職員.csv")
    assert "大きすぎるため読みませんでした" in _file_problem(tiny, too_large, "職員.xlsx")
    assert "大きすぎるため読みませんでした" in _file_problem(tiny, too_large, "職員.csv")


def test_departments_of_another_municipality_are_unknown(tiny: TinyPlan) -> None:
    elsewhere = Municipality.objects.create(name="鴻巣市", code="112178")
    elsewhere.departments.create(name="鴻巣福祉課")

    preview = _preview(tiny, [("f1", "", "担当課(入力)", "鴻巣福祉課")])

    assert "「鴻巣福祉課」という担当課はありません" in str(preview.rows[0].problems[0])


def test_a_department_retired_by_a_reorganisation_is_refused_as_a_membership(tiny: TinyPlan) -> None:
    Department.objects.filter(pk=tiny.departments["共生福祉課"].pk).update(retired_from_year=2025)

    preview = _preview(tiny, [EDITOR])

    [row] = preview.rows
    assert row.status == ERROR
    [problem] = row.problems
    assert "「共生福祉課」は令和7年度から廃止の担当課" in problem.message
    assert not preview.can_commit
