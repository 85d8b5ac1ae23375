"""The public site: published rounds only, no login, no drafts, no personal data.

The views and templates are shared with the staff site (:mod:`shinchoku.web`); the public
:class:`~shinchoku.web.audience.Audience` limits them to what an anonymous visitor may see.
"""

from django.urls import path

from shinchoku.web import views
from shinchoku.web.audience import PUBLIC
from shinchoku.web.editions import views as edition_views

app_name = "public"

public = {"audience": PUBLIC}

urlpatterns = [
    path("", views.home, public, name="home"),
    path("prefectures/<str:prefecture_code>/", views.prefecture_detail, public, name="prefecture"),
    path("plans/<int:plan_id>/", views.plan_detail, public, name="plan"),
    path("plans/<int:plan_id>/dashboard/", views.dashboard, public, name="dashboard"),
    path("plans/<int:plan_id>/nodes/<int:node_id>/", views.node_detail, public, name="node"),
    path("plans/<int:plan_id>/projects/<int:node_id>/", views.project_detail, public, name="project"),
    path(
        "plans/<int:plan_id>/corrections/<int:year>/",
        edition_views.corrections_table,
        public,
        name="corrections",
    ),
    path(
        "plans/<int:plan_id>/departments/<int:department_id>/",
        views.department_detail,
        public,
        name="department",
    ),
]
