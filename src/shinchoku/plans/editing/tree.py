"""The plan tree: add a node at any level, edit it, move it among its siblings or under another
parent of the level above, cross-list (再掲) a project under another parent, set a project's
owners in order (the first is the lead department, 主担当) and remove a node nothing refers to.

Levels come from the plan: a node's level is its parent's plus one, the last level holds the
projects. A node with evaluations (entries, consolidated ratings, committee opinions), recorded
indicator values or cross-listings, or with such a node below it, cannot be removed. Changes that
alter what the search finds (a project's title or description, a node's place in the tree) rebuild
the plan's search index.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max

from shinchoku.accounts.models import User
from shinchoku.audit.services import diff
from shinchoku.evaluations.models import CommitteeOpinion, Entry, IndicatorValue, NodeEvaluation
from shinchoku.plans.editing.base import (
    PlanEditError,
    audit,
    check_unchanged,
    editable_plan,
    fingerprint,
    line,
    text,
)
from shinchoku.plans.editing.project_years import (
    OPEN_ROUND_STATES,
    ask_in_open_years,
    clean_span,
    describe_span,
    settle_years_outside,
)
from shinchoku.plans.models import Department, Plan, PlanNode, ProjectOwner
from shinchoku.search.services import rebuild_search_index

UP, DOWN = "up", "down"


def _described(node: PlanNode) -> dict[str, Any]:
    return {
        "code": node.code,
        "title": node.title,
        "description": node.description,
        "final_target": node.final_target,
        **describe_span(node),
    }


def _node_of(plan: Plan, node_id: int, field: str = "") -> PlanNode:
    try:
        return PlanNode.objects.select_for_update().get(pk=node_id, plan=plan)
    except PlanNode.DoesNotExist:
        raise PlanEditError("この計画にない項目です。一覧から選び直してください。", field) from None


def _name(node: PlanNode) -> str:
    return f"{node.level_label}「{node.code} {node.display_title}」"


def _clean_code(plan: Plan, typed: str, *, exclude: int | None = None) -> str:
    code = line(typed, "番号", "code", max_length=32)
    if PlanNode.objects.filter(plan=plan, code=code).exclude(pk=exclude or 0).exists():
        raise PlanEditError(
            f"番号「{code}」はこの計画ですでに使われています。別の番号にしてください。", "code"
        )
    return code


def _clean_final_target(plan: Plan, level: int, typed: str) -> str:
    value = text(typed)
    if value and level != plan.project_level:
        raise PlanEditError(f"計画最終年度までの目標は{plan.project_label}にだけ書けます。", "final_target")
    return value


def _next_position(plan: Plan, parent_id: int | None) -> int:
    last = PlanNode.objects.filter(plan=plan, parent_id=parent_id).aggregate(last=Max("position"))["last"]
    return 1 if last is None else last + 1


def add_node(
    actor: User,
    plan_id: int,
    *,
    parent_id: int | None,
    code: str,
    title: str,
    description: str = "",
    final_target: str = "",
    first_year: int | None = None,
    last_year: int | None = None,
) -> PlanNode:
    """Add a node as the last child of ``parent_id`` (None: a node of the top level); a project
    may be added from a year (``first_year``, 中間見直し) or until one (``last_year``)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        parent = None if parent_id is None else _node_of(plan, parent_id, "parent")
        level = 0 if parent is None else parent.level + 1
        if level > plan.project_level:
            raise PlanEditError(
                f"{plan.project_label}の下には項目を追加できません。{plan.project_label}が最後の階層です。",
                "parent",
            )
        node = PlanNode(
            plan=plan,
            parent=parent,
            level=level,
            position=_next_position(plan, parent_id),
            code=_clean_code(plan, code),
            title=line(title, "名称", "title", max_length=300),
            description=text(description),
            final_target=_clean_final_target(plan, level, final_target),
            first_year=first_year,
            last_year=last_year,
        )
        clean_span(plan, node, first_year, last_year)
        node.save()
        audit(actor, plan, "add_node", node, f"{_name(node)}を追加しました", diff({}, _described(node)))
    return node


