"""The editor's tree page (every node in reading order, reordering, adding a top-level node) and
a node's page (its fields, a child, its parent, a cross-listing, its owners, its indicators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from shinchoku.plans.editing.base import PlanEditError
from shinchoku.plans.editing.continuation import choice_label, previous_projects, set_continuation
from shinchoku.plans.editing.shared import share_project
from shinchoku.plans.editing.tree import (
    add_node,
    cross_list_project,
    move_node,
    move_node_under,
    node_version,
    remove_node,
    set_project_owners,
    update_node,
)
from shinchoku.plans.models import Department, Plan, PlanNode
from shinchoku.web.plan_editor import selectors
from shinchoku.web.plan_editor.access import back_to, edited_plan, refuse_into, render_editor, signed_in
from shinchoku.web.plan_editor.forms import (
    ContinuationForm,
    CrossListForm,
    IndicatorForm,
    NodeEditForm,
    NodeForm,
    OwnersForm,
    ParentForm,
    SharedFromForm,
)


def _tree_page(
    request: HttpRequest, plan: Plan, form: NodeForm | None = None, error: str = ""
) -> HttpResponse:
    form = form or NodeForm(prefix="child", is_project=plan.project_level == 0)
    context = {"rows": selectors.tree_rows(plan), "form": form, "error": error}
    return render_editor(request, "tree.html", plan, context, 400 if form.errors or error else 200)


def tree(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The whole tree; POST adds a node of the top level."""
    plan = edited_plan(request, plan_id)
    form = NodeForm(request.POST or None, prefix="child", is_project=plan.project_level == 0)
    if request.method == "POST" and form.is_valid():
        try:
            node = add_node(signed_in(request), plan.pk, parent_id=None, **form.values())
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"{plan.level_label(0)}「{node.code}」を追加しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=node.pk)
    return _tree_page(request, plan, form)


def _node(plan: Plan, node_id: int) -> PlanNode:
    related = PlanNode.objects.select_related("parent", "listing_of", "shared_from__plan")
    node = get_object_or_404(related, pk=node_id, plan=plan)
    node.plan = plan
    return node


def _other_parents(plan: Plan, node: PlanNode) -> list[tuple[int, str]]:
    """The nodes of the level above ``node`` other than its parent (where it may move or be
    cross-listed)."""
    return [
        choice for choice in selectors.parent_choices(plan, node.level - 1) if choice[0] != node.parent_id
    ]


def _parent_form(plan: Plan, node: PlanNode, data: Any = None) -> ParentForm:
    label = f"移す先の{plan.level_label(node.level - 1)}"
    return ParentForm(data, prefix="parent", parents=_other_parents(plan, node), parent_label=label)


def _cross_form(plan: Plan, node: PlanNode, data: Any = None) -> CrossListForm:
    label = f"再掲する先の{plan.level_label(node.level - 1)}"
    return CrossListForm(data, prefix="cross", parents=_other_parents(plan, node), parent_label=label)


def _owners_form(plan: Plan, node: PlanNode, data: Any = None) -> OwnersForm:
    current = [ownership.department_id for ownership in node.ownerships.order_by("position")]
    # A department retired by a reorganisation is offered only where it still is an owner.
    departments = list(
        Department.objects.filter(municipality_id=plan.municipality_id).filter(
            Q(retired_from_year__isnull=True) | Q(pk__in=current)
        )
    )
    return OwnersForm(data, prefix="owners", departments=departments, current=current)


def _continuation_form(plan: Plan, node: PlanNode, data: Any = None) -> ContinuationForm | None:
    """The choice of the project continued, on a project of a plan that has earlier plans."""
    choices = [(project.pk, choice_label(project)) for project in previous_projects(plan)]
    if not choices and node.continues_id is None:
        return None
    return ContinuationForm(
        data, prefix="continues", choices=choices, current=node.continues_id, project_label=plan.project_label
    )


def _shared_form(plan: Plan, node: PlanNode, data: Any = None) -> SharedFromForm:
    choices = selectors.shared_source_choices(plan)
    return SharedFromForm(data, prefix="shared", choices=choices, current=node.shared_from_id)


def _owned(node: PlanNode) -> bool:
    """A project that is not a cross-listing: it has owners and may be cross-listed."""
    return node.is_project and not node.is_cross_listing


def _forms(plan: Plan, node: PlanNode) -> dict[str, Form | None]:
    """The node page's blank forms; None where the node takes no such change."""
    initial = {
        "code": node.code,
        "title": node.title,
        "description": node.description,
        "first_year": node.first_year,
        "last_year": node.last_year,
    }
    child_is_project = node.level + 1 == plan.project_level
    return {
        "node_form": NodeEditForm(
            prefix="node",
            is_project=_owned(node),
            initial=initial | {"final_target": node.final_target, "seen": node_version(node)},
        ),
        "child_form": None if node.is_project else NodeForm(prefix="child", is_project=child_is_project),
        "parent_form": None if node.level == 0 else _parent_form(plan, node),
        "cross_form": _cross_form(plan, node) if _owned(node) else None,
        "owners_form": _owners_form(plan, node) if _owned(node) and not node.shared_from_id else None,
        "continuation_form": _continuation_form(plan, node) if _owned(node) else None,
        "shared_form": _shared_form(plan, node) if _owned(node) else None,
        "indicator_form": IndicatorForm(prefix="indicator"),
    }


