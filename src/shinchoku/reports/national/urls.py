"""The national open-data files, under /opendata/."""

from django.urls import URLPattern, path

from shinchoku.reports.national import views

app_name = "opendata"

urlpatterns: list[URLPattern] = [
    path("all.csv", views.download, {"national_format": "csv"}, name="national_csv"),
    path("all.jsonl", views.download, {"national_format": "jsonl"}, name="national_jsonl"),
]