def update_node(
    actor: User,
    plan_id: int,
    node_id: int,
    *,
    code: str,
    title: str,
    description: str,
    final_target: str,
    first_year: int | None = None,
    last_year: int | None = None,
    seen: str | None = None,
) -> PlanNode:
    """Change a node's number, title, description and (projects only) its final target and the
    years it is evaluated (None: from the plan's first year, until its last).

    Renaming keeps the node's id, so its entries and history stay with it. Narrowing the years
    removes the project's blank drafts of open years outside them and is refused when something
    is written there or a closed or published year falls outside (see ``project_years``)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        node = _node_of(plan, node_id)
        before = _described(node)
        check_unchanged(seen, before, "項目")
        node.code = _clean_code(plan, code, exclude=node.pk)
        node.title = line(title, "名称", "title", max_length=300)
        node.description = text(description)
        node.final_target = _clean_final_target(plan, node.level, final_target)
        removed = asked = 0
        if (first_year, last_year) != (node.first_year, node.last_year):
            clean_span(plan, node, first_year, last_year)
            removed = settle_years_outside(node, first_year, last_year)
            node.first_year, node.last_year = first_year, last_year
            asked = ask_in_open_years(node)
        changes = diff(before, _described(node))
        if changes:
            node.save()
            if {"title", "description"} & set(changes) and node.is_project:
                rebuild_search_index(plan)
            dropped = f"(対象外になった年度の空の評価 {removed} 件を削除)" if removed else ""
            added = f"(受付中の年度に空の評価 {asked} 件を追加)" if asked else ""
            audit(actor, plan, "update_node", node, f"{_name(node)}を変更しました{dropped}{added}", changes)
    return node


def move_node(actor: User, plan_id: int, node_id: int, direction: str) -> PlanNode:
    """Swap a node with its sibling above (``"up"``) or below (``"down"``)."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        node = _node_of(plan, node_id)
        siblings = list(
            PlanNode.objects.select_for_update()
            .filter(plan=plan, parent_id=node.parent_id)
            .order_by("position", "pk")
        )
        before = [sibling.code for sibling in siblings]
        index = siblings.index(node)
        other = index - 1 if direction == UP else index + 1
        if direction not in (UP, DOWN) or not 0 <= other < len(siblings):
            raise PlanEditError(f"{_name(node)}はこれ以上{'上' if direction == UP else '下'}に動かせません。")
        siblings[index], siblings[other] = siblings[other], siblings[index]
        _renumber(siblings)
        audit(
            actor,
            plan,
            "move_node",
            node,
            f"{_name(node)}を{'上' if direction == UP else '下'}へ移しました",
            {"order": {"before": before, "after": [sibling.code for sibling in siblings]}},
        )
    return node


def _renumber(siblings: list[PlanNode]) -> None:
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    PlanNode.objects.bulk_update(siblings, ["position"])


def move_node_under(actor: User, plan_id: int, node_id: int, parent_id: int) -> PlanNode:
    """Move a node (with everything below it) to the end of another parent of the level above."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        node = _node_of(plan, node_id)
        parent = _node_of(plan, parent_id, "parent")
        if node.level == 0:
            raise PlanEditError(f"{plan.level_label(0)}は最上位の階層のため、移す先がありません。", "parent")
        if parent.level != node.level - 1:
            raise PlanEditError(f"移す先は{plan.level_label(node.level - 1)}から選んでください。", "parent")
        if parent.pk == node.parent_id:
            raise PlanEditError(f"{_name(node)}はすでにこの{parent.level_label}の下にあります。", "parent")
        old_parent = node.parent
        assert old_parent is not None  # only the top level has no parent
        node.parent = parent
        node.position = _next_position(plan, parent.pk)
        node.save(update_fields=["parent", "position"])
        _renumber(list(PlanNode.objects.filter(plan=plan, parent=old_parent).order_by("position", "pk")))
        rebuild_search_index(plan)
        audit(
            actor,
            plan,
            "move_node_under",
            node,
            f"{_name(node)}を{_name(parent)}の下へ移しました",
            {"parent": {"before": old_parent.code, "after": parent.code}},
        )
    return node


def cross_list_project(actor: User, plan_id: int, project_id: int, *, parent_id: int, code: str) -> PlanNode:
    """Show project ``project_id`` again (再掲) under ``parent_id``, as a new node numbered ``code``.

    The cross-listing has no entries and no owners: the original is evaluated once."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        project = _node_of(plan, project_id)
        parent = _node_of(plan, parent_id, "parent")
        if not project.is_project or project.is_cross_listing:
            raise PlanEditError(f"再掲できるのは{plan.project_label}(再掲でないもの)だけです。")
        if parent.level != plan.project_level - 1:
            raise PlanEditError(
                f"再掲する先は{plan.level_label(plan.project_level - 1)}から選んでください。", "parent"
            )
        if (
            parent.pk == project.parent_id
            or PlanNode.objects.filter(parent=parent, listing_of=project).exists()
        ):
            raise PlanEditError(f"{_name(project)}はすでにこの{parent.level_label}の下にあります。", "parent")
        listing = PlanNode.objects.create(
            plan=plan,
            parent=parent,
            level=project.level,
            position=_next_position(plan, parent.pk),
            code=_clean_code(plan, code),
            title=project.title,
            listing_of=project,
        )
        audit(
            actor,
            plan,
            "cross_list_project",
            listing,
            f"{_name(project)}を{_name(parent)}の下に再掲しました",
            diff({}, {"code": listing.code, "listing_of": project.code, "parent": parent.code}),
        )
    return listing


