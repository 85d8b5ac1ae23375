"""The sheets and headers of the plan workbook: a promise to users, kept exactly.

Every sheet has its headers in row 1 and one item per row below. Columns are found by their
header, so a city may add its own columns (they are ignored); a required header that is missing
is an error naming the sheet. The 計画 sheet is the exception: two columns 項目 | 値, one setting
per row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TypeVar

from openpyxl.utils import get_column_letter

from shinchoku.core.indicators import (
    ACHIEVEMENT_FORMULA_LABELS,
    DIRECTION_WORDS,
    AchievementFormula,
    Direction,
)
from shinchoku.core.local_government_code import check_digit
from shinchoku.core.ratings import MULTI_DEPARTMENT_RULES, RULE_LABELS, ConsolidationRule

PLAN_SHEET = "計画"
CODES_SHEET = "評価基準"
DEPARTMENTS_SHEET = "担当課"
NODES_SHEET = "体系"
INDICATORS_SHEET = "指標"
EVALUATIONS_SHEET = "評価"
VALUES_SHEET = "実績"
TARGETS_SHEET = "年度別目標"
GUIDE_SHEET = "説明"

REQUIRED_SHEETS = (PLAN_SHEET, CODES_SHEET, DEPARTMENTS_SHEET, NODES_SHEET, INDICATORS_SHEET)

ITEM_HEADER, VALUE_HEADER = "項目", "値"
PLAN_HEADERS = (ITEM_HEADER, VALUE_HEADER)
ITEM_MUNICIPALITY = "自治体名"
ITEM_CODE = "全国地方公共団体コード"
ITEM_TITLE = "計画名"
ITEM_FIRST_YEAR = "計画期間(初年度)"
ITEM_LAST_YEAR = "計画期間(最終年度)"
ITEM_LEVELS = "階層の名称"
ITEM_EVALUATION_LEVEL = "施策評価を行う階層"
ITEM_RULE = "複数の担当課がある事業の評価"
ITEM_FORMULA = "達成率の計算方法"
ITEM_APPROVAL = "所属長の承認"
REQUIRED_ITEMS = (
    ITEM_MUNICIPALITY,
    ITEM_CODE,
    ITEM_TITLE,
    ITEM_FIRST_YEAR,
    ITEM_LAST_YEAR,
    ITEM_LEVELS,
    ITEM_EVALUATION_LEVEL,
    ITEM_RULE,
)
OPTIONAL_ITEMS = (ITEM_FORMULA, ITEM_APPROVAL)

CODES_HEADERS = ("記号", "名称", "定義", "評価として数える")
# 旧名称 and 変更年度: the department was renamed from that fiscal year (組織改編), before it had
# the old name; a row naming an existing department by its 旧名称 renames it.
PREVIOUS_NAME, RENAMED_FROM = "旧名称", "変更年度"
DEPARTMENTS_HEADERS = ("名称", "種別", "メールアドレス", "内線", PREVIOUS_NAME, RENAMED_FROM)
# Headers a sheet may lack (files written before they existed): their values are then left as stored.
OPTIONAL_HEADERS: dict[str, tuple[str, ...]] = {
    DEPARTMENTS_SHEET: ("メールアドレス", "内線", PREVIOUS_NAME, RENAMED_FROM)
}
# 体系: the other plan's project a row shows (共通事業), 「<計画名> <番号>」 (see plans.workbook.shared).
SHARED_HEADER = "共通事業"
OPTIONAL_HEADERS[NODES_SHEET] = (*OPTIONAL_HEADERS.get(NODES_SHEET, ()), SHARED_HEADER)
NODES_HEADERS: tuple[str, ...] = (
    "番号",
    "上位の番号",
    "階層",
    "名称",
    "説明・事業内容",
    "担当課",
    "計画最終年度までの目標",
    "再掲元の番号",
    SHARED_HEADER,
)
# 中間見直し and 次期計画への引き継ぎ: optional, after the others (a file without them keeps the
# stored years and continuation). 前期計画の事業 is 「計画名 番号」 (see plans.editing.continuation).
NODE_FIRST_YEAR, NODE_LAST_YEAR, NODE_CONTINUES = "開始年度", "終了年度", "前期計画の事業"
NODE_REVISION_HEADERS = (NODE_FIRST_YEAR, NODE_LAST_YEAR, NODE_CONTINUES)
NODES_HEADERS = (*NODES_HEADERS, *NODE_REVISION_HEADERS)
OPTIONAL_HEADERS[NODES_SHEET] = (*OPTIONAL_HEADERS.get(NODES_SHEET, ()), *NODE_REVISION_HEADERS)
INDICATORS_HEADERS = ("事業の番号", "指標名", "単位", "基準値", "基準年度", "目標値", "目標年度", "方向")
EVALUATIONS_HEADERS = ("年度", "事業の番号", "担当課", "進捗状況", "評価", "評価の理由・課題", "次年度の目標")
VALUES_HEADERS = ("事業の番号", "指標名", "年度", "実績値")
TARGETS_HEADERS = ("事業の番号", "指標名", "年度", "目標値")

HEADERS: dict[str, tuple[str, ...]] = {
    PLAN_SHEET: PLAN_HEADERS,
    CODES_SHEET: CODES_HEADERS,
    DEPARTMENTS_SHEET: DEPARTMENTS_HEADERS,
    NODES_SHEET: NODES_HEADERS,
    INDICATORS_SHEET: INDICATORS_HEADERS,
    EVALUATIONS_SHEET: EVALUATIONS_HEADERS,
    VALUES_SHEET: VALUES_HEADERS,
    TARGETS_SHEET: TARGETS_HEADERS,
}

SHEETS = (
    PLAN_SHEET,
    CODES_SHEET,
    DEPARTMENTS_SHEET,
    NODES_SHEET,
    INDICATORS_SHEET,
    TARGETS_SHEET,
    EVALUATIONS_SHEET,
    VALUES_SHEET,
)
CREATED, UPDATED, REMOVED = "created", "updated", "removed"
ACTION_LABELS = {CREATED: "追加", UPDATED: "変更", REMOVED: "削除"}

EXAMPLE_MUNICIPALITY = "見本市"
EXAMPLE_CODE = f"99999{check_digit('99999')}"  # not a real municipality's code, but a valid one

# The separator of several departments in one cell, the first being the lead (主担当課).
OWNER_SEPARATOR = "、"
LEVEL_SEPARATOR = "、"
_T = TypeVar("_T")
YES, NO = "はい", "いいえ"
DIVISION_LABEL, EXTERNAL_LABEL = "市の組織", "外部団体"

# The workbook's words for the plan's multi-department rule (the wording), best known first.
RULE_WORDS: dict[ConsolidationRule, str] = {
    ConsolidationRule.LOWEST: "最も低い評価",
    ConsolidationRule.LEAD_DEPARTMENT: "主担当課の評価",
    ConsolidationRule.MOST_COMMON: "最も多い評価",
    ConsolidationRule.MANUAL: "事務局が決める",
}
assert set(RULE_WORDS) == set(MULTI_DEPARTMENT_RULES)
FORMULA_WORDS: dict[AchievementFormula, str] = dict(ACHIEVEMENT_FORMULA_LABELS)


def word_key(text: str) -> str:
    """How a typed choice is compared: NFKC, without spaces (「最も 低い評価」 = 「最も低い評価」)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _choices(words: dict[_T, str], extra: dict[_T, str] | None = None) -> dict[str, _T]:
    found = {word_key(word): value for value, word in words.items()}
    for value, word in (extra or {}).items():
        found.setdefault(word_key(word), value)
    return found


