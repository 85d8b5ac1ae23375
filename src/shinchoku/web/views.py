"""Read-only pages: the plans, a plan's tree, one node and one project.

Views only authorise, parse, call one selector and render; what a reader may see is decided by
:func:`shinchoku.accounts.permissions.visible_rounds`.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from shinchoku.accounts.permissions import visible_rounds
from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Plan, PlanNode


def _plan(plan_id: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)


def _node(plan: Plan, node_id: int) -> PlanNode:
    # Through the plan's manager so that node.plan is the plan already loaded.
    return get_object_or_404(plan.nodes.all(), pk=node_id)


def _rounds(request: HttpRequest, plan: Plan) -> tuple[list[Round], Round | None]:
    """The rounds the reader may see and the one chosen by ``?year=`` (default: the newest)."""
    rounds = list(visible_rounds(request.user, plan))
    year = request.GET.get("year", "").strip()
    if not year:
        return rounds, rounds[0] if rounds else None
    chosen = next((round_ for round_ in rounds if str(round_.fiscal_year) == year), None)
    if chosen is None:
        raise Http404("指定された年度の評価は表示できません。")
    return rounds, chosen


def home(request: HttpRequest) -> HttpResponse:
    summaries = selectors.plan_summaries(lambda plan: visible_rounds(request.user, plan))
    return render(request, "web/home.html", {"summaries": summaries})


def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    rounds, round_ = _rounds(request, plan)
    tree = selectors.plan_tree(plan, round_)
    return render(request, "web/plan.html", {"plan": plan, "rounds": rounds, "round": round_, "tree": tree})


def node_detail(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    node = _node(plan, node_id)
    if node.is_project:
        return redirect(reverse("web:project", args=[plan.pk, node.pk]))
    rounds, round_ = _rounds(request, plan)
    context = {"plan": plan, "rounds": rounds, "round": round_}
    if selectors.is_policy(node, plan):
        return render(request, "web/policy.html", context | {"sheet": selectors.policy_sheet(node, round_)})
    return render(request, "web/node.html", context | {"overview": selectors.node_overview(node, round_)})


def project_detail(request: HttpRequest, plan_id: int, node_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    project = _node(plan, node_id)
    if not project.is_project:
        raise Http404("この項目は事業ではありません。")
    rounds = list(visible_rounds(request.user, plan))
    history = selectors.project_history(project, rounds)
    return render(request, "web/project.html", {"plan": plan, "history": history})
