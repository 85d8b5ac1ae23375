"""The site's URL map: one prefix per audience app."""

from django.urls import include, path

urlpatterns = [
    path("search/", include("shinchoku.search.urls")),
    path("reports/", include("shinchoku.reports.urls")),
    path("opendata/", include("shinchoku.reports.national.urls")),
    path("api/", include("shinchoku.api.urls")),
    path("", include("shinchoku.web.urls")),  # the staff site under staff/, login/ and logout/
    path("", include("shinchoku.public.urls")),
]