def _node_page(
    request: HttpRequest, plan: Plan, node: PlanNode, bound: dict[str, Form] | None = None, error: str = ""
) -> HttpResponse:
    context: dict[str, Any] = {
        "node": node,
        "ancestors": selectors.ancestors(node),
        "indicators": selectors.node_indicators(node),
        "error": error,
    }
    context |= _forms(plan, node) | (bound or {})
    invalid = error or any(form.errors for form in (bound or {}).values())
    return render_editor(request, "node.html", plan, context, 400 if invalid else 200)


def node_page_with(request: HttpRequest, plan: Plan, node_id: int, bound: dict[str, Form]) -> HttpResponse:
    """The node's page with ``bound`` forms in place of blank ones (a refused form of another module)."""
    return _node_page(request, plan, _node(plan, node_id), bound)


def node_detail(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    """The node's page; POST saves its own fields."""
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    if request.method != "POST":
        return _node_page(request, plan, node)
    form = NodeEditForm(request.POST, prefix="node", is_project=_owned(node))
    if form.is_valid():
        try:
            update_node(signed_in(request), plan.pk, node.pk, **form.values(), seen=form.cleaned_data["seen"])
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"{node.level_label}「{form.cleaned_data['code']}」を保存しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=node.pk)
    return _node_page(request, plan, node, {"node_form": form})


@require_POST
def node_add(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    """Add a child at the end of the node's children."""
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    form = NodeForm(request.POST, prefix="child", is_project=node.level + 1 == plan.project_level)
    if form.is_valid():
        try:
            child = add_node(signed_in(request), plan.pk, parent_id=node.pk, **form.values())
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"{child.level_label}「{child.code}」を追加しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=child.pk)
    return _node_page(request, plan, node, {"child_form": form})


@require_POST
def node_move(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    """上へ・下へ on the tree page."""
    plan = edited_plan(request, plan_id)
    try:
        move_node(signed_in(request), plan.pk, _node(plan, node_id).pk, request.POST.get("direction", ""))
    except PlanEditError as error:
        return _tree_page(request, plan, error=str(error))
    return back_to("plan_edit_tree", plan_id=plan.pk)


@require_POST
def node_parent(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    if node.level == 0:
        return _node_page(
            request, plan, node, error=f"{plan.level_label(0)}は最上位の階層のため、移す先がありません。"
        )
    form = _parent_form(plan, node, request.POST)
    if form.is_valid():
        try:
            move_node_under(signed_in(request), plan.pk, node.pk, form.cleaned_data["parent"])
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"{node.level_label}「{node.code}」を移しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=node.pk)
    return _node_page(request, plan, node, {"parent_form": form})


@require_POST
def node_cross_list(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    if not _owned(node):
        return _node_page(
            request, plan, node, error=f"再掲できるのは{plan.project_label}(再掲でないもの)だけです。"
        )
    form = _cross_form(plan, node, request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            listing = cross_list_project(
                signed_in(request), plan.pk, node.pk, parent_id=data["parent"], code=data["code"]
            )
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, f"「{listing.code}」として再掲しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=node.pk)
    return _node_page(request, plan, node, {"cross_form": form})


@require_POST
def node_owners(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    form = _owners_form(plan, node, request.POST)
    if form.is_valid():
        try:
            set_project_owners(signed_in(request), plan.pk, node.pk, form.department_ids())
        except PlanEditError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "担当課を保存しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=node.pk)
    return _node_page(request, plan, node, {"owners_form": form})


@require_POST
def node_continuation(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    """Choose the project of an earlier plan this project continues (次期計画への引き継ぎ)."""
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    form = _continuation_form(plan, node, request.POST) if _owned(node) else None
    if form is None:
        return _node_page(request, plan, node, error="この項目は前期計画の事業を引き継げません。")
    if form.is_valid():
        try:
            set_continuation(signed_in(request), plan.pk, node.pk, form.cleaned_data["continues"])
        except PlanEditError as error:
            refuse_into(form, error)
        else:
            messages.success(request, "前期計画の事業を保存しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=node.pk)
    return _node_page(request, plan, node, {"continuation_form": form})


def node_shared(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    """Link the project to another plan's (共通事業), or unlink it."""
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    form = _shared_form(plan, node, request.POST)
    if form.is_valid():
        try:
            share_project(signed_in(request), plan.pk, node.pk, form.cleaned_data["source"])
        except PlanEditError as error:
            form.add_error("source", str(error))
        else:
            messages.success(request, "共通事業の設定を保存しました。")
            return back_to("plan_edit_node", plan_id=plan.pk, node_id=node.pk)
    return _node_page(request, plan, node, {"shared_form": form})


@require_POST
def node_remove(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    plan = edited_plan(request, plan_id)
    node = _node(plan, node_id)
    try:
        remove_node(signed_in(request), plan.pk, node.pk)
    except PlanEditError as error:
        return _node_page(request, plan, node, error=str(error))
    messages.success(request, f"{node.level_label}「{node.code}」を削除しました。")
    return back_to("plan_edit_tree", plan_id=plan.pk)
