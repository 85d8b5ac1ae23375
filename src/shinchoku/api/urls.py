"""The read-only JSON API, mounted at /api/. Every named pattern here must be described in
:mod:`shinchoku.api.openapi` (a test checks both ways); the last, unnamed one answers the rest."""

from django.urls import path, re_path

from shinchoku.api import views

app_name = "api"

urlpatterns = [
    path("v1/openapi.json", views.openapi_document, name="openapi"),
    path("v1/municipalities/", views.municipality_list, name="municipalities"),
    path("v1/plans/", views.plan_list, name="plans"),
    path("v1/plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("v1/plans/<int:plan_id>/nodes/", views.node_tree, name="nodes"),
    path("v1/plans/<int:plan_id>/indicators/", views.indicator_list, name="indicators"),
    path("v1/plans/<int:plan_id>/rounds/", views.round_list, name="rounds"),
    path("v1/plans/<int:plan_id>/rounds/<int:year>/", views.round_detail, name="round"),
    path("v1/plans/<int:plan_id>/rounds/<int:year>/entries/", views.entry_list, name="entries"),
    path("v1/plans/<int:plan_id>/rounds/<int:year>/evaluations/", views.evaluation_list, name="evaluations"),
    path("v1/plans/<int:plan_id>/rounds/<int:year>/opinions/", views.opinion_list, name="opinions"),
    # Last: anything else under /api/ is a JSON 404 (not described in the OpenAPI document).
    re_path(r"^(?P<path>[\s\S]*)$", views.not_found),
]