RULE_CHOICES = _choices(RULE_WORDS, {rule: RULE_LABELS[rule] for rule in MULTI_DEPARTMENT_RULES})
FORMULA_CHOICES = _choices(FORMULA_WORDS, {AchievementFormula.RATIO: "実績÷目標"})
DIRECTION_CHOICES = _choices(
    DIRECTION_WORDS, {Direction.UP: "増加", Direction.DOWN: "減少", Direction.KEEP: "維持する"}
)
YES_NO_CHOICES = {word_key(YES): True, word_key(NO): False}
KIND_CHOICES = {word_key(DIVISION_LABEL): "division", word_key(EXTERNAL_LABEL): "external"}


@dataclass(frozen=True)
class Place:
    """Where a problem is: 「体系」シート 12行目 D列(階層), or ファイル「plan.xlsx」 for the whole file
    (``sheet`` empty)."""

    sheet: str
    row: int | None = None
    column: int | None = None
    header: str | None = None
    file: str = ""

    def __str__(self) -> str:
        if not self.sheet:
            return f"ファイル「{self.file}」"
        text = f"「{self.sheet}」シート"
        if self.row is not None:
            text += f" {self.row}行目"
        if self.column is not None:
            text += f" {get_column_letter(self.column)}列"
            if self.header:
                text += f"({self.header})"
        return text
