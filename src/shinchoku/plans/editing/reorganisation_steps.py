"""The steps every reorganisation (組織改編) shares: the :class:`Reorganisation` a preview shows and a
service applies, finding a department of the city, checking a new name, the permission over every
plan the change touches, applying the moves, retiring departments and the audit record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Max

from shinchoku.accounts import permissions
from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.plans.editing.base import PlanEditError, audit, fingerprint, line
from shinchoku.plans.editing.reorganisation_moves import Moves, plans_touched
from shinchoku.plans.models import Department, Plan, ProjectOwner
from shinchoku.search.services import rebuild_search_index

# The target name of an entry that is dropped rather than moved (a retired department's empty draft).
DROPPED = ""


@dataclass
class Reorganisation:
    """One reorganisation as the preview shows it and the service applies it."""

    summary: str
    moves: Moves
    # The departments it changes, as (id, name, retired from) when previewed.
    departments: list[Department] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def described(self) -> dict[str, Any]:
        return self.moves.described() | {
            "summary": self.summary,
            "departments": [(each.pk, each.name, each.retired_from_year) for each in self.departments],
        }

    @property
    def version(self) -> str:
        return fingerprint(self.described())


def department_of(plan: Plan, department_id: int) -> Department:
    try:
        return Department.objects.select_for_update().get(
            pk=department_id, municipality_id=plan.municipality_id
        )
    except Department.DoesNotExist:
        raise PlanEditError("この自治体にない担当課です。一覧から選び直してください。") from None


def free_name(plan: Plan, typed: str, field_name: str, *, exclude: int | None = None) -> str:
    """A department name typed for a rename or a new department: cleaned and not already used."""
    name = line(typed, "新しい名称", field_name, max_length=100)
    taken = Department.objects.filter(municipality_id=plan.municipality_id, name=name).exclude(
        pk=exclude or 0
    )
    if taken.exists():
        raise PlanEditError(
            f"「{name}」という担当課がすでにあります。別の名称にするか、統合を使ってください。", field_name
        )
    return name


def check_plans(actor: User, moves: Moves) -> None:
    for touched in plans_touched(moves):
        if not permissions.can_edit_plan(actor, touched):
            raise PermissionDenied(
                f"この組織改編は「{touched.title}」の担当も変えますが、その計画を編集する権限がありません。"
            )


def apply_moves(moves: Moves, targets: Mapping[str, Department]) -> None:
    """Move the ownerships, entries and memberships of ``moves`` to the departments named."""
    projects: set[int] = set()
    for owner, name in moves.ownerships:
        target = targets[name]
        kept = ProjectOwner.objects.filter(project_id=owner.project_id, department=target).first()
        if kept is None:
            owner.department = target
            owner.save(update_fields=["department"])
        else:
            # The target already shares the project: it takes the better of the two places.
            kept.position = min(kept.position, owner.position)
            kept.save(update_fields=["position"])
            owner.delete()
        projects.add(owner.project_id)
    for project in projects:
        owners = list(ProjectOwner.objects.filter(project_id=project).order_by("position", "pk"))
        for position, each in enumerate(owners):
            each.position = position
        ProjectOwner.objects.bulk_update(owners, ["position"])
    for entry, name in moves.entries:
        duplicate = (
            name != DROPPED
            and Entry.objects.filter(
                round_id=entry.round_id, project_id=entry.project_id, department=targets[name]
            )
            .exclude(pk=entry.pk)
            .exists()
        )
        if name == DROPPED or duplicate:
            entry.delete()
        else:
            entry.department = targets[name]
            entry.version += 1
            entry.save(update_fields=["department", "version", "updated_at"])
    for user, source, name in moves.members:
        user.departments.remove(source)
        user.departments.add(targets[name])


def record_reorganisation(
    actor: User, plan: Plan, action: str, target: Department, done: Reorganisation
) -> None:
    """Audit the change and rebuild the search of the city's plans (documents hold department names)."""
    audit(
        actor,
        plan,
        action,
        target,
        done.summary,
        {
            "from_year": {"before": None, "after": done.moves.from_year},
            "projects": {
                "before": [f"{row['code']} {row['source']}" for row in done.moves.project_rows()],
                "after": [f"{row['code']} {row['target']}" for row in done.moves.project_rows()],
            },
            "members": {
                "before": [f"{row['username']} {row['source']}" for row in done.moves.member_rows()],
                "after": [f"{row['username']} {row['target']}" for row in done.moves.member_rows()],
            },
            "entries": {
                "before": [f"{row['year']} {row['code']} {row['source']}" for row in done.moves.entry_rows()],
                "after": [
                    f"{row['year']} {row['code']} {row['target'] or '削除'}"
                    for row in done.moves.entry_rows()
                ],
            },
        },
    )
    for each in Plan.objects.filter(municipality_id=plan.municipality_id):
        rebuild_search_index(each)


def new_department(plan: Plan, name: str, kind: str) -> Department:
    last = Department.objects.filter(municipality_id=plan.municipality_id).aggregate(last=Max("position"))
    position = 0 if last["last"] is None else last["last"] + 1
    return Department.objects.create(
        municipality_id=plan.municipality_id, name=name, kind=kind, position=position
    )


def retire(departments: Sequence[Department], from_year: int) -> None:
    for department in departments:
        department.retired_from_year = from_year
        department.save(update_fields=["retired_from_year"])
