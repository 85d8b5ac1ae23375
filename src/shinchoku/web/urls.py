"""The staff site under /staff/ (signed-in users only) and the login pages.

The pages are the public site's (see :mod:`shinchoku.public.urls`), served with the staff
:class:`~shinchoku.web.audience.Audience`: staff of the plan's municipality also see rounds that are not
published yet.
"""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.urls import path, reverse_lazy

from shinchoku.web import views
from shinchoku.web.audience import STAFF

app_name = "web"

staff = {"audience": STAFF}

urlpatterns = [
    path("staff/", login_required(views.home), staff, name="home"),
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
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    # Signing out leads back to the public site, which needs no login.
    path("logout/", auth_views.LogoutView.as_view(next_page=reverse_lazy("public:home")), name="logout"),
]