def set_project_owners(actor: User, plan_id: int, project_id: int, department_ids: Sequence[int]) -> PlanNode:
    """Make ``department_ids`` (in order, the first the lead department) the project's owners.

    A department that is writing this project's entry in a year still open (準備中・照会中・確認中)
    stays an owner until that year is closed."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        project = _node_of(plan, project_id)
        if not project.is_project or project.is_cross_listing:
            raise PlanEditError(
                f"担当課を決められるのは{plan.project_label}(再掲でないもの)だけです。", "owners"
            )
        if project.shared_from_id is not None:  # its departments are those of the other plan's project
            raise PlanEditError("共通事業の担当課は、元の計画の項目で決めてください。", "owners")
        if len(set(department_ids)) != len(department_ids):
            raise PlanEditError("同じ担当課が二度選ばれています。", "owners")
        departments = Department.objects.in_bulk(list(department_ids))
        if any(
            pk not in departments or departments[pk].municipality_id != plan.municipality_id
            for pk in department_ids
        ):
            raise PlanEditError("この自治体の担当課から選んでください。", "owners")
        current = list(project.ownerships.select_related("department").order_by("position"))
        kept = {ownership.department_id for ownership in current}
        retired = [d.name for d in departments.values() if d.retired_from_year and d.pk not in kept]
        if retired:
            raise PlanEditError(
                f"「{'」「'.join(retired)}」は組織改編で廃止された担当課です。ほかの担当課を選んでください。",
                "owners",
            )
        before = [ownership.department.name for ownership in current]
        dropped = [o.department for o in current if o.department_id not in departments]
        busy = Entry.objects.filter(
            project=project, department__in=dropped, round__state__in=OPEN_ROUND_STATES
        )
        blocking = busy.select_related("department", "round").first()
        if blocking is not None:
            raise PlanEditError(
                f"{blocking.department.name}は{blocking.round.fiscal_year_label}の評価を書いているため、"
                "担当課から外せません。その年度を締め切ってから外してください。",
                "owners",
            )
        after = [departments[pk].name for pk in department_ids]
        if before != after:
            project.ownerships.all().delete()
            ProjectOwner.objects.bulk_create(
                ProjectOwner(project=project, department_id=pk, position=position)
                for position, pk in enumerate(department_ids)
            )
            audit(
                actor,
                plan,
                "set_project_owners",
                project,
                f"{_name(project)}の担当課を変更しました",
                {"owners": {"before": before, "after": after}},
            )
    return project


def _subtree(plan: Plan, node: PlanNode) -> list[int]:
    """The ids of ``node`` and every node below it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in PlanNode.objects.filter(plan=plan).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [node.pk]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def remove_node(actor: User, plan_id: int, node_id: int) -> None:
    """Remove a node and the nodes below it, when none of them is referred to by stored data."""
    with transaction.atomic():
        plan = editable_plan(actor, plan_id)
        node = _node_of(plan, node_id)
        ids = _subtree(plan, node)
        uses = [
            word
            for word, used in (
                ("評価", Entry.objects.filter(project_id__in=ids).exists()),
                ("まとめた評価", NodeEvaluation.objects.filter(node_id__in=ids).exists()),
                ("委員意見", CommitteeOpinion.objects.filter(node_id__in=ids).exists()),
                ("指標の実績値", IndicatorValue.objects.filter(indicator__node_id__in=ids).exists()),
                (
                    "ほかの場所の再掲",
                    PlanNode.objects.filter(listing_of_id__in=ids).exclude(pk__in=ids).exists(),
                ),
                ("ほかの計画の共通事業", PlanNode.objects.filter(shared_from_id__in=ids).exists()),
            )
            if used
        ]
        if uses:
            below = "(またはその下の項目)" if len(ids) > 1 else ""
            raise PlanEditError(f"{_name(node)}{below}には{'・'.join(uses)}があるため、削除できません。")
        audit(
            actor,
            plan,
            "remove_node",
            node,
            f"{_name(node)}を削除しました" + (f"(下の項目 {len(ids) - 1} 件も)" if len(ids) > 1 else ""),
            diff(_described(node), {}),
        )
        siblings_of = node.parent_id
        # Cross-listings inside the subtree protect their originals inside it: delete them first.
        PlanNode.objects.filter(pk__in=ids, listing_of__isnull=False).delete()
        PlanNode.objects.filter(pk__in=ids).delete()
        _renumber(list(PlanNode.objects.filter(plan=plan, parent_id=siblings_of).order_by("position", "pk")))


def node_version(node: PlanNode) -> str:
    """What an edit form of ``node`` sends back as ``seen`` (see base.fingerprint)."""
    return fingerprint(_described(node))
