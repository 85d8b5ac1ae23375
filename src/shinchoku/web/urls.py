from django.contrib.auth import views as auth_views
from django.urls import path

from shinchoku.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/nodes/<int:node_id>/", views.node_detail, name="node"),
    path("plans/<int:plan_id>/projects/<int:node_id>/", views.project_detail, name="project"),
    path("login/", auth_views.LoginView.as_view(template_name="web/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
