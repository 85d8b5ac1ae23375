"""Reading a plan workbook file into a :class:`~.document.PlanDocument`, without the database.

The file is checked against the upload limits of the entry workbook first (size, zip bomb, rows,
cells), then read with openpyxl in read-only mode. Every problem of every sheet is collected and
raised together in one :class:`~.document.PlanWorkbookError`, each naming sheet, row and column.
A formula cell is refused (never evaluated); text is cleaned by the one normaliser.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import DIRECTION_WORDS
from shinchoku.core.local_government_code import LocalGovernmentCodeError, normalise_code
from shinchoku.ingest.workbook.limits import check_workbook_size
from shinchoku.ingest.workbook.problems import WorkbookFormatError
from shinchoku.plans.workbook import cells, layout
from shinchoku.plans.workbook.document import (
    CodeRow,
    DepartmentRow,
    EvaluationRow,
    IndicatorRow,
    NodeRow,
    PlanDocument,
    PlanSettings,
    PlanWorkbookError,
    Problem,
    TargetRow,
    ValueRow,
)
from shinchoku.plans.workbook.layout import Place, word_key
from shinchoku.plans.workbook.rows import Row, SheetReader

# The department's 内線 as stored (Department.extension).
EXTENSION_MAX_LENGTH = 20

MIN_LEVELS, MAX_LEVELS = 2, 6
_T = TypeVar("_T")


class _Reader(SheetReader):
    """The readers of each sheet."""

    def plan(self, sheet: ReadOnlyWorksheet) -> PlanSettings | None:
        items: dict[str, Row] = {}
        known = {word_key(item): item for item in layout.REQUIRED_ITEMS + layout.OPTIONAL_ITEMS}
        for row in self.rows(sheet, layout.PLAN_SHEET):
            item = known.get(word_key(self.cell(row, "項目", cells.line, "")))
            if item is None:
                continue
            if item in items:
                self.problem(row.place("項目"), f"「{item}」が2回あります。1行にまとめてください。")
            items[item] = row
        missing = [item for item in layout.REQUIRED_ITEMS if item not in items]
        if missing and self.problems and self.problems[-1].place == Place(layout.PLAN_SHEET, 1):
            return None  # the headers are wrong: the rows were not read
        for item in missing:
            self.problem(
                Place(layout.PLAN_SHEET),
                f"項目「{item}」の行がありません。A列に「{item}」、B列にその値を入力した行を加えてください。",
            )
        if missing:
            return None

        def value(item: str, parse: Callable[[Any], _T], fallback: _T) -> _T:
            return self.cell(items[item], "値", parse, fallback)

        def required(item: str) -> str:
            text = value(item, cells.line, "")
            if not text:
                self.problem(items[item].place("値"), f"{item}を入力してください。")
            return text

        def year(item: str) -> int:
            if not value(item, cells.line, ""):
                self.problem(items[item].place("値"), f"{item}を入力してください(例: 令和6年度、2024)。")
                return 0
            return value(item, cells.fiscal_year, 0)

        def optional(item: str) -> bool:
            return item in items and bool(value(item, cells.line, ""))

        name = required(layout.ITEM_MUNICIPALITY)
        typed_code = items[layout.ITEM_CODE].values.get("値")
        # A code typed as a number loses its leading zero (011002 → 11002): put it back.
        code = (
            str(int(typed_code)).zfill(6)
            if isinstance(typed_code, int | float)
            else required(layout.ITEM_CODE)
        )
        if code:
            try:
                code = normalise_code(code)
            except LocalGovernmentCodeError as error:
                self.problem(items[layout.ITEM_CODE].place("値"), str(error))
        title = required(layout.ITEM_TITLE)
        first, last = year(layout.ITEM_FIRST_YEAR), year(layout.ITEM_LAST_YEAR)
        if first and last and last < first:
            self.problem(
                items[layout.ITEM_LAST_YEAR].place("値"),
                "計画期間(最終年度)が計画期間(初年度)より前です。年度を確かめてください。",
            )
        levels = self.levels(items[layout.ITEM_LEVELS])
        evaluation_level = self.evaluation_level(items[layout.ITEM_EVALUATION_LEVEL], levels)
        rule = value(
            layout.ITEM_RULE,
            lambda v: cells.choice(v, layout.RULE_CHOICES, list(layout.RULE_WORDS.values())),
            "",
        )
        formula = (
            value(
                layout.ITEM_FORMULA,
                lambda v: cells.choice(v, layout.FORMULA_CHOICES, list(layout.FORMULA_WORDS.values())),
                None,
            )
            if optional(layout.ITEM_FORMULA)
            else None
        )
        approval = (
            value(
                layout.ITEM_APPROVAL,
                lambda v: cells.choice(v, layout.YES_NO_CHOICES, [layout.YES, layout.NO]),
                None,
            )
            if optional(layout.ITEM_APPROVAL)
            else None
        )
        return PlanSettings(
            municipality_name=name,
            municipality_code=code,
            title=title,
            first_fiscal_year=first,
            last_fiscal_year=last,
            level_labels=levels,
            evaluation_level=evaluation_level,
            multi_department_rule=str(rule),
            achievement_formula=None if formula is None else str(formula),
            requires_department_approval=approval,
            item_lines={item: row.number for item, row in items.items()},
        )

    def levels(self, row: Row) -> tuple[str, ...]:
        typed = self.cell(row, "値", cells.line, "")
        labels = tuple(
            part.strip() for part in typed.replace(",", "、").replace(",", "、").split("、") if part.strip()
        )
        if not MIN_LEVELS <= len(labels) <= MAX_LEVELS:
            self.problem(
                row.place("値"),
                f"階層の名称は上位から順に「、」で区切って{MIN_LEVELS}〜{MAX_LEVELS}個入力してください"
                "(例: 基本方針、施策、事業)。最後の階層の項目を毎年評価します。",
            )
        elif len(set(labels)) != len(labels):
            self.problem(row.place("値"), "階層の名称が重複しています。別の名称にしてください。")
        return labels

    def evaluation_level(self, row: Row, levels: tuple[str, ...]) -> int:
        typed = self.cell(row, "値", cells.line, "")
        candidates = [word_key(label) for label in levels[:-1]]
        if word_key(typed) in candidates:
            return candidates.index(word_key(typed))
        if levels:
            self.problem(
                row.place("値"),
                f"「{typed}」は施策評価を行う階層にできません。最後の階層より上の"
                f"「{'」「'.join(levels[:-1]) or '(なし)'}」から選んでください。",
            )
        return 0

    def codes(self, sheet: ReadOnlyWorksheet) -> list[CodeRow]:
        found: list[CodeRow] = []
        seen: set[str] = set()
        for row in self.rows(sheet, layout.CODES_SHEET):
            code = self.required(row, "記号", "記号")
            if code in seen:
                self.problem(row.place("記号"), f"記号「{code}」が重複しています。")
            seen.add(code)
            is_rating = self.cell(
                row,
                "評価として数える",
                lambda v: cells.choice(v, layout.YES_NO_CHOICES, [layout.YES, layout.NO], default=True),
                True,
            )
            found.append(
                CodeRow(
                    code=code,
                    label=self.cell(row, "名称", cells.line, ""),
                    definition=self.cell(row, "定義", cells.text, ""),
                    is_rating=bool(is_rating),
                    line=row.number,
                )
            )
        if not any(code.is_rating for code in found) and not self.problems:
            self.problem(
                Place(layout.CODES_SHEET),
                "「評価として数える」が「はい」の記号が一つもありません。評価の記号を入力してください。",
            )
        return found

    def departments(self, sheet: ReadOnlyWorksheet) -> list[DepartmentRow]:
        found: list[DepartmentRow] = []
        seen: set[str] = set()
        for row in self.rows(sheet, layout.DEPARTMENTS_SHEET):
            name = self.required(row, "名称", "担当課の名称")
            if name in seen:
                self.problem(row.place("名称"), f"担当課「{name}」が重複しています。")
            seen.add(name)
            kind = self.cell(
                row,
                "種別",
                lambda v: cells.choice(
                    v,
                    layout.KIND_CHOICES,
                    [layout.DIVISION_LABEL, layout.EXTERNAL_LABEL],
                    default="division",
                ),
                "division",
            )
            email, extension = self.department_contacts(row)
            previous, renamed_from = self.department_rename(row, name)
            found.append(
                DepartmentRow(
                    name=name,
                    kind=str(kind),
                    line=row.number,
                    email=email,
                    extension=extension,
                    previous_name=previous,
                    renamed_from=renamed_from,
                )
            )
        return found

    def department_rename(self, row: Row, name: str) -> tuple[str | None, int | None]:
        """The optional 旧名称 and 変更年度 of a department row: both or neither (None, None: the
        sheet lacks the columns)."""
        columns = self.columns.get(layout.DEPARTMENTS_SHEET, {})
        if layout.PREVIOUS_NAME not in columns and layout.RENAMED_FROM not in columns:
            return None, None
        previous = self.cell(row, layout.PREVIOUS_NAME, cells.line, "")
        year = self.optional_year(row, layout.RENAMED_FROM)
        if previous and year is None and not cells.line(row.values.get(layout.RENAMED_FROM)):
            self.problem(
                row.place(layout.RENAMED_FROM),
                f"旧名称「{previous}」から名称を変えた年度を入力してください(例: 令和7年度、2025)。",
            )
        elif year is not None and not previous:
            self.problem(
                row.place(layout.PREVIOUS_NAME),
                f"変更年度があります。{fy.format_wareki(year)}より前の名称を旧名称に入力するか、変更年度を空欄にしてください。",
            )
        elif previous and previous == name:
            self.problem(
                row.place(layout.PREVIOUS_NAME), "旧名称が名称と同じです。変更前の名称を入力してください。"
            )
        return previous, year

    def department_contacts(self, row: Row) -> tuple[str | None, str | None]:
        """The optional メールアドレス and 内線 of a department row (None: the sheet lacks the column)."""
        columns = self.columns.get(layout.DEPARTMENTS_SHEET, {})
        email = self.cell(row, "メールアドレス", cells.line, "") if "メールアドレス" in columns else None
        extension = self.cell(row, "内線", cells.line, "") if "内線" in columns else None
        if email:
            try:
                validate_email(email)
            except ValidationError:
                self.problem(
                    row.place("メールアドレス"),
                    f"「{email}」はメールアドレスとして読めません。"
                    "kyosei@city.example.lg.jp のように書くか、空欄にしてください。",
                )
        if extension and len(extension) > EXTENSION_MAX_LENGTH:
            self.problem(row.place("内線"), f"内線は{EXTENSION_MAX_LENGTH}文字以内にしてください。")
        return email, extension

    def nodes(self, sheet: ReadOnlyWorksheet, levels: tuple[str, ...]) -> list[NodeRow]:
        found: list[NodeRow] = []
        level_by_key = {word_key(label): index for index, label in enumerate(levels)}
        for row in self.rows(sheet, layout.NODES_SHEET):
            code = self.required(row, "番号", "番号")
            typed_level = self.cell(row, "階層", cells.line, "")
            level = level_by_key.get(word_key(typed_level), -1)
            if level < 0 and levels:
                self.problem(
                    row.place("階層"),
                    f"「{typed_level}」は「計画」シートの階層の名称にありません。"
                    f"「{'」「'.join(levels)}」のどれかを入力してください。",
                )
            owners = self.cell(row, "担当課", cells.line, "")
            found.append(
                NodeRow(
                    code=code,
                    parent_code=self.cell(row, "上位の番号", cells.line, ""),
                    level=level,
                    title=self.cell(row, "名称", cells.line, ""),
                    description=self.cell(row, "説明・事業内容", cells.text, ""),
                    owners=tuple(
                        name.strip()
                        for name in owners.replace(",", "、").replace(",", "、").split("、")
                        if name.strip()
                    ),
                    final_target=self.cell(row, "計画最終年度までの目標", cells.text, ""),
                    listing_of=self.cell(row, "再掲元の番号", cells.line, ""),
                    line=row.number,
                    span=self.span(row),
                    continues=self.continues(row),
                    shared_from=self.cell(row, layout.SHARED_HEADER, cells.line, ""),
                )
            )
        return found

    def span(self, row: Row) -> tuple[int | None, int | None] | None:
        """The row's 開始年度 and 終了年度, None when the sheet has neither column."""
        columns = self.columns.get(layout.NODES_SHEET, {})
        if layout.NODE_FIRST_YEAR not in columns and layout.NODE_LAST_YEAR not in columns:
            return None
        return self.optional_year(row, layout.NODE_FIRST_YEAR), self.optional_year(row, layout.NODE_LAST_YEAR)

    def continues(self, row: Row) -> str | None:
        """The row's 前期計画の事業, None when the sheet has no such column."""
        if layout.NODE_CONTINUES not in self.columns.get(layout.NODES_SHEET, {}):
            return None
        return self.cell(row, layout.NODE_CONTINUES, cells.line, "")

    def indicators(self, sheet: ReadOnlyWorksheet) -> list[IndicatorRow]:
        found: list[IndicatorRow] = []
        for row in self.rows(sheet, layout.INDICATORS_SHEET):
            direction = self.cell(
                row,
                "方向",
                lambda v: cells.choice(
                    v, layout.DIRECTION_CHOICES, list(DIRECTION_WORDS.values()), default="up"
                ),
                "up",
            )
            found.append(
                IndicatorRow(
                    project_code=self.required(row, "事業の番号", "事業の番号"),
                    label=self.required(row, "指標名", "指標名"),
                    unit=self.cell(row, "単位", cells.line, ""),
                    baseline_value=self.optional_number(row, "基準値"),
                    baseline_year=self.optional_year(row, "基準年度"),
                    target_value=self.optional_number(row, "目標値"),
                    target_year=self.optional_year(row, "目標年度"),
                    direction=str(direction),
                    line=row.number,
                )
            )
        return found

    def evaluations(self, sheet: ReadOnlyWorksheet) -> list[EvaluationRow]:
        return [
            EvaluationRow(
                fiscal_year=self.required_year(row),
                project_code=self.required(row, "事業の番号", "事業の番号"),
                department=self.required(row, "担当課", "担当課"),
                progress=self.cell(row, "進捗状況", cells.text, ""),
                rating=self.cell(row, "評価", cells.line, ""),
                reason=self.cell(row, "評価の理由・課題", cells.text, ""),
                next_year_goal=self.cell(row, "次年度の目標", cells.text, ""),
                line=row.number,
            )
            for row in self.rows(sheet, layout.EVALUATIONS_SHEET)
        ]

    def targets(self, sheet: ReadOnlyWorksheet) -> list[TargetRow]:
        found: list[TargetRow] = []
        for row in self.rows(sheet, layout.TARGETS_SHEET):
            project, label, year = (
                self.required(row, "事業の番号", "事業の番号"),
                self.required(row, "指標名", "指標名"),
                self.required_year(row),
            )
            value = self.optional_number(row, "目標値")
            if value is None and cells.line(row.values.get("目標値")) == "":
                self.problem(row.place("目標値"), "目標値を入力してください。")
            found.append(
                TargetRow(project, label, year, value if value is not None else Decimal(0), line=row.number)
            )
        return found

    def values(self, sheet: ReadOnlyWorksheet) -> list[ValueRow]:
        found: list[ValueRow] = []
        for row in self.rows(sheet, layout.VALUES_SHEET):
            project, label, year = (
                self.required(row, "事業の番号", "事業の番号"),
                self.required(row, "指標名", "指標名"),
                self.required_year(row),
            )
            value = self.optional_number(row, "実績値")
            if value is None and cells.line(row.values.get("実績値")) == "":
                self.problem(row.place("実績値"), "実績値を入力してください。")
            found.append(
                ValueRow(project, label, year, value if value is not None else Decimal(0), line=row.number)
            )
        return found


