"""URL map of the account pages (joined to the web namespace by shinchoku.web.urls under staff/)."""

from django.urls import path

from shinchoku.web.accounts import staff_sheet_views, views

urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("setup/", views.municipality_setup, name="municipality_setup"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/import/", staff_sheet_views.upload, name="staff_sheet_upload"),
    path("users/import/template.xlsx", staff_sheet_views.download_template, name="staff_sheet_template"),
    path("users/import/commit/", staff_sheet_views.commit, name="staff_sheet_commit"),
    path("users/<int:user_id>/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:user_id>/password/", views.user_password_reset, name="user_password_reset"),
    path("users/<int:user_id>/plans/", views.user_secretariat_plans, name="user_secretariat_plans"),
]
