"""Checks of an import that need the database: the municipality, removals of items in use, and
changes to years whose round is not the import's to change.

Every finding is a :class:`~.document.Problem`; the service refuses the whole file when there is one.
"""

from __future__ import annotations

from collections.abc import Sequence

from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation, Round
from shinchoku.plans.models import (
    Department,
    Municipality,
    Plan,
    PlanNode,
    ProjectOwner,
    RatingCode,
)
from shinchoku.plans.workbook import layout
from shinchoku.plans.workbook.diff import Change
from shinchoku.plans.workbook.document import PlanDocument, PlanSettings, Problem
from shinchoku.plans.workbook.layout import CREATED, REMOVED, Place


def find_municipality(settings: PlanSettings) -> tuple[Municipality | None, list[Problem]]:
    """The municipality the 計画 sheet names; both its name and its code must match one registered
    by ``shinchoku setup``."""
    municipality = Municipality.objects.filter(code=settings.municipality_code).first()
    if municipality is None:
        return None, [
            Problem(
                settings.place(layout.ITEM_CODE),
                f"全国地方公共団体コード「{settings.municipality_code}」の自治体は登録されていません。"
                "コードを確かめるか、先に shinchoku setup で自治体を登録してください。",
            )
        ]
    if municipality.name != settings.municipality_name:
        return municipality, [
            Problem(
                settings.place(layout.ITEM_MUNICIPALITY),
                f"自治体名「{settings.municipality_name}」が、コード {municipality.code} の自治体"
                f"「{municipality.name}」と一致しません。自治体名かコードを直してください。",
            )
        ]
    return municipality, []


def _removed(changes: Sequence[Change], sheet: str) -> list[str]:
    return [change.key for change in changes if change.sheet == sheet and change.action == REMOVED]


def _refuse(sheet: str, key: str, why: str, what: str) -> Problem:
    return Problem(
        Place(sheet),
        f"「{key}」が削除されていますが、{why}ため削除できません。{what}の行を元に戻してください。",
    )


def removal_problems(
    plan: Plan | None, municipality: Municipality, changes: Sequence[Change]
) -> list[Problem]:
    """A problem for each removed node, indicator, department or code that has entries or values
    (or, for a department, users or projects of another plan): those are refused, not cascaded."""
    if plan is None:
        return []
    problems: list[Problem] = []
    codes = _removed(changes, layout.NODES_SHEET)
    if codes:
        nodes = PlanNode.objects.filter(plan=plan, code__in=codes)
        used: dict[int, str] = {}
        # The first reason found is told: entries before evaluations, opinions and values.
        for reason, ids in (
            (
                "評価が入力されている",
                Entry.objects.filter(project__in=nodes).values_list("project_id", flat=True),
            ),
            (
                "まとめの評価がある",
                NodeEvaluation.objects.filter(node__in=nodes).values_list("node_id", flat=True),
            ),
            (
                "委員意見がある",
                CommitteeOpinion.objects.filter(node__in=nodes).values_list("node_id", flat=True),
            ),
            (
                "指標の実績値がある",
                IndicatorValue.objects.filter(indicator__node__in=nodes).values_list(
                    "indicator__node_id", flat=True
                ),
            ),
        ):
            for pk in ids:
                used.setdefault(pk, reason)
        for node in nodes:
            if node.pk in used:
                problems.append(
                    _refuse(layout.NODES_SHEET, node.code, used[node.pk], "「体系」シートのその番号")
                )
    indicator_keys = [
        change for change in changes if change.sheet == layout.INDICATORS_SHEET and change.action == REMOVED
    ]
    if indicator_keys:
        with_values = set(
            IndicatorValue.objects.filter(indicator__node__plan=plan).values_list(
                "indicator__node__code", "indicator__label"
            )
        )
        for change in indicator_keys:
            assert isinstance(change.item, tuple)
            code, label = change.item
            if (code, label) in with_values and code not in codes:
                problems.append(
                    _refuse(
                        layout.INDICATORS_SHEET,
                        change.key,
                        "実績値が入力されている",
                        "「指標」シートのその指標",
                    )
                )
    names = _removed(changes, layout.DEPARTMENTS_SHEET)
    if names:
        for department in Department.objects.filter(municipality=municipality, name__in=names):
            if Entry.objects.filter(department=department).exists():
                why = "評価が入力されている"
            elif ProjectOwner.objects.filter(department=department).exclude(project__plan=plan).exists():
                why = "ほかの計画の担当課になっている"
            elif department.members.exists():
                why = "この担当課に所属する利用者がいる"
            else:
                continue
            problems.append(
                _refuse(layout.DEPARTMENTS_SHEET, department.name, why, "「担当課」シートのその担当課")
            )
    removed_codes = _removed(changes, layout.CODES_SHEET)
    if removed_codes:
        for code in RatingCode.objects.filter(scale_id=plan.rating_scale_id, code__in=removed_codes):
            if (
                Entry.objects.filter(rating=code).exists()
                or NodeEvaluation.objects.filter(rating=code).exists()
            ):
                problems.append(
                    _refuse(
                        layout.CODES_SHEET, code.code, "この記号の評価がある", "「評価基準」シートのその記号"
                    )
                )
    return problems


