"""Reorganisations (組織改編) of a municipality's departments from a fiscal year: rename, merge
several into one, split one into several, retire one.

Each operation has a ``preview_…`` (what moves, for the editor's confirmation page; writes
nothing) and the service that applies it. Both compute the same :class:`Reorganisation`; the
service refuses to apply one that differs from the preview the person confirmed (``seen``, its
version). The years before the change keep what they had: a rename writes a
:class:`DepartmentNameChange` (``Department.name_in(year)`` gives the old name), a merged, split or
retired department keeps its past entries and is marked retired (``retired_from_year``), so that
opening a round of that year or later gives it no entries. See reorganisation_moves for what
moves and reorganisation_steps for the steps the operations share.

Permission: the 事務局 of the city, through the plan the editor reached the departments from;
because departments are shared by the city's plans, the actor must also be allowed to edit every
plan whose projects or entries the change moves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction

from shinchoku.accounts.models import User
from shinchoku.evaluations.models import Entry
from shinchoku.plans.editing.base import PlanEditError, audit, check_unchanged, editable_plan
from shinchoku.plans.editing.reorganisation_moves import (
    Moves,
    active_ownerships,
    check_active,
    check_not_published,
    check_year,
    open_entries,
    refuse_written,
    year_label,
)
from shinchoku.plans.editing.reorganisation_steps import (
    DROPPED,
    Reorganisation,
    apply_moves,
    check_plans,
    department_of,
    free_name,
    new_department,
    record_reorganisation,
    retire,
)
from shinchoku.plans.models import Department, DepartmentNameChange, Plan
from shinchoku.search.services import rebuild_search_index

# --- rename ------------------------------------------------------------------------------------


def _rename(plan: Plan, department_id: int, name: str, from_year: int) -> tuple[Department, Reorganisation]:
    department = department_of(plan, department_id)
    new_name = free_name(plan, name, "name", exclude=department.pk)
    if new_name == department.name:
        raise PlanEditError(
            f"いまの名称と同じです。「{department.name}」と異なる名称を入力してください。", "name"
        )
    check_year(from_year)
    check_active([department], from_year)
    latest = department.name_changes.order_by("-fiscal_year").first()
    if latest is not None and latest.fiscal_year > from_year:
        raise PlanEditError(
            f"「{department.name}」は{year_label(latest.fiscal_year)}に名称を変えています。"
            f"変更年度はそれ以降にしてください。",
            "from_year",
        )
    check_not_published([department], from_year)
    summary = (
        f"担当課「{department.name}」の名称を{year_label(from_year)}から「{new_name}」に変えます"
        f"({year_label(from_year - 1)}までは「{department.name}」のまま)"
    )
    return department, Reorganisation(summary, Moves(from_year), [department])


def preview_rename(
    actor: User, plan_id: int, department_id: int, *, name: str, from_year: int
) -> Reorganisation:
    """What :func:`rename_department` would do (nothing is written)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        return _rename(plan, department_id, name, from_year)[1]


