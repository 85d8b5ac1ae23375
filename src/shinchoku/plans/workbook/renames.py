"""Department renames from a fiscal year (組織改編) in the plan workbook's 担当課 sheet.

A row with 旧名称 and 変更年度 says "from 変更年度 the department is called 名称; before, 旧名称".
The row is matched to a stored department by its 名称 (a file written after the rename, as the
export writes it: then the change is recorded if it is not yet) or, failing that, by its 旧名称
(the department is renamed). The years before keep the old name (``Department.name_in``); a year
already published that shows the department cannot be renamed, and a recorded rename is never
removed by a file: its history stays.
"""

from __future__ import annotations

from shinchoku.core import fiscal_year as fy
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Department, DepartmentNameChange, Municipality
from shinchoku.plans.workbook import layout
from shinchoku.plans.workbook.document import DepartmentRow, PlanDocument, Problem
from shinchoku.plans.workbook.layout import Place


def _place(document: PlanDocument, row: DepartmentRow, header: str) -> Place:
    column = document.columns.get(layout.DEPARTMENTS_SHEET, {}).get(header)
    return Place(layout.DEPARTMENTS_SHEET, row.line or None, column, header)


def stored_department(row: DepartmentRow, stored: dict[str, Department]) -> Department | None:
    """The stored department ``row`` is about: by its name, else by its 旧名称 (a rename)."""
    if row.name in stored:
        return stored[row.name]
    return stored.get(row.previous_name) if row.previous_name else None


def rename_problems(municipality: Municipality | None, document: PlanDocument) -> list[Problem]:
    """A problem for each rename the file cannot make (each naming its row and column)."""
    names = {row.name for row in document.departments}
    problems = [
        Problem(
            _place(document, row, layout.PREVIOUS_NAME),
            f"旧名称「{row.previous_name}」は別の行の名称です。旧名称には変更前の名称を入力してください。",
        )
        for row in document.departments
        if row.previous_name and row.previous_name in names
    ]
    if municipality is None:
        return problems
    stored = {
        department.name: department
        for department in Department.objects.filter(municipality=municipality).prefetch_related(
            "name_changes"
        )
    }
    for row in document.departments:
        department = stored_department(row, stored)
        if department is None or row.previous_name is None:
            continue
        changes = sorted(department.name_changes.all(), key=lambda change: change.fiscal_year)
        latest = changes[-1] if changes else None
        if not row.previous_name or row.renamed_from is None:
            if latest is not None:
                problems.append(
                    Problem(
                        _place(document, row, layout.PREVIOUS_NAME),
                        f"「{department.name}」の名称変更({fy.format_wareki(latest.fiscal_year)}、"
                        f"旧名称「{latest.previous_name}」)は消せません。旧名称と変更年度を元に戻してください。",
                    )
                )
            continue
        if latest is not None and (latest.fiscal_year, latest.previous_name) == (
            row.renamed_from,
            row.previous_name,
        ):
            continue  # the file repeats the rename already recorded
        if latest is not None and row.renamed_from < latest.fiscal_year:
            problems.append(
                Problem(
                    _place(document, row, layout.RENAMED_FROM),
                    f"「{department.name}」は{fy.format_wareki(latest.fiscal_year)}に名称を変えています。"
                    "変更年度はそれ以降にしてください。",
                )
            )
            continue
        published = (
            Round.objects.filter(
                state=Round.State.PUBLISHED, fiscal_year__gte=row.renamed_from, entries__department=department
            )
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .first()
        )
        if published is not None:
            problems.append(
                Problem(
                    _place(document, row, layout.RENAMED_FROM),
                    f"{fy.format_wareki(published)}の評価は「{department.name}」の名称で公表済みです。"
                    f"変更年度は{fy.format_wareki(published + 1)}以降にしてください。",
                )
            )
    return problems


def apply_rename(department: Department, row: DepartmentRow) -> bool:
    """Record ``row``'s rename on ``department`` (checked by :func:`rename_problems`) and give it
    the row's name; whether anything changed."""
    if not row.previous_name or row.renamed_from is None:
        return False
    change, created = DepartmentNameChange.objects.get_or_create(
        department=department, fiscal_year=row.renamed_from, defaults={"previous_name": row.previous_name}
    )
    changed = created
    if change.previous_name != row.previous_name:
        change.previous_name = row.previous_name
        change.save(update_fields=["previous_name"])
        changed = True
    if department.name != row.name:
        department.name = row.name
        changed = True
    return changed
