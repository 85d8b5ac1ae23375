"""Sheet 説明 of a department's workbook: what to fill in, the rating definitions, how to upload.

The rating codes are listed in one column of this sheet; the 評価 drop-down of sheet 評価入力
takes its choices from that range (see :func:`write_instructions`).
"""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from shinchoku.core.fiscal_year import ERAS
from shinchoku.core.row_height import estimate_row_height
from shinchoku.ingest.workbook.actuals import ACTUALS_SHEET
from shinchoku.ingest.workbook.layout import ENTRIES_SHEET, MAX_TEXT_LENGTH, REFERENCE, SUBMIT_WORD, cell_text
from shinchoku.ingest.workbook.limits import LIMITS_TEXT
from shinchoku.ingest.workbook.source import WorkbookSource
from shinchoku.reports.xlsx_cells import write_text

FONT_NAME = "BIZ UDPゴシック"
FONT_SIZE = 10.0
WIDTHS = (10.0, 14.0, 90.0)
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")


def date_label(day: date) -> str:
    """令和7年5月31日(2025年): a calendar date in the era in force that day, with the 西暦 year."""
    era = next(era for era in ERAS if day >= era.first_day)
    number = day.year - era.first_year + 1
    return f"{era.name}{'元' if number == 1 else number}年{day.month}月{day.day}日({day.year}年)"


def deadline_text(source: WorkbookSource) -> str:
    deadline = source.round.deadline
    return (
        f"提出期限: {date_label(deadline)}"
        if deadline
        else "提出期限: 未定(事務局からの連絡をお待ちください)"
    )


def _steps(source: WorkbookSource) -> list[str]:
    lowest = source.lowest
    grey = "・".join(column.header for column in REFERENCE if not column.note)
    steps = [
        f"「{ENTRIES_SHEET}」シートの白い列(進捗状況・評価・評価の理由・課題・次年度の目標・提出)に記入してください。",
        f"灰色の列({grey})は参考のための列で、変更できません。"
        "変更されたファイルはアップロードできません。行・列の追加や削除、並べ替えもしないでください。",
        "「評価」はセルを選ぶと表示される一覧から選んでください。評価の定義は下の「評価基準」のとおりです。",
        "右端の「確認事項」の列は、ダウンロードした時点の自動の確認で見つかった見直し候補です"
        "(数字の書き漏れ、昨年度と同じ文章など)。警告であり、提出は妨げません。アップロードでは読みません。",
    ]
    if lowest is not None:
        steps.append(
            f"評価が「{lowest.code}」(最も低い評価)のときは、「評価の理由・課題」を必ず書いてください。"
            "書かれていないと提出できません。"
        )
    if source.actuals:
        steps.append(
            f"指標の今年度の実績値は「{ACTUALS_SHEET}」シートの白い列(今年度の実績値・備考)に入力してください。"
            "「46人」「1,234件」「３．５」「▲3」のように、単位や桁区切り、全角の数字、マイナスの記号を付けても読み取ります。"
        )
    steps += [
        f"提出するときは「提出」の列で「{SUBMIT_WORD}」を選んでください。空欄のままなら下書きとして保存されます。"
        "提出には進捗状況・評価・次年度の目標が必要です。",
        "「状態」が提出済・承認済の行は灰色で、編集できません(変更しても保存されません)。"
        "差戻しの行は、状態に書かれた理由を読んで直し、もう一度提出してください。",
        f"各欄は{MAX_TEXT_LENGTH}文字以内で入力してください。セル内の改行は Alt+Enter です。"
        "「=」で始まる文字も、数式ではなく文字として保存されます(数式は使えません)。",
        LIMITS_TEXT,
        "記入したら、職員用の画面の「Excelからアップロード」からこのファイルを選んでください。"
        "変更点の確認画面が表示され、「反映する」を押すと保存されます。"
        "読めない行が1行でもあると、ファイル全体が保存されません(どのシート・行・列かが表示されます)。",
        "ダウンロードした後に画面で同じ事業の評価が変更されていた場合、その行は保存されず、"
        "誰がいつ何を変更したかが表示されます。もう一度ダウンロードして記入し直してください。",
    ]
    return [f"{number}. {text}" for number, text in enumerate(steps, start=1)]


def _font(*, bold: bool = False, size: float = FONT_SIZE) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold)


def _line(sheet: Worksheet, row: int, text: str, *, bold: bool = False, size: float = FONT_SIZE) -> None:
    write_text(sheet, row, 1, cell_text(text)).font = _font(bold=bold, size=size)


def write_instructions(sheet: Worksheet, source: WorkbookSource) -> str:
    """Fill ``sheet`` with the instructions; return the range holding the rating codes (for the
    drop-down), e.g. ``'説明'!$A$18:$A$20``."""
    round_ = source.round
    for letter, width in zip("ABC", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    _line(sheet, 1, f"{round_.plan.title} {round_.fiscal_year_label} 評価入力用ファイル", bold=True, size=12)
    _line(sheet, 2, f"{round_.plan.municipality.name} {source.department.name}")
    _line(sheet, 3, deadline_text(source))
    row = 5
    _line(sheet, row, "記入のしかた", bold=True)
    for text in _steps(source):
        row += 1
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell = write_text(sheet, row, 1, text)
        cell.font = _font()
        cell.alignment = _WRAP
        sheet.row_dimensions[row].height = estimate_row_height([text], [sum(WIDTHS)], font_size=FONT_SIZE)
    row += 2
    _line(sheet, row, "評価基準", bold=True)
    row += 1
    for column, header in enumerate(("記号", "名称", "定義"), start=1):
        cell = sheet.cell(row=row, column=column, value=header)
        cell.font = _font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
    first = row + 1
    for code in source.codes:
        row += 1
        definition = code.definition if code.is_rating else f"{code.definition}(評価の件数には数えません)"
        for column, value in enumerate((code.code, code.label, definition.strip()), start=1):
            cell = write_text(sheet, row, column, cell_text(value))
            cell.font = _font(bold=column == 1)
            cell.border = _BORDER
            cell.alignment = _WRAP
        sheet.row_dimensions[row].height = estimate_row_height(
            [code.code, code.label, definition], list(WIDTHS), font_size=FONT_SIZE
        )
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return f"'{sheet.title}'!$A${first}:$A${max(row, first)}"