def rename_department(
    actor: User, plan_id: int, department_id: int, *, name: str, from_year: int, seen: str | None = None
) -> Department:
    """Rename a department from ``from_year``: the years before it keep the old name
    (``Department.name_in``); a second rename in the same year keeps the name before that year.
    Refused for a name another department has, a year before an earlier rename, or a year whose
    published round shows the department (the change must come after it)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        department, done = _rename(plan, department_id, name, from_year)
        check_unchanged(seen, done.described(), "担当課")
        old_name = department.name
        DepartmentNameChange.objects.get_or_create(
            department=department, fiscal_year=from_year, defaults={"previous_name": old_name}
        )
        department.name = free_name(plan, name, "name", exclude=department.pk)
        department.save(update_fields=["name"])
        audit(
            actor,
            plan,
            "rename_department",
            department,
            done.summary.replace("変えます", "変えました"),
            {
                "name": {"before": old_name, "after": department.name},
                "from_year": {"before": None, "after": from_year},
            },
        )
        for each in Plan.objects.filter(municipality_id=plan.municipality_id):
            rebuild_search_index(each)
    return department


# --- merge -------------------------------------------------------------------------------------


def _merge(
    plan: Plan, source_ids: Sequence[int], target_id: int | None, new_name: str, from_year: int
) -> tuple[list[Department], Department | None, str, Reorganisation]:
    sources = [department_of(plan, pk) for pk in dict.fromkeys(source_ids) if pk != target_id]
    target = department_of(plan, target_id) if target_id else None
    if target is None and not new_name.strip():
        raise PlanEditError("統合先の担当課を選ぶか、新しい担当課の名称を入力してください。", "target")
    if target is not None and new_name.strip():
        raise PlanEditError("統合先は、既存の担当課か新しい名称のどちらか一方にしてください。", "new_name")
    minimum = 1 if target is not None else 2
    if len(sources) < minimum:
        raise PlanEditError(
            "統合する担当課を選んでください。"
            if target is not None
            else "新しい担当課に統合する担当課を二つ以上選んでください。",
            "sources",
        )
    target_name = target.name if target is not None else free_name(plan, new_name, "new_name")
    check_year(from_year)
    check_active([*sources, *([target] if target else [])], from_year)
    check_not_published(sources, from_year)
    moves = Moves(from_year)
    entries: list[Entry] = []
    for source in sources:
        moves.ownerships += [(owner, target_name) for owner in active_ownerships(source, from_year)]
        entries += open_entries(source, from_year)
        moves.members += [(user, source, target_name) for user in source.members.order_by("username")]
    refuse_written(entries, from_year)
    moves.entries = [(entry, target_name) for entry in entries]
    names = "・".join(f"「{source.name}」" for source in sources)
    kind = "" if target is not None else "(新設)"
    summary = f"{names}を{year_label(from_year)}から「{target_name}」{kind}に統合します"
    notes = [
        f"{names}は{year_label(from_year)}から廃止になり、それまでの年度の評価はその名称のまま残ります。"
    ]
    return (
        sources,
        target,
        target_name,
        Reorganisation(summary, moves, [*sources, *([target] if target else [])], notes),
    )


def preview_merge(
    actor: User,
    plan_id: int,
    *,
    source_ids: Sequence[int],
    target_id: int | None = None,
    new_name: str = "",
    from_year: int,
) -> Reorganisation:
    """What :func:`merge_departments` would do (nothing is written)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        done = _merge(plan, source_ids, target_id, new_name, from_year)[3]
        check_plans(actor, done.moves)
        return done


def merge_departments(
    actor: User,
    plan_id: int,
    *,
    source_ids: Sequence[int],
    target_id: int | None = None,
    new_name: str = "",
    from_year: int,
    seen: str | None = None,
) -> Department:
    """Merge the ``source_ids`` departments into ``target_id`` (or a new department ``new_name``)
    from ``from_year``: the projects they own then (lead place kept), their members and their empty
    drafts of unpublished rounds of that year or later go to the target; the sources are retired
    from that year and keep their past entries. Refused when such an entry already has content."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        sources, target, target_name, done = _merge(plan, source_ids, target_id, new_name, from_year)
        check_plans(actor, done.moves)
        check_unchanged(seen, done.described(), "統合の内容")
        if target is None:
            target = new_department(plan, target_name, sources[0].kind)
        apply_moves(done.moves, {target_name: target})
        retire(sources, from_year)
        done.summary = done.summary.replace("統合します", "統合しました")
        record_reorganisation(actor, plan, "merge_departments", target, done)
    return target


# --- split -------------------------------------------------------------------------------------


def _split(
    plan: Plan,
    department_id: int,
    new_names: Sequence[str],
    assignment: Mapping[int, str],
    members: Mapping[int, str],
    from_year: int,
) -> tuple[Department, list[str], Reorganisation]:
    source = department_of(plan, department_id)
    names: list[str] = []
    for index, typed in enumerate(new_names):
        if not typed.strip():
            continue
        name = free_name(plan, typed, f"name_{index}")
        if name in names:
            raise PlanEditError(
                f"「{name}」を二度入力しています。異なる名称にしてください。", f"name_{index}"
            )
        names.append(name)
    if len(names) < 2:
        raise PlanEditError("分割後の担当課の名称を二つ以上入力してください。", "name_0")
    check_year(from_year)
    check_active([source], from_year)
    check_not_published([source], from_year)
    moves = Moves(from_year)
    ownerships = active_ownerships(source, from_year)
    entries = open_entries(source, from_year)
    missing = []
    for owner in ownerships:
        chosen = assignment.get(owner.project_id, "")
        if chosen not in names:
            missing.append(f"{owner.project.plan.title} {owner.project.code} {owner.project.display_title}")
        moves.ownerships.append((owner, chosen))
    for entry in entries:
        chosen = assignment.get(entry.project_id, "")
        if chosen not in names:
            missing.append(f"{entry.round.plan.title} {entry.project.code} {entry.project.display_title}")
        moves.entries.append((entry, chosen))
    if missing:
        unique = list(dict.fromkeys(missing))
        raise PlanEditError(
            f"次の担当を、分割後のどの担当課に移すか選んでください: {'、'.join(unique)}。", "assignment"
        )
    refuse_written(entries, from_year)
    for user in source.members.order_by("username"):
        chosen = members.get(user.pk, "")
        if chosen not in names:
            raise PlanEditError(f"「{user}」の分割後の所属を選んでください。", "members")
        moves.members.append((user, source, chosen))
    summary = (
        f"「{source.name}」を{year_label(from_year)}から"
        f"{'・'.join(f'「{name}」' for name in names)}に分割します"
    )
    notes = [
        f"「{source.name}」は{year_label(from_year)}から廃止になり、それまでの年度の評価はその名称のまま残ります。"
    ]
    return source, names, Reorganisation(summary, moves, [source], notes)


def preview_split(
    actor: User,
    plan_id: int,
    department_id: int,
    *,
    new_names: Sequence[str],
    assignment: Mapping[int, str],
    members: Mapping[int, str],
    from_year: int,
) -> Reorganisation:
    """What :func:`split_department` would do (nothing is written)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        done = _split(plan, department_id, new_names, assignment, members, from_year)[2]
        check_plans(actor, done.moves)
        return done


