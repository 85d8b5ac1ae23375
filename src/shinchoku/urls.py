from django.urls import include, path

urlpatterns = [
    path("", include("shinchoku.web.urls")),
]
