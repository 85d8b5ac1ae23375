from django.urls import URLPattern, URLResolver, path

from shinchoku.reports import views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:plan_id>/<int:fiscal_year>/<str:key>/", views.download, name="download"),
]
