"""The 事務局's project-level page of a round: each department's rating and text, the plan's rule
and its suggestion, the project's rating (set by hand, or undone back to the rule) and the
targets of the whole project.

One address; a POST names what it saves in ``action`` (rating, reset, targets). A save refused
because somebody else saved first renders the page again with the reader's input and what the
other person changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from shinchoku.accounts import permissions
from shinchoku.evaluations.models import Round
from shinchoku.evaluations.services import EntryValidationError, OtherSave, StaleRecordError, WorkflowError
from shinchoku.evaluations.services.project_evaluations import reset_project_rating, set_project_rating
from shinchoku.evaluations.services.project_targets import ProjectTargets, set_project_targets
from shinchoku.plans.models import PlanNode
from shinchoku.web.rounds import forms
from shinchoku.web.rounds.access import managed_round, render_staff, signed_in
from shinchoku.web.rounds.project_selectors import ProjectEvaluationPage, project_evaluation_page


def _project(round_: Round, project_id: int) -> PlanNode:
    project = get_object_or_404(
        PlanNode.objects.select_related("plan", "parent"), pk=project_id, plan=round_.plan
    )
    if not project.is_project:
        raise Http404(f"この項目は{project.plan.project_label}ではありません。")
    if project.listing_of_id:
        raise Http404("再掲の項目は、掲載元の評価のページで扱います。")
    return project


def _render(
    request: HttpRequest,
    page: ProjectEvaluationPage,
    *,
    rating_form: forms.ProjectRatingForm | None = None,
    targets_form: forms.ProjectTargetsForm | None = None,
    saves: Sequence[OtherSave] = (),
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The page; ``saves`` (a stale save's) are shown beside the targets form when it was the one
    refused, else beside the rating form."""
    user, round_ = signed_in(request), page.round
    stored = page.evaluation
    context = {
        "page": page,
        "rating_form": rating_form
        or forms.ProjectRatingForm(
            codes=page.codes,
            initial={
                "rating": stored.rating.code if stored and stored.rating else forms.NO_RATING,
                "comment": stored.comment if stored else "",
                "version": page.version,
            },
        ),
        "targets_form": targets_form
        or forms.ProjectTargetsForm(
            project_label=page.project.plan.project_label,
            initial={
                "final_target": page.project.final_target,
                "year_target": page.year_target,
                "version": page.target_version,
            },
        ),
        "rating_saves": () if targets_form else saves,
        "targets_saves": saves if targets_form else (),
        "error": error,
        "can_rate": page.is_shared and permissions.can_evaluate_node(user, round_),
        "can_set_targets": permissions.can_set_project_targets(user, round_),
    }
    return render_staff(request, "web/rounds/project_evaluation.html", context, status)


def project_evaluation(request: HttpRequest, round_id: int, project_id: int) -> HttpResponse:
    """GET: the page; POST: save what ``action`` names, then back to the page."""
    round_ = managed_round(request, round_id)
    project = _project(round_, project_id)
    if request.method != "POST":
        return _render(request, project_evaluation_page(round_, project))
    handler = _HANDLERS.get(request.POST.get("action", ""))
    if handler is None:
        return _render(
            request,
            project_evaluation_page(round_, project),
            error="保存する内容が分かりません。",
            status=400,
        )
    return handler(request, round_, project)


def _save_rating(request: HttpRequest, round_: Round, project: PlanNode) -> HttpResponse:
    form = forms.ProjectRatingForm(request.POST, codes=project_evaluation_page(round_, project).codes)
    if not form.is_valid():
        return _render(request, project_evaluation_page(round_, project), rating_form=form, status=400)
    data = form.cleaned_data
    return _attempt(
        request,
        round_,
        project,
        lambda: set_project_rating(
            signed_in(request),
            round_.pk,
            project.pk,
            rating=data["rating"],
            comment=data["comment"],
            version=data["version"],
        ),
        done="評価を事務局の決定として保存しました。",
        rating_form=form,
    )


def _reset_rating(request: HttpRequest, round_: Round, project: PlanNode) -> HttpResponse:
    form = forms.VersionedForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    return _attempt(
        request,
        round_,
        project,
        lambda: reset_project_rating(signed_in(request), round_.pk, project.pk, version=version),
        done="事務局の決定を取り消し、計画の決まりによる評価に戻しました。",
    )


def _save_targets(request: HttpRequest, round_: Round, project: PlanNode) -> HttpResponse:
    form = forms.ProjectTargetsForm(request.POST, project_label=project.plan.project_label)
    if not form.is_valid():
        return _render(request, project_evaluation_page(round_, project), targets_form=form, status=400)
    data = form.cleaned_data
    targets = ProjectTargets(final_target=data["final_target"], year_target=data["year_target"])
    return _attempt(
        request,
        round_,
        project,
        lambda: set_project_targets(
            signed_in(request), round_.pk, project.pk, targets=targets, version=data["version"]
        ),
        done=f"{project.plan.project_label}全体の目標を保存しました。",
        targets_form=form,
    )


def _attempt(
    request: HttpRequest,
    round_: Round,
    project: PlanNode,
    save: Callable[[], object],
    *,
    done: str,
    **forms_shown: Any,
) -> HttpResponse:
    """Run ``save``; on success back to the page with ``done``, else the page with the reader's
    input (``forms_shown``) and the reason."""
    try:
        save()
    except StaleRecordError as error:
        for form in forms_shown.values():
            form.carry_version(error.current_version)
        page = project_evaluation_page(round_, project)
        return _render(request, page, saves=error.saves, error=str(error), status=409, **forms_shown)
    except (EntryValidationError, WorkflowError) as error:
        return _render(
            request, project_evaluation_page(round_, project), error=str(error), status=400, **forms_shown
        )
    messages.success(request, f"{project.code} {project.display_title}: {done}")
    return redirect(request.path)


_HANDLERS: dict[str, Callable[[HttpRequest, Round, PlanNode], HttpResponse]] = {
    "rating": _save_rating,
    "reset": _reset_rating,
    "targets": _save_targets,
}
