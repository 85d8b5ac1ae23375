"""The site's pages without the reports app: as before the download address existed."""

from django.urls import include, path

urlpatterns = [
    path("search/", include("shinchoku.search.urls")),  # the header's search box links here
    path("", include("shinchoku.web.urls")),
    path("", include("shinchoku.public.urls")),
]
