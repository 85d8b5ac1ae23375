"""Read-only pages shared by the public site and the staff site.

Each view takes the :class:`~shinchoku.web.audience.Audience` it is served to (given by the URL map):
the audience decides which rounds are shown and which namespace the pages link within. Views only
authorise, parse, call one selector and render; :func:`~shinchoku.web.page_cache.cached_page` serves
them from the page cache until the data change.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from shinchoku.accounts import permissions
from shinchoku.core.prefectures import prefecture
from shinchoku.editions.corrections import marks_of
from shinchoku.editions.structure import plan_as_shown, shows_node
from shinchoku.evaluations import selectors
from shinchoku.evaluations.models import Round
from shinchoku.plans.models import Department, Plan, PlanNode
from shinchoku.web.audience import Audience
from shinchoku.web.directory import directory, search_text
from shinchoku.web.downloads import download_links
from shinchoku.web.page_cache import cached_page
from shinchoku.web.page_scopes import plan_city


def _plan(plan_id: int) -> Plan:
    return get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)


def _node(plan: Plan, node_id: int) -> PlanNode:
    # Through the plan's manager so that node.plan is the plan already loaded.
    return get_object_or_404(plan.nodes.all(), pk=node_id)


def _rounds(request: HttpRequest, audience: Audience, plan: Plan) -> tuple[list[Round], Round | None]:
    """The rounds shown to ``audience`` and the one chosen by ``?year=`` (default: the newest)."""
    rounds = list(audience.rounds(request.user, plan))
    year = request.GET.get("year", "").strip()
    if not year:
        return rounds, rounds[0] if rounds else None
    chosen = next((round_ for round_ in rounds if str(round_.fiscal_year) == year), None)
    if chosen is None:
        raise Http404("指定された年度の評価は表示できません。")
    return rounds, chosen


def _render(request: HttpRequest, audience: Audience, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, context | {"audience": audience})


@cached_page
def home(request: HttpRequest, audience: Audience) -> HttpResponse:
    found = directory(
        audience.reader(request.user),
        query=search_text(request.GET.get("q", "")),
        page=request.GET.get("page"),
    )
    return _render(request, audience, "web/home.html", {"directory": found, "within": None})


@cached_page
def prefecture_detail(request: HttpRequest, audience: Audience, prefecture_code: str) -> HttpResponse:
    within = prefecture(prefecture_code)
    if within is None:
        raise Http404("その都道府県コードはありません。01〜47 の2桁で指定してください。")
    found = directory(
        audience.reader(request.user),
        query=search_text(request.GET.get("q", "")),
        within=within,
        page=request.GET.get("page"),
    )
    return _render(request, audience, "web/prefecture.html", {"directory": found, "within": within})


@cached_page(scope=plan_city)
def plan_detail(request: HttpRequest, audience: Audience, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    rounds, round_ = _rounds(request, audience, plan)
    plan = plan_as_shown(plan, round_)  # a published year's title and level names as published
    context = {
        "plan": plan,
        "rounds": rounds,
        "round": round_,
        "downloads": download_links(plan, round_, audience.reader(request.user)),
    }
    context["outline"] = selectors.plan_outline(plan, round_, visible=audience.entries(request.user))
    return _render(request, audience, "web/plan.html", context)


@cached_page(scope=plan_city)
def dashboard(request: HttpRequest, audience: Audience, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    rounds, round_ = _rounds(request, audience, plan)
    plan = plan_as_shown(plan, round_)  # a published year's title and level names as published
    context = {
        "plan": plan,
        "rounds": rounds,
        "round": round_,
        "downloads": download_links(plan, round_, audience.reader(request.user)),
    }
    if round_ is not None:
        # The previous year shown is the next older round among those this reader may see.
        previous = next((r for r in rounds if r.fiscal_year < round_.fiscal_year), None)
        context["dashboard"] = selectors.dashboard(
            plan, round_, previous, visible=audience.entries(request.user)
        )
    return _render(request, audience, "web/dashboard.html", context)


@cached_page(scope=plan_city)
def node_detail(request: HttpRequest, audience: Audience, plan_id: int, node_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    node = _node(plan, node_id)
    if node.is_project:
        return redirect(reverse(f"{audience.namespace}:project", args=[plan.pk, node.pk]))
    rounds, round_ = _rounds(request, audience, plan)
    if not shows_node(round_, node.pk):
        raise Http404("この項目は、選んだ年度の計画にはありません。")
    plan = plan_as_shown(plan, round_)
    context = {"plan": plan, "rounds": rounds, "round": round_, "corrections": marks_of(round_)}
    context["manages_rounds"] = audience.is_staff and permissions.can_manage_rounds(request.user, plan)
    if selectors.is_policy(node, plan):
        return _render(
            request,
            audience,
            "web/policy.html",
            context | {"sheet": selectors.policy_sheet(node, round_, visible=audience.entries(request.user))},
        )
    return _render(
        request,
        audience,
        "web/node.html",
        context | {"overview": selectors.node_overview(node, round_, visible=audience.entries(request.user))},
    )


@cached_page(scope=plan_city)
def project_detail(request: HttpRequest, audience: Audience, plan_id: int, node_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    project = _node(plan, node_id)
    if not project.is_project:
        raise Http404("この項目は事業ではありません。")
    history = selectors.project_history(
        project,
        list(audience.rounds(request.user, plan)),
        visible=audience.entries(request.user),
        rounds_of=lambda other: list(audience.rounds(request.user, other)),
    )
    manages = audience.is_staff and permissions.can_manage_rounds(request.user, plan)
    context = {"plan": plan, "history": history, "manages_rounds": manages}
    context["corrections_by_round"] = {item.round.pk: marks_of(item.round) for item in history.rounds}
    return _render(request, audience, "web/project.html", context)


@cached_page(scope=plan_city)
def department_detail(
    request: HttpRequest, audience: Audience, plan_id: int, department_id: int
) -> HttpResponse:
    plan = _plan(plan_id)
    department = get_object_or_404(Department, pk=department_id, municipality_id=plan.municipality_id)
    rounds = list(audience.rounds(request.user, plan))
    # What a department still owes is internal work in progress: staff only.
    page = selectors.department_page(
        plan, department, rounds, with_missing=audience.is_staff, visible=audience.entries(request.user)
    )
    return _render(request, audience, "web/department.html", {"plan": plan, "page": page})
