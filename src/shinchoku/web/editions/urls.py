"""URL map of the corrections (正誤) of a published year on the staff site (joined to the web
namespace by shinchoku.web.urls, under /staff/); who may use them is decided in the views."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from shinchoku.web.editions import views

urlpatterns = [
    path(
        "entries/<int:entry_id>/correction/", login_required(views.entry_correction), name="entry_correction"
    ),
    path(
        "rounds/<int:round_id>/nodes/<int:node_id>/correction/",
        login_required(views.node_correction),
        name="node_correction",
    ),
    path(
        "rounds/<int:round_id>/departments/<int:department_id>/correction/",
        login_required(views.department_correction),
        name="department_correction",
    ),
    path(
        "rounds/<int:round_id>/corrections/",
        login_required(views.round_corrections),
        name="round_corrections",
    ),
]
