"""The columns of the open-data tables: one list per table, read by the CSV writer and reader,
the JSON API and the data dictionary test.

Each :class:`Column` has a Japanese CSV header, an English JSON key, a kind (which fixes how the
value is written as text) and a getter. Three tables:

- ``entries``: one row per project × department (see :class:`~.dataset.ProjectRow`)
- ``indicators``: one row per indicator × year with an actual value (one row with empty actuals
  for an indicator without any)
- ``evaluations``: one row per inner node (基本目標, 施策, 取組 …) with its evaluation, if any
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, Literal, TypeVar

from shinchoku.core import fiscal_year as fy
from shinchoku.core.indicators import DIRECTION_LABELS, Direction, achievement_rate, describe_formula
from shinchoku.evaluations.models import IndicatorValue
from shinchoku.plans.models import Department, RatingCode
from shinchoku.reports.opendata import ids
from shinchoku.reports.opendata.dataset import Dataset, IndicatorRecord, NodeRecord, ProjectRow

Kind = Literal["text", "integer", "decimal", "flag"]
Value = str | int | Decimal | bool | None
Table = Literal["entries", "indicators", "evaluations"]
TABLES: tuple[Table, ...] = ("entries", "indicators", "evaluations")
R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    key: str
    kind: Kind
    get: Callable[[Dataset, R], Value]


@dataclass(frozen=True)
class IndicatorRow:
    record: IndicatorRecord
    value: IndicatorValue | None


def _year(data: Dataset) -> int | None:
    return data.round.fiscal_year if data.round is not None else None


def _wareki(year: int | None) -> str | None:
    return fy.format_wareki(year) if year is not None else None


def _common() -> list[Column[Any]]:
    """The columns that open every table: who, which plan, which year."""
    return [
        Column("全国地方公共団体コード", "municipality_code", "text", lambda d, _: d.plan.municipality.code),
        Column("自治体名", "municipality_name", "text", lambda d, _: d.plan.municipality.name),
        Column("計画ID", "plan_id", "integer", lambda d, _: d.plan.pk),
        Column("計画名", "plan_title", "text", lambda d, _: d.plan.title),
        Column("年度", "fiscal_year", "integer", lambda d, _: _year(d)),
        Column("年度(和暦)", "fiscal_year_wareki", "text", lambda d, _: _wareki(_year(d))),
    ]


def _code(rating: RatingCode | None) -> str | None:
    return rating.code if rating is not None else None


def _definition(rating: RatingCode | None) -> str | None:
    return rating.definition if rating is not None else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _department(department: Department | None) -> str | None:
    return department.name if department is not None else None


def _kind(department: Department | None) -> str | None:
    return department.get_kind_display() if department is not None else None


def _ancestor(level: int, attribute: str) -> Callable[[Dataset, ProjectRow], Value]:
    def get(data: Dataset, row: ProjectRow) -> Value:
        return str(getattr(row.ancestors[level], attribute)) if level < len(row.ancestors) else None

    return get


def _whole_final(row: ProjectRow) -> str | None:
    """The project's own 計画最終年度までの目標 (for the whole project, not one department)."""
    return row.project.final_target or None if row.project.listing_of_id is None else None


def _whole_year(row: ProjectRow) -> str | None:
    """The round's 今年度の目標 of the whole project (set by the 事務局)."""
    return row.project_year_target or None


def _text(row: ProjectRow, attribute: str) -> str | None:
    return str(getattr(row.entry, attribute)) if row.entry is not None else None


def hierarchy_headers(labels: list[str], reserved: set[str]) -> list[tuple[str, str]]:
    """(番号 header, 名 header) per level above the projects, named after the plan's levels
    (基本目標番号, 基本目標名 …); a pair that would repeat a header in ``reserved`` or an earlier
    level's is named 第n階層 instead."""
    taken = set(reserved)
    pairs = []
    for level, label in enumerate(labels[:-1], start=1):
        name = label if not {f"{label}番号", f"{label}名"} & taken else f"第{level}階層"
        taken |= {f"{name}番号", f"{name}名"}
        pairs.append((f"{name}番号", f"{name}名"))
    return pairs


def _original(data: Dataset, row: ProjectRow) -> str | None:
    original = row.project.listing_of
    return data.node_id(original) if original is not None else None


