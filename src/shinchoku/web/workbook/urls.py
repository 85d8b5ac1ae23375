"""URL map of these staff pages (joined to the web namespace by shinchoku.web.urls)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from shinchoku.web.workbook import views

urlpatterns = [
    path(
        "rounds/<int:round_id>/departments/<int:department_id>/workbook.xlsx",
        login_required(views.download),
        name="workbook_download",
    ),
    path(
        "rounds/<int:round_id>/departments/<int:department_id>/workbook/",
        login_required(views.upload),
        name="workbook_upload",
    ),
    path(
        "rounds/<int:round_id>/departments/<int:department_id>/workbook/commit/",
        login_required(views.commit),
        name="workbook_commit",
    ),
]
