"""What importing a document would change: the plan as it is (a document taken from the database,
or None for a new plan) against the document read from the file. Pure: no database.

Items are matched per sheet by their key: 番号 for nodes, 記号 for codes, 名称 for departments,
(事業の番号, 指標名) for indicators, (年度, 事業の番号, 担当課) for evaluations and (事業の番号,
指標名, 年度) for values. Order counts as a field (順序: the place among its siblings), so a file
that only moves rows changes the order and nothing else. Evaluations and values absent from a
file are never removed (the sheets may hold some years only).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, TypeVar

from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import DIRECTION_WORDS, AchievementFormula, Direction
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.plans.workbook import layout
from shinchoku.plans.workbook.document import (
    CodeRow,
    DepartmentRow,
    EvaluationRow,
    IndicatorRow,
    NodeRow,
    PlanDocument,
    PlanSettings,
    TargetRow,
    ValueRow,
)
from shinchoku.plans.workbook.layout import ACTION_LABELS, CREATED, REMOVED, SHEETS, UPDATED

ORDER = "順序"
_Row = TypeVar("_Row")


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Change:
    """One item created, updated or removed; ``key`` as the sheet names it, ``line`` the row of
    the file (0 for a removal), ``fiscal_year`` for evaluations and values."""

    sheet: str
    action: str
    key: str
    fields: tuple[FieldChange, ...] = ()
    line: int = 0
    fiscal_year: int | None = None
    item: Hashable = None  # the key as matched (a tuple for indicators, evaluations and values)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "action": self.action,
            "key": self.key,
            "row": self.line or None,
            "fields": [{"field": f.label, "before": f.before, "after": f.after} for f in self.fields],
        }


def _year(value: int | None) -> str:
    return fy.format_wareki(value) if value else ""


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else f"{value:f}"


def _yes_no(value: bool | None) -> str:
    return "" if value is None else layout.YES if value else layout.NO


def settings_fields(settings: PlanSettings) -> dict[str, str]:
    labels = settings.level_labels
    fields = {
        layout.ITEM_FIRST_YEAR: _year(settings.first_fiscal_year),
        layout.ITEM_LAST_YEAR: _year(settings.last_fiscal_year),
        layout.ITEM_LEVELS: layout.LEVEL_SEPARATOR.join(labels),
        layout.ITEM_EVALUATION_LEVEL: labels[settings.evaluation_level] if labels else "",
        layout.ITEM_RULE: layout.RULE_WORDS.get(ConsolidationRule(settings.multi_department_rule), ""),
    }
    if settings.achievement_formula is not None:
        fields[layout.ITEM_FORMULA] = layout.FORMULA_WORDS[AchievementFormula(settings.achievement_formula)]
    if settings.requires_department_approval is not None:
        fields[layout.ITEM_APPROVAL] = _yes_no(settings.requires_department_approval)
    return fields


def _ranks(rows: Sequence[_Row], group: Callable[[_Row], Hashable]) -> list[int]:
    """Each row's 1-based place among the rows of its group, in sheet order."""
    counters: dict[Hashable, int] = defaultdict(int)
    ranks = []
    for row in rows:
        counters[group(row)] += 1
        ranks.append(counters[group(row)])
    return ranks


def _code_fields(row: CodeRow, rank: int) -> dict[str, str]:
    return {
        "名称": row.label,
        "定義": row.definition,
        "評価として数える": _yes_no(row.is_rating),
        ORDER: str(rank),
    }


def _department_fields(row: DepartmentRow, rank: int) -> dict[str, str]:
    kind = layout.EXTERNAL_LABEL if row.kind == "external" else layout.DIVISION_LABEL
    optional = {"メールアドレス": row.email, "内線": row.extension, layout.PREVIOUS_NAME: row.previous_name}
    if row.previous_name is not None:
        optional[layout.RENAMED_FROM] = _year(row.renamed_from)
    return (
        {"種別": kind}
        | {label: value for label, value in optional.items() if value is not None}
        | {ORDER: str(rank)}
    )