def _shared_from(data: Dataset, row: ProjectRow) -> str | None:
    """The 事業ID of the other plan's project a shared project (共通事業) shows; its plan is
    another, so the id is built from that plan's number."""
    source = row.project.shared_from if row.project.shared_from_id is not None else None
    if source is None:
        return None
    return ids.node_id(data.plan.municipality.code, source.plan_id, source.code)


def entry_columns(level_labels: list[str]) -> list[Column[ProjectRow]]:
    """The entries table of a plan whose levels are named ``level_labels``."""
    project: list[Column[ProjectRow]] = [
        Column("事業ID", "project_id", "text", lambda d, r: d.node_id(r.project)),
        Column("事業番号", "project_code", "text", lambda d, r: r.project.code),
        Column("事業名", "project_title", "text", lambda d, r: r.project.title),
        Column("事業内容", "project_description", "text", lambda d, r: r.project.description),
        Column("再掲", "is_cross_listing", "flag", lambda d, r: r.project.listing_of_id is not None),
        Column("再掲元事業ID", "cross_listing_of", "text", _original),
        Column("共通事業元事業ID", "shared_from", "text", _shared_from),
        Column("担当課", "department", "text", lambda d, r: _department(r.department)),
        Column("担当課の種別", "department_kind", "text", lambda d, r: _kind(r.department)),
        Column("計画最終年度までの目標", "final_target", "text", lambda d, r: _text(r, "final_target")),
        Column("今年度の目標", "year_target", "text", lambda d, r: _text(r, "year_target")),
        Column("計画最終年度までの目標(全体)", "project_final_target", "text", lambda d, r: _whole_final(r)),
        Column(
            "今年度の目標(全体)", "project_year_target", "text", lambda d, r: r.project_year_target or None
        ),
        Column("進捗状況", "progress", "text", lambda d, r: _text(r, "progress")),
        Column("評価", "rating", "text", lambda d, r: _code(r.rating)),
        Column("評価の定義", "rating_definition", "text", lambda d, r: _definition(r.rating)),
        Column("評価の理由・課題", "reason", "text", lambda d, r: _text(r, "reason")),
        Column("次年度の目標", "next_year_goal", "text", lambda d, r: _text(r, "next_year_goal")),
        Column("事業の評価", "project_rating", "text", lambda d, r: _code(r.project_rating)),
        Column("事業の評価の算出方法", "project_rating_rule", "text", lambda d, r: r.project_rule or None),
        # A published year's row corrected afterwards (正誤) carries the date of the correction.
        Column("訂正日", "corrected_at", "text", lambda d, r: _iso(d.corrected_on(r))),
    ]
    common: list[Column[ProjectRow]] = _common()
    reserved = {column.header for column in (*common, *project)}
    hierarchy: list[Column[ProjectRow]] = []
    for level, (code_header, title_header) in enumerate(hierarchy_headers(level_labels, reserved)):
        hierarchy += [
            Column(code_header, f"level{level + 1}_code", "text", _ancestor(level, "code")),
            Column(title_header, f"level{level + 1}_title", "text", _ancestor(level, "title")),
        ]
    return [*common, *hierarchy, *project]


def achievement(data: Dataset, row: IndicatorRow) -> Decimal | None:
    """The achievement rate of an actual value by the plan's formula, to three places; None when
    undefined."""
    indicator = row.record.indicator
    if row.value is None or indicator.target_value is None:
        return None
    rate = achievement_rate(
        actual=row.value.value,
        target=indicator.target_value,
        direction=Direction(indicator.direction),
        formula=data.plan.achievement_formula,
        baseline=indicator.baseline_value,
    )
    return rate.quantize(Decimal("0.001")) if rate is not None else None


def _value_year(row: IndicatorRow) -> int | None:
    return row.value.fiscal_year if row.value is not None else None


