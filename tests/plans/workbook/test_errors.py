"""Every error of every sheet: each names its sheet, row and column, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from openpyxl import Workbook

from shinchoku.audit.models import AuditEntry
from shinchoku.plans.models import Plan
from shinchoku.plans.workbook.apply import import_plan_workbook
from shinchoku.plans.workbook.document import PlanWorkbookError
from tests.plans.workbook.helpers import edited, example_bytes, make_city, row_of

pytestmark = pytest.mark.django_db

Edit = Callable[[Workbook], None]


def _cell(sheet: str, cell: str, value: object) -> Edit:
    def edit(book: Workbook) -> None:
        book[sheet][cell].value = value

    return edit


def _in_row(sheet: str, key: str, column: int, value: object, key_column: int = 1) -> Edit:
    def edit(book: Workbook) -> None:
        book[sheet].cell(row_of(book, sheet, key_column, key), column).value = value

    return edit


def _append(sheet: str, values: list[object]) -> Edit:
    def edit(book: Workbook) -> None:
        book[sheet].append(values)

    return edit


def _remove_sheet(name: str) -> Edit:
    def edit(book: Workbook) -> None:
        book.remove(book[name])

    return edit


# (edit, the start of the message: its place, then a word of what is wrong)
CASES: dict[str, tuple[Edit, str, str]] = {
    "missing sheet": (_remove_sheet("体系"), "「体系」シート", "シート「体系」がありません"),
    "missing optional item": (
        _cell("計画", "A9", "その他"),
        "「計画」シート",
        "複数の担当課がある事業の評価",
    ),
    "wrong header": (_cell("指標", "D1", "基準"), "「指標」シート 1行目", "見出し「基準値」がありません"),
    "bad year": (_cell("計画", "B5", "令和ごねん"), "「計画」シート 5行目 B列(値)", "年度として読めません"),
    "period reversed": (_cell("計画", "B6", 2020), "「計画」シート 6行目 B列(値)", "より前です"),
    "bad municipality code": (_cell("計画", "B3", "999990"), "「計画」シート 3行目 B列(値)", "検査数字"),
    "unregistered municipality": (
        _cell("計画", "B3", "112330"),
        "「計画」シート 3行目 B列(値)",
        "登録されていません",
    ),
    "municipality name mismatch": (
        _cell("計画", "B2", "別の市"),
        "「計画」シート 2行目 B列(値)",
        "一致しません",
    ),
    "too few levels": (_cell("計画", "B7", "事業"), "「計画」シート 7行目 B列(値)", "2〜6個"),
    "duplicate level": (_cell("計画", "B7", "施策、施策、事業"), "「計画」シート 7行目 B列(値)", "重複"),
    "evaluation level not above projects": (
        _cell("計画", "B8", "事業"),
        "「計画」シート 8行目 B列(値)",
        "選んでください",
    ),
    "bad rule": (_cell("計画", "B9", "平均"), "「計画」シート 9行目 B列(値)", "最も低い評価"),
    "bad formula": (_cell("計画", "B10", "割合"), "「計画」シート 10行目 B列(値)", "実績値 ÷ 目標値"),
    "bad yes/no": (_cell("計画", "B11", "たぶん"), "「計画」シート 11行目 B列(値)", "はい・いいえ"),
    "duplicate code": (_cell("評価基準", "A3", "S"), "「評価基準」シート 3行目 A列(記号)", "重複"),
    "bad counts-as-rating": (
        _cell("評価基準", "D2", "多分"),
        "「評価基準」シート 2行目 D列(評価として数える)",
        "はい・いいえ",
    ),
    "no rating code": (
        lambda book: [book["評価基準"].cell(row, 4).__setattr__("value", "いいえ") for row in range(2, 8)],
        "「評価基準」シート",
        "一つもありません",
    ),
    "duplicate department": (_cell("担当課", "A3", "福祉課"), "「担当課」シート 3行目 A列(名称)", "重複"),
    "bad department kind": (_cell("担当課", "B2", "国"), "「担当課」シート 2行目 B列(種別)", "外部団体"),
    "unknown level": (
        _in_row("体系", "1-1", 3, "分野"),
        "「体系」シート 3行目 C列(階層)",
        "階層の名称にありません",
    ),
    "unknown parent": (
        _in_row("体系", "1-1", 2, "9"),
        "「体系」シート 3行目 B列(上位の番号)",
        "行がありません",
    ),
    "level mismatch": (
        _in_row("体系", "1-1-2", 3, "施策"),
        "「体系」シート 5行目 C列(階層)",
        "すぐ下ではありません",
    ),
    "first level without parent": (
        _in_row("体系", "1-1", 2, None),
        "「体系」シート 3行目 B列(上位の番号)",
        "上位の番号が必要",
    ),
    "duplicate number": (_in_row("体系", "1-1-2", 1, "1-1-1"), "「体系」シート 5行目 A列(番号)", "重複"),
    "missing number": (_in_row("体系", "1-1-2", 1, None), "「体系」シート 5行目 A列(番号)", "番号を入力"),
    "unknown department": (
        _in_row("体系", "1-1-2", 6, "まちづくり課"),
        "「体系」シート 5行目 F列(担当課)",
        "まちづくり課",
    ),
    "owners on an inner node": (
        _in_row("体系", "1-1", 6, "福祉課"),
        "「体系」シート 3行目 F列(担当課)",
        "最後の階層",
    ),
    "repeated owner": (
        _in_row("体系", "1-1-2", 6, "社会福祉協議会、社会福祉協議会"),
        "「体系」シート 5行目 F列(担当課)",
        "重複",
    ),
    "unknown cross-listing": (
        _in_row("体系", "2-2-2", 8, "9-9-9"),
        "「体系」シート 15行目 H列(再掲元の番号)",
        "行がありません",
    ),
    "cross-listing of an inner node": (
        _in_row("体系", "2-2-2", 8, "1-1"),
        "「体系」シート 15行目 H列(再掲元の番号)",
        "事業",
    ),
    "formula": (_in_row("体系", "1-1-2", 4, "=1+1"), "「体系」シート 5行目 D列(名称)", "数式は使えません"),
    "indicator of unknown project": (
        _in_row("指標", "1-1-2", 1, "7-7-7"),
        "「指標」シート 3行目 A列(事業の番号)",
        "ありません",
    ),
    "bad number": (
        _in_row("指標", "1-1-2", 4, "四十"),
        "「指標」シート 3行目 D列(基準値)",
        "数値として読めません",
    ),
    "too precise number": (
        _in_row("指標", "1-1-2", 6, "1.23456"),
        "「指標」シート 3行目 F列(目標値)",
        "小数部3桁",
    ),
    "bad indicator year": (
        _in_row("指標", "1-1-2", 5, "昔"),
        "「指標」シート 3行目 E列(基準年度)",
        "年度として読めません",
    ),
    "bad direction": (
        _in_row("指標", "1-1-2", 8, "上げる"),
        "「指標」シート 3行目 H列(方向)",
        "増やす・減らす・維持",
    ),
    "duplicate indicator": (
        _append("指標", ["1-1-1", "見守り協定事業者数", "社"]),
        "「指標」シート 6行目 B列(指標名)",
        "2行目と重複",
    ),
    "missing indicator name": (
        _in_row("指標", "1-1-2", 2, None),
        "「指標」シート 3行目 B列(指標名)",
        "指標名を入力",
    ),
    "bad evaluation code": (
        _in_row("評価", "1-1-2", 5, "D", 2),
        "「評価」シート 4行目 E列(評価)",
        "S・A・B・C・未着手・評価困難",
    ),
    "evaluation by a non-owner": (
        _in_row("評価", "1-1-2", 3, "福祉課", 2),
        "「評価」シート 4行目 C列(担当課)",
        "担当課ではありません",
    ),
    "evaluation of a cross-listing": (
        _append("評価", ["令和6年度", "2-2-2", "福祉課", "", "A", "", ""]),
        "「評価」シート 13行目 B列(事業の番号)",
        "再掲",
    ),
    "evaluation of an inner node": (
        _append("評価", ["令和6年度", "1-1", "福祉課", "", "A", "", ""]),
        "「評価」シート 13行目 B列(事業の番号)",
        "最後の階層ではありません",
    ),
    "evaluation year outside the period": (
        _in_row("評価", "1-1-2", 1, "令和2年度", 2),
        "「評価」シート 4行目 A列(年度)",
        "計画期間",
    ),
    "duplicate evaluation": (
        _append("評価", ["令和6年度", "1-1-2", "社会福祉協議会", "", "A", "", ""]),
        "「評価」シート 13行目 B列(事業の番号)",
        "4行目にもあります",
    ),
    "missing evaluation year": (
        _in_row("評価", "1-1-2", 1, None, 2),
        "「評価」シート 4行目 A列(年度)",
        "年度を入力",
    ),
    "target of unknown indicator": (
        _in_row("年度別目標", "1-1-1", 2, "人数"),
        "「年度別目標」シート 2行目 B列(指標名)",
        "ありません",
    ),
    "bad target": (
        _in_row("年度別目標", "1-1-1", 4, "多め"),
        "「年度別目標」シート 2行目 D列(目標値)",
        "数値として読めません",
    ),
    "duplicate target": (
        _append("年度別目標", ["1-1-1", "見守り協定事業者数", "令和7年度", 13]),
        "「年度別目標」シート 4行目 C列(年度)",
        "2行目にもあります",
    ),
    "target year outside the period": (
        _in_row("年度別目標", "1-1-1", 3, "令和20年度"),
        "「年度別目標」シート 2行目 C列(年度)",
        "計画期間",
    ),
    "value of unknown indicator": (
        _in_row("実績", "1-1-2", 2, "人数"),
        "「実績」シート 3行目 B列(指標名)",
        "ありません",
    ),
    "bad value": (
        _in_row("実績", "1-1-2", 4, "たくさん"),
        "「実績」シート 3行目 D列(実績値)",
        "数値として読めません",
    ),
    "missing value": (_in_row("実績", "1-1-2", 4, None), "「実績」シート 3行目 D列(実績値)", "実績値を入力"),
    "duplicate value": (
        _append("実績", ["1-1-2", "サロンの数", "令和6年度", 50]),
        "「実績」シート 6行目 C列(年度)",
        "3行目にもあります",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_it_refuses_a_workbook_with_the_error_and_names_the_place(case: str) -> None:
    make_city()
    edit, place, words = CASES[case]
    with pytest.raises(PlanWorkbookError) as raised:
        import_plan_workbook(None, edited(example_bytes(), edit), "bad.xlsx")
    messages = [str(problem) for problem in raised.value.problems]
    assert any(m.startswith(place) and words in m for m in messages), messages
    assert not Plan.objects.exists()
    assert not AuditEntry.objects.exists()


def test_it_lists_every_problem_of_the_file_at_once() -> None:
    make_city()

    def edit(book: Workbook) -> None:
        _in_row("指標", "1-1-2", 8, "上げる")(book)
        _cell("計画", "B5", "令和ごねん")(book)
        _in_row("評価", "1-1-2", 1, None, 2)(book)

    with pytest.raises(PlanWorkbookError) as raised:
        import_plan_workbook(None, edited(example_bytes(), edit), "bad.xlsx")
    assert [problem.place.sheet for problem in raised.value.problems] == ["計画", "指標", "評価"]


def test_it_refuses_a_file_that_is_not_a_workbook() -> None:
    with pytest.raises(PlanWorkbookError) as raised:
        import_plan_workbook(None, b"not a zip", "bad.xlsx")
    assert "Excel ファイル(.xlsx)として読めません" in str(raised.value)