def _department_key(old: Sequence[DepartmentRow]) -> Callable[[DepartmentRow], str]:
    """A department is matched by its name, or, when a row of the file renames it (its 旧名称 is a
    stored department's name and its 名称 is not), by that old name: a rename, not a new one."""
    stored = {row.name for row in old}

    def key(row: DepartmentRow) -> str:
        renames = row.name not in stored and row.previous_name in stored
        return row.previous_name if renames and row.previous_name else row.name

    return key


def _with_stored_names(document: PlanDocument, key: Callable[[DepartmentRow], str]) -> PlanDocument:
    """``document`` with the departments it renames called by their stored names in the 体系 and
    評価 sheets, so that a rename is one change of the 担当課 sheet, not of every row naming it."""
    stored = {row.name: key(row) for row in document.departments if key(row) != row.name}
    if not stored:
        return document
    return replace(
        document,
        nodes=[
            replace(row, owners=tuple(stored.get(name, name) for name in row.owners))
            for row in document.nodes
        ],
        evaluations=None
        if document.evaluations is None
        else [
            replace(row, department=stored.get(row.department, row.department))
            for row in document.evaluations
        ],
    )


def _renamed_department_fields(
    key: Callable[[DepartmentRow], str],
) -> Callable[[DepartmentRow, int], dict[str, str]]:
    """The fields of a file's row, with 名称 when the row renames a stored department."""

    def fields(row: DepartmentRow, rank: int) -> dict[str, str]:
        renamed = {"名称": row.name} if key(row) != row.name else {}
        return renamed | _department_fields(row, rank)

    return fields


def _node_fields(labels: Sequence[str]) -> Callable[[NodeRow, int], dict[str, str]]:
    def fields(row: NodeRow, rank: int) -> dict[str, str]:
        return {
            "上位の番号": row.parent_code,
            "階層": labels[row.level] if 0 <= row.level < len(labels) else "",
            "名称": row.title,
            "説明・事業内容": row.description,
            "担当課": layout.OWNER_SEPARATOR.join(row.owners),
            "計画最終年度までの目標": row.final_target,
            "再掲元の番号": row.listing_of,
            **_revision_fields(row),
            layout.SHARED_HEADER: row.shared_from,
            ORDER: str(rank),
        }

    return fields


def _revision_fields(row: NodeRow) -> dict[str, str]:
    """開始年度・終了年度 and 前期計画の事業, each only when the file has its column."""
    found = {}
    if row.span is not None:
        found[layout.NODE_FIRST_YEAR], found[layout.NODE_LAST_YEAR] = (_year(year) for year in row.span)
    if row.continues is not None:
        found[layout.NODE_CONTINUES] = row.continues
    return found


def _indicator_fields(row: IndicatorRow, rank: int) -> dict[str, str]:
    return {
        "単位": row.unit,
        "基準値": _decimal(row.baseline_value),
        "基準年度": _year(row.baseline_year),
        "目標値": _decimal(row.target_value),
        "目標年度": _year(row.target_year),
        "方向": DIRECTION_WORDS[Direction(row.direction)],
        ORDER: str(rank),
    }


def _evaluation_fields(row: EvaluationRow, rank: int) -> dict[str, str]:
    return {
        "進捗状況": row.progress,
        "評価": row.rating,
        "評価の理由・課題": row.reason,
        "次年度の目標": row.next_year_goal,
    }


def _target_fields(row: TargetRow, rank: int) -> dict[str, str]:
    return {"目標値": _decimal(row.value)}


def _value_fields(row: ValueRow, rank: int) -> dict[str, str]:
    return {"実績値": _decimal(row.value)}