def indicator_columns() -> list[Column[IndicatorRow]]:
    def node_id(d: Dataset, r: IndicatorRow) -> str:
        return d.node_id(r.record.node)

    def indicator_id(d: Dataset, r: IndicatorRow) -> str:
        return ids.indicator_id(node_id(d, r), r.record.ordinal)

    return [
        *_common(),
        Column("項目ID", "node_id", "text", node_id),
        Column("項目番号", "node_code", "text", lambda d, r: r.record.node.code),
        Column("項目名", "node_title", "text", lambda d, r: r.record.node.title),
        Column("指標ID", "indicator_id", "text", indicator_id),
        Column("指標名", "label", "text", lambda d, r: r.record.indicator.label),
        Column("単位", "unit", "text", lambda d, r: r.record.indicator.unit),
        Column("方向", "direction", "text", lambda d, r: r.record.indicator.direction),
        Column(
            "方向の説明",
            "direction_label",
            "text",
            lambda d, r: DIRECTION_LABELS[Direction(r.record.indicator.direction)],
        ),
        Column("基準値", "baseline_value", "decimal", lambda d, r: r.record.indicator.baseline_value),
        Column("基準年度", "baseline_year", "integer", lambda d, r: r.record.indicator.baseline_year),
        Column("目標値", "target_value", "decimal", lambda d, r: r.record.indicator.target_value),
        Column("目標年度", "target_year", "integer", lambda d, r: r.record.indicator.target_year),
        Column("実績年度", "actual_year", "integer", lambda d, r: _value_year(r)),
        Column("実績年度(和暦)", "actual_year_wareki", "text", lambda d, r: _wareki(_value_year(r))),
        Column("実績値", "actual_value", "decimal", lambda d, r: r.value.value if r.value else None),
        Column("達成率", "achievement_rate", "decimal", achievement),
        Column("達成率の計算方法", "achievement_formula", "text", lambda d, r: d.plan.achievement_formula),
        Column(
            "達成率の計算方法の説明",
            "achievement_formula_label",
            "text",
            lambda d, r: describe_formula(d.plan.achievement_formula),
        ),
        Column("実績の備考", "actual_note", "text", lambda d, r: r.value.note if r.value else None),
    ]


def _evaluation_rating(record: NodeRecord) -> RatingCode | None:
    return record.evaluation.rating if record.evaluation is not None else None


def _parent(d: Dataset, record: NodeRecord) -> str | None:
    return d.node_id(record.ancestors[-1]) if record.ancestors else None


def evaluation_columns() -> list[Column[NodeRecord]]:
    def evaluation(attribute: str) -> Callable[[Dataset, NodeRecord], Value]:
        return lambda d, r: getattr(r.evaluation, attribute) if r.evaluation is not None else None

    return [
        *_common(),
        Column("項目ID", "node_id", "text", lambda d, r: d.node_id(r.node)),
        Column("上位項目ID", "parent_id", "text", _parent),
        Column("階層", "level_label", "text", lambda d, r: r.node.level_label),
        Column("項目番号", "node_code", "text", lambda d, r: r.node.code),
        Column("項目名", "node_title", "text", lambda d, r: r.node.title),
        Column("評価", "rating", "text", lambda d, r: _code(_evaluation_rating(r))),
        Column("評価の定義", "rating_definition", "text", lambda d, r: _definition(_evaluation_rating(r))),
        Column("評価の算出方法", "rule", "text", evaluation("rule_label")),
        Column("評価のコメント", "comment", "text", evaluation("comment")),
    ]


def indicator_rows(data: Dataset) -> list[IndicatorRow]:
    return [
        IndicatorRow(record, value)
        for record in data.indicators
        for value in (record.values or [None])  # type: ignore[list-item]
    ]


def table(data: Dataset, name: Table) -> tuple[list[Column[Any]], list[Any]]:
    """The columns and rows of table ``name``."""
    if name == "entries":
        return entry_columns(data.plan.level_labels), data.rows
    if name == "indicators":
        return indicator_columns(), indicator_rows(data)
    return evaluation_columns(), [record for record in data.walk() if not record.is_project]


def value_kinds() -> dict[str, Kind]:
    """The kind of every column whose values are not free text, by header (for readers)."""
    columns: list[Column[Any]] = [
        *entry_columns([]),  # the level columns are all text
        *indicator_columns(),
        *evaluation_columns(),
    ]
    return {column.header: column.kind for column in columns if column.kind != "text"}


def as_text(kind: Kind, value: Value) -> str:
    """A value as written in a CSV cell: empty for none, 1/0 for flags, plain decimals."""
    if value is None:
        return ""
    if kind == "flag":
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def as_json(value: Value) -> Any:
    """A value as a JSON scalar: decimals become numbers (integers when whole)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def json_row(columns: list[Column[R]], data: Dataset, row: R) -> dict[str, Any]:
    return {column.key: as_json(column.get(data, row)) for column in columns}


def text_row(columns: list[Column[R]], data: Dataset, row: R) -> Mapping[str, str]:
    return {column.header: as_text(column.kind, column.get(data, row)) for column in columns}
