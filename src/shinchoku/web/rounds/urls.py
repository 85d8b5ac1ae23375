"""URL map of the 事務局's round pages and the committee opinions (joined to the web namespace by
shinchoku.web.urls, under /staff/). Every page needs a signed-in user; who may use which page is
decided in the views through shinchoku.accounts.permissions."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from shinchoku.web.rounds import (
    bulk_views,
    evaluation_views,
    opinion_views,
    project_views,
    quality_views,
    unsubmitted_views,
    views,
)

urlpatterns = [
    path("rounds/", login_required(views.round_management), name="round_management"),
    path("plans/<int:plan_id>/rounds/", login_required(views.rounds), name="rounds"),
    path("plans/<int:plan_id>/rounds/open/", login_required(views.round_open), name="round_open"),
    path("plans/<int:plan_id>/settings/", login_required(views.plan_settings), name="plan_settings"),
    path("rounds/<int:round_id>/", login_required(views.round_detail), name="round"),
    path("rounds/<int:round_id>/deadline/", login_required(views.round_deadline), name="round_deadline"),
    path(
        "rounds/<int:round_id>/start-collecting/",
        login_required(views.round_start_collecting),
        name="round_start_collecting",
    ),
    path(
        "rounds/<int:round_id>/start-review/",
        login_required(views.round_start_review),
        name="round_start_review",
    ),
    path("rounds/<int:round_id>/close/", login_required(views.round_close), name="round_close"),
    path("rounds/<int:round_id>/publish/", login_required(views.round_publish), name="round_publish"),
    path("rounds/<int:round_id>/reopen/", login_required(views.round_reopen), name="round_reopen"),
    path("rounds/<int:round_id>/entries/", login_required(views.round_entries), name="round_entries"),
    path("rounds/<int:round_id>/quality/", login_required(quality_views.round_quality), name="round_quality"),
    path(
        "rounds/<int:round_id>/entries/bulk/",
        login_required(bulk_views.round_entries_bulk),
        name="round_entries_bulk",
    ),
    path(
        "rounds/<int:round_id>/unsubmitted/",
        login_required(unsubmitted_views.unsubmitted),
        name="round_unsubmitted",
    ),
    path(
        "rounds/<int:round_id>/unsubmitted.csv",
        login_required(unsubmitted_views.unsubmitted_csv),
        name="round_unsubmitted_csv",
    ),
    path(
        "rounds/<int:round_id>/nodes/<int:node_id>/evaluation/",
        login_required(evaluation_views.node_evaluation),
        name="node_evaluation",
    ),
    path(
        "rounds/<int:round_id>/projects/<int:project_id>/",
        login_required(project_views.project_evaluation),
        name="project_evaluation",
    ),
    path("opinions/", login_required(opinion_views.opinion_overview), name="opinion_rounds"),
    path("rounds/<int:round_id>/opinions/", login_required(opinion_views.opinions), name="opinions"),
    path(
        "rounds/<int:round_id>/nodes/<int:node_id>/opinions/",
        login_required(opinion_views.opinion_write),
        name="opinion_write",
    ),
    path(
        "opinions/<int:opinion_id>/response/",
        login_required(opinion_views.opinion_respond),
        name="opinion_respond",
    ),
]