def read_plan_workbook(data: bytes, file_name: str) -> PlanDocument:
    """The plan in ``data`` (an .xlsx file named ``file_name``, the name used in messages).

    Raises :class:`PlanWorkbookError` listing every problem found (sheet, row, column, what to do).
    Touches no database.
    """
    try:
        check_workbook_size(data, file_name)
    except WorkbookFormatError as error:
        raise PlanWorkbookError(
            [Problem(Place("", file=file_name), str(p.message)) for p in error.problems]
        ) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise PlanWorkbookError(
            [
                Problem(
                    Place("", file=file_name),
                    "Excel ファイル(.xlsx)として読めません。計画の体系ファイルのテンプレートに記入して"
                    f"保存したファイルを指定してください({type(error).__name__})。",
                )
            ]
        ) from None
    try:
        reader = _Reader()
        sheets = {word_key(name): name for name in book.sheetnames}
        missing = [name for name in layout.REQUIRED_SHEETS if word_key(name) not in sheets]
        if missing:
            raise PlanWorkbookError(
                [
                    Problem(
                        Place(name),
                        f"シート「{name}」がありません。テンプレートのシート名を変えずに使ってください。",
                    )
                    for name in missing
                ]
            )

        def sheet(name: str) -> ReadOnlyWorksheet:
            found = book[sheets[word_key(name)]]
            assert isinstance(found, ReadOnlyWorksheet)
            return found

        settings = reader.plan(sheet(layout.PLAN_SHEET))
        levels = settings.level_labels if settings else ()
        codes = reader.codes(sheet(layout.CODES_SHEET))
        departments = reader.departments(sheet(layout.DEPARTMENTS_SHEET))
        nodes = reader.nodes(sheet(layout.NODES_SHEET), levels)
        indicators = reader.indicators(sheet(layout.INDICATORS_SHEET))
        targets = (
            reader.targets(sheet(layout.TARGETS_SHEET)) if word_key(layout.TARGETS_SHEET) in sheets else None
        )
        evaluations = (
            reader.evaluations(sheet(layout.EVALUATIONS_SHEET))
            if word_key(layout.EVALUATIONS_SHEET) in sheets
            else None
        )
        values = (
            reader.values(sheet(layout.VALUES_SHEET)) if word_key(layout.VALUES_SHEET) in sheets else None
        )
    finally:
        book.close()
    if reader.problems or settings is None:
        raise PlanWorkbookError(reader.problems)
    return PlanDocument(
        settings,
        codes,
        departments,
        nodes,
        indicators,
        evaluations,
        values,
        targets=targets,
        columns=reader.columns,
    )
