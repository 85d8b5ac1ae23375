"""The site's pages with a stand-in download address named like the reports app's."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def download(request: HttpRequest, plan_id: int, fiscal_year: int, key: str) -> HttpResponse:
    return HttpResponse(b"")


urlpatterns = [
    path("search/", include("shinchoku.search.urls")),  # the header's search box links here
    path("", include("shinchoku.web.urls")),
    path("", include("shinchoku.public.urls")),
    path(
        "reports/",
        include(([path("<int:plan_id>/<int:fiscal_year>/<str:key>/", download, name="download")], "reports")),
    ),
]
