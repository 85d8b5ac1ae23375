"""URL map of the import review desk (joined to the web namespace by shinchoku.web.urls, under
/staff/). Every page needs a signed-in user; the views refuse anyone who does not edit the plan."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from shinchoku.web.imports import views

urlpatterns = [
    path("imports/", login_required(views.runs), name="import_runs"),
    path("imports/<int:run_id>/", login_required(views.desk), name="import_desk"),
    path(
        "imports/items/<int:item_id>/confirm/",
        login_required(views.confirm),
        name="import_item_confirm",
    ),
]
