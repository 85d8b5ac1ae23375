from django.urls import path

from shinchoku.search import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
]
