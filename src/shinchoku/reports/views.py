"""Downloading a round's report in any registered format."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from shinchoku.accounts.permissions import is_staff_of, whole_round_rounds
from shinchoku.plans.models import Plan
from shinchoku.reports import registry


def download(request: HttpRequest, plan_id: int, fiscal_year: int, key: str) -> HttpResponse:
    """The report of ``plan_id``'s ``fiscal_year`` as ``key``; 404 unless the reader may see the
    round whole (see :func:`whole_round_rounds`). Staff of the municipality get the staff audience."""
    plan = get_object_or_404(Plan.objects.select_related("municipality"), pk=plan_id)
    round_ = whole_round_rounds(request.user, plan).filter(fiscal_year=fiscal_year).first()
    if round_ is None:
        raise Http404("この年度の報告書は見つかりません。")
    try:
        report_format = registry.get(key)
    except registry.UnknownFormatError as error:
        raise Http404(error.args[0]) from None
    audience: registry.Audience = "staff" if is_staff_of(request.user, plan.municipality) else "public"
    options = {name: request.GET[name] for name in registry.PUBLIC_OPTIONS if name in request.GET}
    report_request = registry.ReportRequest(round=round_, audience=audience, options=options)
    try:
        content = report_format.render(report_request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=report_format.media_type)
    response["Content-Disposition"] = f'attachment; filename="{report_format.file_name(report_request)}"'
    return response
