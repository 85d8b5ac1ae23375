"""URL map of the account pages (joined to the web namespace by shinchoku.web.urls under staff/)."""

from django.urls import path

from shinchoku.web.accounts import views

urlpatterns = [
    path("password/", views.password_change, name="password_change"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:user_id>/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
    path("users/<int:user_id>/password/", views.user_password_reset, name="user_password_reset"),
]
