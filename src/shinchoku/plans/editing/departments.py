"""The municipality's departments (課) and outside bodies (社協 …): add, rename, change the kind
and the contacts (mail address, 内線), move up or down, remove one that nothing uses.

Departments belong to the municipality, not to one plan: the editor reaches them through a plan
and records the change for the municipality. A rename rebuilds the search index of every plan
of the city (documents hold the department's name).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max

from shinchoku.accounts.models import User
from shinchoku.audit.services import diff
from shinchoku.evaluations.models import Entry
from shinchoku.plans.editing.base import (
    PlanEditError,
    audit,
    check_unchanged,
    editable_plan,
    fingerprint,
    line,
)
from shinchoku.plans.models import Department, Plan, ProjectOwner
from shinchoku.search.services import rebuild_search_index

UP, DOWN = "up", "down"


def _described(department: Department) -> dict[str, str]:
    return {
        "name": department.name,
        "kind": str(Department.Kind(department.kind).label),
        "email": department.email,
        "extension": department.extension,
    }


def _clean_email(typed: str) -> str:
    """The department's shared mail address (reminders go to it), or ''."""
    email = line(typed, "メールアドレス", "email", required=False, max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise PlanEditError(
                f"「{email}」はメールアドレスとして読めません。"
                "kyosei@city.example.lg.jp のように書いてください。",
                "email",
            ) from None
    return email


def _department_of(plan: Plan, department_id: int) -> Department:
    try:
        return Department.objects.select_for_update().get(
            pk=department_id, municipality_id=plan.municipality_id
        )
    except Department.DoesNotExist:
        raise PlanEditError("この自治体にない担当課です。一覧から選び直してください。") from None


def _clean_name(plan: Plan, typed: str, *, exclude: int | None = None) -> str:
    name = line(typed, "名称", "name", max_length=100)
    taken = Department.objects.filter(municipality_id=plan.municipality_id, name=name).exclude(
        pk=exclude or 0
    )
    if taken.exists():
        raise PlanEditError(f"「{name}」という担当課がすでにあります。別の名称にしてください。", "name")
    return name


def _clean_kind(kind: str) -> str:
    if kind not in Department.Kind.values:
        raise PlanEditError("種別は「市の組織」か「外部団体」から選んでください。", "kind")
    return kind


def add_department(
    actor: User,
    plan_id: int,
    *,
    name: str,
    kind: str = Department.Kind.DIVISION,
    email: str = "",
    extension: str = "",
) -> Department:
    """Add a department (or an outside body) at the end of the municipality's list, with its
    optional contacts (the mail address reminders go to, the 内線)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        last = Department.objects.filter(municipality_id=plan.municipality_id).aggregate(last=Max("position"))
        department = Department.objects.create(
            municipality_id=plan.municipality_id,
            name=_clean_name(plan, name),
            kind=_clean_kind(kind),
            position=0 if last["last"] is None else last["last"] + 1,
            email=_clean_email(email),
            extension=line(extension, "内線", "extension", required=False, max_length=20),
        )
        audit(
            actor,
            plan,
            "add_department",
            department,
            f"担当課「{department.name}」を追加しました",
            diff({}, _described(department)),
        )
    return department


def update_department(
    actor: User,
    plan_id: int,
    department_id: int,
    *,
    name: str,
    kind: str,
    seen: str | None = None,
    email: str | None = None,
    extension: str | None = None,
) -> Department:
    """Rename a department, change its kind or (unless None) its contacts; past years show the new
    name too."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        department = _department_of(plan, department_id)
        before = _described(department)
        check_unchanged(seen, before, "担当課")
        department.name = _clean_name(plan, name, exclude=department.pk)
        department.kind = _clean_kind(kind)
        if email is not None:
            department.email = _clean_email(email)
        if extension is not None:
            department.extension = line(extension, "内線", "extension", required=False, max_length=20)
        changes = diff(before, _described(department))
        if changes:
            department.save()
            if "name" in changes:
                for each in Plan.objects.filter(municipality_id=plan.municipality_id):
                    rebuild_search_index(each)
            audit(
                actor,
                plan,
                "update_department",
                department,
                f"担当課「{department.name}」を変更しました",
                changes,
            )
    return department


def move_department(actor: User, plan_id: int, department_id: int, direction: str) -> Department:
    """Swap a department with its neighbour above (``"up"``) or below (``"down"``) in the list."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        department = _department_of(plan, department_id)
        departments = list(
            Department.objects.select_for_update().filter(municipality_id=plan.municipality_id)
        )
        before = [each.name for each in departments]
        index = departments.index(department)
        other = index - 1 if direction == UP else index + 1
        if direction not in (UP, DOWN) or not 0 <= other < len(departments):
            raise PlanEditError(
                f"「{department.name}」はこれ以上{'上' if direction == UP else '下'}に動かせません。"
            )
        departments[index], departments[other] = departments[other], departments[index]
        for position, each in enumerate(departments):
            each.position = position
        Department.objects.bulk_update(departments, ["position"])
        audit(
            actor,
            plan,
            "move_department",
            department,
            f"担当課の順を変更しました(「{department.name}」を{'上' if direction == UP else '下'}へ)",
            {"order": {"before": before, "after": [each.name for each in departments]}},
        )
    return department


def remove_department(actor: User, plan_id: int, department_id: int) -> None:
    """Remove a department that owns no project, has no entry of any year and no member."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        department = _department_of(plan, department_id)
        uses = [
            word
            for word, used in (
                (
                    f"担当する{plan.project_label}",
                    ProjectOwner.objects.filter(department=department).exists(),
                ),
                ("評価", Entry.objects.filter(department=department).exists()),
                ("所属する利用者", department.members.exists()),
            )
            if used
        ]
        if uses:
            raise PlanEditError(
                f"「{department.name}」には{'・'.join(uses)}があるため、削除できません。"
                f"{plan.project_label}の担当課や利用者の所属を先に変えてください。"
            )
        audit(
            actor,
            plan,
            "remove_department",
            department,
            f"担当課「{department.name}」を削除しました",
            diff(_described(department), {}),
        )
        department.delete()


def department_version(department: Department) -> str:
    """What an edit form of ``department`` sends back as ``seen`` (see base.fingerprint)."""
    return fingerprint(_described(department))
