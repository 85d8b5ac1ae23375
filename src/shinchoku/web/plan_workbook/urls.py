"""URL map of the plan workbook pages (joined to the web namespace by shinchoku.web.urls)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from shinchoku.web.plan_workbook import views

urlpatterns = [
    path("plan-workbook/", login_required(views.page), name="plan_workbook"),
    path("plan-workbook/template.xlsx", login_required(views.template), name="plan_workbook_template"),
    path(
        "plans/<int:plan_id>/plan-workbook.xlsx",
        login_required(views.download),
        name="plan_workbook_download",
    ),
    path("plan-workbook/commit/", login_required(views.commit), name="plan_workbook_commit"),
]
