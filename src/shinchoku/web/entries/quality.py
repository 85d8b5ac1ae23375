"""The action that dismisses a quality finding (確認済みにする) from the entry page; the panel
that shows the findings is :mod:`.findings`. Who may is
:func:`~shinchoku.accounts.permissions.can_dismiss_finding`; the reason is required."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from shinchoku.accounts.models import User
from shinchoku.evaluations.services import WorkflowError
from shinchoku.evaluations.services.quality import dismiss_finding
from shinchoku.web.entries.views import entry_label, visible_entry
from shinchoku.web.typed_text import TypedTextField


class DismissForm(forms.Form):
    check = forms.CharField(max_length=40)
    field = forms.CharField(max_length=40)
    reason = TypedTextField(label="確認済みとする理由", required=False, widget=forms.Textarea)


@login_required
@require_POST
def dismiss(request: HttpRequest, entry_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    entry = visible_entry(user, entry_id)
    back = reverse("web:entry", kwargs={"entry_id": entry.pk}) + "#findings"
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, "操作できませんでした。画面を読み込み直してから、もう一度操作してください。")
        return redirect(back)
    data = form.cleaned_data
    try:
        dismiss_finding(user, entry.pk, data["check"], data["field"], data["reason"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{entry_label(entry)}の確認事項を確認済みにしました。")
    return redirect(back)