def split_department(
    actor: User,
    plan_id: int,
    department_id: int,
    *,
    new_names: Sequence[str],
    assignment: Mapping[int, str],
    members: Mapping[int, str],
    from_year: int,
    seen: str | None = None,
) -> list[Department]:
    """Split a department into new ones from ``from_year``: ``assignment`` says which new department
    (by name) takes each project it owns then (project id → name; every one must be chosen),
    ``members`` where each member goes (user id → name). Empty drafts of unpublished rounds of
    that year or later follow their project; the source is retired and keeps its past entries."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        source, names, done = _split(plan, department_id, new_names, assignment, members, from_year)
        check_plans(actor, done.moves)
        check_unchanged(seen, done.described(), "分割の内容")
        created = {name: new_department(plan, name, source.kind) for name in names}
        apply_moves(done.moves, created)
        retire([source], from_year)
        done.summary = done.summary.replace("分割します", "分割しました")
        record_reorganisation(actor, plan, "split_department", source, done)
    return list(created.values())


# --- retire ------------------------------------------------------------------------------------


def _retirement(plan: Plan, department_id: int, from_year: int) -> tuple[Department, Reorganisation]:
    department = department_of(plan, department_id)
    check_year(from_year)
    check_active([department], from_year)
    check_not_published([department], from_year)
    owned = active_ownerships(department, from_year)
    if owned:
        named = "、".join(
            f"{owner.project.plan.title} {owner.project.code} {owner.project.display_title}"
            for owner in owned[:5]
        )
        more = f" ほか {len(owned) - 5} 件" if len(owned) > 5 else ""
        raise PlanEditError(
            f"「{department.name}」は{year_label(from_year)}以降も次の担当です: {named}{more}。"
            "担当課を変えるか、統合・分割を使ってください。",
            "from_year",
        )
    entries = open_entries(department, from_year)
    refuse_written(entries, from_year)
    moves = Moves(from_year, entries=[(entry, DROPPED) for entry in entries])
    summary = f"担当課「{department.name}」を{year_label(from_year)}から廃止します"
    notes = [f"{year_label(from_year - 1)}までの評価は「{department.name}」のまま残ります。"]
    if department.members.exists():
        people = "、".join(str(user) for user in department.members.order_by("username")[:5])
        notes.append(f"所属する利用者({people})の所属は変わりません。利用者の管理で所属を変えてください。")
    return department, Reorganisation(summary, moves, [department], notes)


def preview_retire(actor: User, plan_id: int, department_id: int, *, from_year: int) -> Reorganisation:
    """What :func:`retire_department` would do (nothing is written)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        done = _retirement(plan, department_id, from_year)[1]
        check_plans(actor, done.moves)
        return done


def retire_department(
    actor: User, plan_id: int, department_id: int, *, from_year: int, seen: str | None = None
) -> Department:
    """Retire a department from ``from_year``: refused while it owns projects evaluated that year or
    later (they are named); its empty drafts of unpublished rounds of those years are dropped."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        department, done = _retirement(plan, department_id, from_year)
        check_plans(actor, done.moves)
        check_unchanged(seen, done.described(), "廃止の内容")
        apply_moves(done.moves, {})
        retire([department], from_year)
        done.summary = done.summary.replace("廃止します", "廃止しました")
        record_reorganisation(actor, plan, "retire_department", department, done)
    return department