def _compare(
    sheet: str,
    before: Sequence[_Row],
    after: Sequence[_Row],
    key: Callable[[_Row], Hashable],
    show: Callable[[Hashable], str],
    fields: Callable[[_Row, int], dict[str, str]],
    *,
    group: Callable[[_Row], Hashable] = lambda row: None,
    removes: bool = True,
    year: Callable[[_Row], int | None] = lambda row: None,
    before_fields: Callable[[_Row, int], dict[str, str]] | None = None,
) -> list[Change]:
    old_fields = before_fields or fields
    old = {key(row): old_fields(row, rank) for row, rank in zip(before, _ranks(before, group), strict=True)}
    changes: list[Change] = []
    seen: set[Hashable] = set()
    for row, rank in zip(after, _ranks(after, group), strict=True):
        row_key = key(row)
        seen.add(row_key)
        new = fields(row, rank)
        line = int(getattr(row, "line", 0))
        if row_key not in old:
            created = tuple(
                FieldChange(label, "", value) for label, value in new.items() if value and label != ORDER
            )
            changes.append(Change(sheet, CREATED, show(row_key), created, line, year(row), row_key))
            continue
        differing = tuple(
            FieldChange(label, old[row_key].get(label, ""), value)
            for label, value in new.items()
            if old[row_key].get(label, "") != value
        )
        if differing:
            changes.append(Change(sheet, UPDATED, show(row_key), differing, line, year(row), row_key))
    if removes:
        changes.extend(
            Change(sheet, REMOVED, show(row_key), item=row_key) for row_key in old if row_key not in seen
        )
    return changes


def _show(key: Hashable) -> str:
    if isinstance(key, tuple):
        return " / ".join(fy.format_wareki(part) if isinstance(part, int) else str(part) for part in key)
    return str(key)


def diff_documents(current: PlanDocument | None, new: PlanDocument) -> list[Change]:
    """Every change importing ``new`` makes to the plan ``current`` (None: a new plan), sheet by
    sheet in the workbook's order; an empty list when the file matches the plan."""
    changes: list[Change] = []
    new_settings = settings_fields(new.settings)
    if current is None:
        changes.append(
            Change(
                layout.PLAN_SHEET,
                CREATED,
                new.settings.title,
                tuple(FieldChange(label, "", value) for label, value in new_settings.items()),
            )
        )
    else:
        old_settings = settings_fields(current.settings)
        differing = tuple(
            FieldChange(label, old_settings.get(label, ""), value)
            for label, value in new_settings.items()
            if old_settings.get(label, "") != value
        )
        if differing:
            changes.append(Change(layout.PLAN_SHEET, UPDATED, new.settings.title, differing))
    old = current or PlanDocument(new.settings, [], [], [], [], [], [])
    changes += _compare(layout.CODES_SHEET, old.codes, new.codes, lambda r: r.code, _show, _code_fields)
    department_key = _department_key(old.departments)
    changes += _compare(
        layout.DEPARTMENTS_SHEET,
        old.departments,
        new.departments,
        department_key,
        _show,
        _renamed_department_fields(department_key),
        before_fields=lambda row, rank: {"名称": row.name} | _department_fields(row, rank),
    )
    new = _with_stored_names(new, department_key)
    old_labels, new_labels = old.settings.level_labels, new.settings.level_labels
    changes += _compare(
        layout.NODES_SHEET,
        old.nodes,
        new.nodes,
        lambda r: r.code,
        _show,
        _node_fields(new_labels),
        group=lambda r: r.parent_code,
        before_fields=_node_fields(old_labels),
    )
    changes += _compare(
        layout.INDICATORS_SHEET,
        old.indicators,
        new.indicators,
        lambda r: r.key,
        _show,
        _indicator_fields,
        group=lambda r: r.project_code,
    )
    if new.targets is not None:
        changes += _compare(
            layout.TARGETS_SHEET,
            old.targets or [],
            new.targets,
            lambda r: r.key,
            _show,
            _target_fields,
        )
    if new.evaluations is not None:
        changes += _compare(
            layout.EVALUATIONS_SHEET,
            old.evaluations or [],
            new.evaluations,
            lambda r: r.key,
            _show,
            _evaluation_fields,
            removes=False,
            year=lambda r: r.fiscal_year,
        )
    if new.values is not None:
        changes += _compare(
            layout.VALUES_SHEET,
            old.values or [],
            new.values,
            lambda r: r.key,
            _show,
            _value_fields,
            removes=False,
            year=lambda r: r.fiscal_year,
        )
    return changes


def count_changes(changes: Sequence[Change]) -> dict[str, dict[str, int]]:
    """{sheet: {created: n, updated: n, removed: n}} for every sheet, zeros included."""
    counts = {sheet: {CREATED: 0, UPDATED: 0, REMOVED: 0} for sheet in SHEETS}
    for change in changes:
        counts[change.sheet][change.action] += 1
    return counts
