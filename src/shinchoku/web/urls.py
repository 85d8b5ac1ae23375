"""The staff site under /staff/ (signed-in users only) and the login pages.

The pages are the public site's (see :mod:`shinchoku.public.urls`), served with the staff
:class:`~shinchoku.web.audience.Audience`: staff of the plan's municipality also see rounds that are not
published yet.
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver, include, path, reverse_lazy

from shinchoku.web import views
from shinchoku.web.accounts import views as account_views
from shinchoku.web.audience import STAFF

app_name = "web"

staff = {"audience": STAFF}

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/", login_required(views.home), staff, name="home"),
    path(
        "staff/prefectures/<str:prefecture_code>/",
        login_required(views.prefecture_detail),
        staff,
        name="prefecture",
    ),
    path("staff/plans/<int:plan_id>/", login_required(views.plan_detail), staff, name="plan"),
    path("staff/plans/<int:plan_id>/dashboard/", login_required(views.dashboard), staff, name="dashboard"),
    path(
        "staff/plans/<int:plan_id>/nodes/<int:node_id>/",
        login_required(views.node_detail),
        staff,
        name="node",
    ),
    path(
        "staff/plans/<int:plan_id>/projects/<int:node_id>/",
        login_required(views.project_detail),
        staff,
        name="project",
    ),
    path(
        "staff/plans/<int:plan_id>/departments/<int:department_id>/",
        login_required(views.department_detail),
        staff,
        name="department",
    ),
    path("login/", account_views.LoginView.as_view(), name="login"),
    # Signing out leads back to the public site, which needs no login.
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("public:home")), name="logout"),
]

# The work pages of the yearly round, each concept in its own module; their names join the "web"
# namespace (web:my_entries, web:round, …).
urlpatterns += [
    path("staff/", include("shinchoku.web.accounts.urls")),
    path("staff/", include("shinchoku.web.entries.urls")),
    path("staff/", include("shinchoku.web.rounds.urls")),
    path("staff/", include("shinchoku.web.workbook.urls")),
    path("staff/", include("shinchoku.web.plan_editor.urls")),
    path("staff/", include("shinchoku.web.plan_workbook.urls")),
    path("staff/", include("shinchoku.web.notifications.urls")),
    path("staff/", include("shinchoku.web.imports.urls")),
    path("staff/", include("shinchoku.web.editions.urls")),
]
