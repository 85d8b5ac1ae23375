"""The 事務局's 施策評価 of a node in a round, beside the suggestion computed from its projects.

A save refused because somebody else saved first (optimistic locking) renders the form again with
the reader's own input, the newer version and what the other person changed, so that nothing is
lost and the reader decides what to keep.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from shinchoku.accounts import permissions
from shinchoku.core.ratings import ConsolidationRule
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services import EntryValidationError, OtherSave, StaleRecordError, evaluate_node
from shinchoku.plans.models import PlanNode
from shinchoku.web.rounds import forms
from shinchoku.web.rounds.access import managed_round, render_staff, signed_in
from shinchoku.web.rounds.policy_selectors import node_evaluation_page, scale_codes


def _evaluated_node(round_: Round, node_id: int) -> PlanNode:
    node = get_object_or_404(PlanNode.objects.select_related("plan", "parent"), pk=node_id, plan=round_.plan)
    if node.is_project:
        label = node.plan.project_label
        raise Http404(f"{label}の評価は担当課が入力します。ここでは{label}より上の項目の評価を書きます。")
    return node


def _evaluation_response(
    request: HttpRequest,
    round_: Round,
    node: PlanNode,
    rule: ConsolidationRule,
    *,
    form: forms.NodeEvaluationForm | None = None,
    saves: Sequence[OtherSave] = (),
    status: int = 200,
) -> HttpResponse:
    page = node_evaluation_page(round_, node, rule)
    if form is None:
        form = forms.NodeEvaluationForm(codes=page.codes, initial=forms.evaluation_initial(page))
    context = {
        "page": page,
        "form": form,
        "saves": saves,
        "can_edit": permissions.can_evaluate_node(signed_in(request), round_),
        "rule_form": forms.SuggestionRuleForm(initial={"rule": rule.value}),
    }
    return render_staff(request, "web/rounds/node_evaluation.html", context, status)


def node_evaluation(request: HttpRequest, round_id: int, node_id: int) -> HttpResponse:
    """GET: the node's projects, the suggestion and the form; POST: save the evaluation."""
    round_ = managed_round(request, round_id)
    node = _evaluated_node(round_, node_id)
    rule = forms.SuggestionRuleForm(request.GET).rule_or(ConsolidationRule.MOST_COMMON)
    if request.method != "POST":
        return _evaluation_response(request, round_, node, rule)
    form = forms.NodeEvaluationForm(request.POST, codes=scale_codes(round_))
    if not form.is_valid():
        return _evaluation_response(request, round_, node, rule, form=form, status=400)
    data = form.cleaned_data
    try:
        evaluate_node(
            signed_in(request),
            round_.pk,
            node.pk,
            rating=data["rating"],
            comment=data["comment"],
            rule=ConsolidationRule(data["rule"]),
            version=data["version"],
        )
    except StaleRecordError as error:
        form.carry_version(error.current_version)
        return _evaluation_response(request, round_, node, rule, form=form, saves=error.saves, status=409)
    except EntryValidationError as error:
        form.add_error("rating", error.errors.get("rating", str(error)))
        return _evaluation_response(request, round_, node, rule, form=form, status=400)
    messages.success(request, f"{node.code} {node.display_title}の評価を保存しました。")
    return redirect(f"{request.path}?rule={rule.value}")
