"""URL map of the plan editor (joined to the web namespace by shinchoku.web.urls, under /staff/).
Every page needs a signed-in user; only the 事務局 of the plan's municipality may use them, decided
in the views through shinchoku.accounts.permissions."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from shinchoku.web.plan_editor import (
    department_views,
    indicator_views,
    reorganisation_views,
    scale_views,
    settings_views,
    tree_views,
)

EDIT = "plans/<int:plan_id>/edit/"

urlpatterns = [
    path("plan-editor/", login_required(settings_views.plan_editor_home), name="plan_editor"),
    path(EDIT, login_required(settings_views.plan_edit), name="plan_edit"),
    # The rating scale.
    path(f"{EDIT}scale/", login_required(scale_views.scale), name="plan_edit_scale"),
    path(f"{EDIT}scale/<int:code_id>/", login_required(scale_views.rating_code), name="plan_edit_code"),
    path(
        f"{EDIT}scale/<int:code_id>/move/",
        login_required(scale_views.rating_code_move),
        name="plan_edit_code_move",
    ),
    path(
        f"{EDIT}scale/<int:code_id>/remove/",
        login_required(scale_views.rating_code_remove),
        name="plan_edit_code_remove",
    ),
    # Departments.
    path(f"{EDIT}departments/", login_required(department_views.departments), name="plan_edit_departments"),
    path(
        f"{EDIT}departments/<int:department_id>/",
        login_required(department_views.department),
        name="plan_edit_department",
    ),
    path(
        f"{EDIT}departments/<int:department_id>/move/",
        login_required(department_views.department_move),
        name="plan_edit_department_move",
    ),
    path(
        f"{EDIT}departments/<int:department_id>/remove/",
        login_required(department_views.department_remove),
        name="plan_edit_department_remove",
    ),
    # Reorganisations (組織改編), each with its preview.
    path(
        f"{EDIT}departments/merge/",
        login_required(reorganisation_views.departments_merge),
        name="plan_edit_departments_merge",
    ),
    path(
        f"{EDIT}departments/<int:department_id>/rename/",
        login_required(reorganisation_views.department_rename),
        name="plan_edit_department_rename",
    ),
    path(
        f"{EDIT}departments/<int:department_id>/split/",
        login_required(reorganisation_views.department_split),
        name="plan_edit_department_split",
    ),
    path(
        f"{EDIT}departments/<int:department_id>/retire/",
        login_required(reorganisation_views.department_retire),
        name="plan_edit_department_retire",
    ),
    # The tree.
    path(f"{EDIT}tree/", login_required(tree_views.tree), name="plan_edit_tree"),
    path(f"{EDIT}tree/<int:node_id>/", login_required(tree_views.node_detail), name="plan_edit_node"),
    path(f"{EDIT}tree/<int:node_id>/add/", login_required(tree_views.node_add), name="plan_edit_node_add"),
    path(f"{EDIT}tree/<int:node_id>/move/", login_required(tree_views.node_move), name="plan_edit_node_move"),
    path(
        f"{EDIT}tree/<int:node_id>/parent/",
        login_required(tree_views.node_parent),
        name="plan_edit_node_parent",
    ),
    path(
        f"{EDIT}tree/<int:node_id>/cross-list/",
        login_required(tree_views.node_cross_list),
        name="plan_edit_node_cross_list",
    ),
    path(
        f"{EDIT}tree/<int:node_id>/owners/",
        login_required(tree_views.node_owners),
        name="plan_edit_node_owners",
    ),
    path(
        f"{EDIT}tree/<int:node_id>/continues/",
        login_required(tree_views.node_continuation),
        name="plan_edit_node_continuation",
    ),
    path(
        f"{EDIT}tree/<int:node_id>/shared/",
        login_required(tree_views.node_shared),
        name="plan_edit_node_shared",
    ),
    path(
        f"{EDIT}tree/<int:node_id>/remove/",
        login_required(tree_views.node_remove),
        name="plan_edit_node_remove",
    ),
    # Indicators.
    path(
        f"{EDIT}tree/<int:node_id>/indicators/",
        login_required(indicator_views.indicator_add),
        name="plan_edit_indicator_add",
    ),
    path(
        f"{EDIT}indicators/<int:indicator_id>/",
        login_required(indicator_views.indicator_detail),
        name="plan_edit_indicator",
    ),
    path(
        f"{EDIT}indicators/<int:indicator_id>/targets/",
        login_required(indicator_views.indicator_targets),
        name="plan_edit_indicator_targets",
    ),
    path(
        f"{EDIT}indicators/<int:indicator_id>/remove/",
        login_required(indicator_views.indicator_remove),
        name="plan_edit_indicator_remove",
    ),
]
