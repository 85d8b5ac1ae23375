"""The site's URLs plus ``/bench/floor/``: a Django view with no template and no database work,
the floor every page's latency is compared with."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("shinchoku.urls")),
]