def structure_problems(plan: Plan | None, document: PlanDocument) -> list[Problem]:
    """Changes of the tree that would strand evaluated data: a project with entries that would
    leave the last level or become a cross-listing, and a year with a round that would leave the
    plan's period."""
    if plan is None:
        return []
    problems: list[Problem] = []
    evaluated = set(Entry.objects.filter(round__plan=plan).values_list("project__code", flat=True))
    project_level = document.project_level
    label = document.settings.level_labels[project_level]
    for row in document.nodes:
        if row.code not in evaluated:
            continue
        if row.level != project_level or row.listing_of:
            header = "再掲元の番号" if row.listing_of else "階層"
            column = document.columns.get(layout.NODES_SHEET, {}).get(header)
            problems.append(
                Problem(
                    Place(layout.NODES_SHEET, row.line or None, column, header),
                    f"「{row.code}」には評価が入力されているため、最後の階層「{label}」の(再掲でない)"
                    "項目のままにしてください。",
                )
            )
    settings = document.settings
    period = range(settings.first_fiscal_year, settings.last_fiscal_year + 1)
    outside = sorted(
        year
        for year in Round.objects.filter(plan=plan).values_list("fiscal_year", flat=True)
        if year not in period
    )
    if outside:
        problems.append(
            Problem(
                settings.place(
                    layout.ITEM_FIRST_YEAR if outside[0] < period.start else layout.ITEM_LAST_YEAR
                ),
                f"{'、'.join(f'{year}年度' for year in outside)}の評価があるため、"
                "計画期間をその年度を含むようにしてください。",
            )
        )
    return problems


def shared_scale_problems(plan: Plan | None, changes: Sequence[Change]) -> list[Problem]:
    """A change of the 評価基準 sheet when the plan's scale is also another plan's: the import
    would change that plan's scale too, so it is refused."""
    if plan is None or not any(change.sheet == layout.CODES_SHEET for change in changes):
        return []
    others = list(
        Plan.objects.filter(rating_scale_id=plan.rating_scale_id)
        .exclude(pk=plan.pk)
        .values_list("title", flat=True)
    )
    if not others:
        return []
    return [
        Problem(
            Place(layout.CODES_SHEET),
            f"この計画の評価基準は、ほかの計画「{'」「'.join(others)}」と共有しているため、"
            "取込では変えられません。「評価基準」シートを元に戻してください。",
        )
    ]


def locked_year_problems(plan: Plan | None, changes: Sequence[Change]) -> list[Problem]:
    """Rows that would change a year whose round is published or still open: only a year without a
    round (it becomes a closed round) or a closed round may be written by an import."""
    if plan is None:
        return []
    states = dict(Round.objects.filter(plan=plan).values_list("fiscal_year", "state"))
    problems = []
    for change in changes:
        state = states.get(change.fiscal_year) if change.fiscal_year else None
        if state is None or state == Round.State.CLOSED:
            continue
        label = Round.State(state).label
        why = (
            "公表済の年度は取込で変えられません(訂正は画面から理由を添えて行います)"
            if state == Round.State.PUBLISHED
            else "まだ締め切られていない年度は、担当課が画面で入力します"
        )
        verb = "追加" if change.action == CREATED else "変更"
        problems.append(
            Problem(
                Place(change.sheet, change.line or None),
                f"{change.key}: {label}の年度の内容を{verb}しようとしています。"
                f"{why}。この行を元に戻してください。",
            )
        )
    return problems
