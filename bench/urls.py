"""The site's URLs plus two bench-only ones: ``/bench/floor/``, a Django view with no template and no
database work, the floor every page's latency is compared with; and ``/bench/change/``, which records
a change (POST) so that every page stored in the page cache is stale: a public change of the first
plan's city, the city of every page the benchmark reads (a page's version is that of its scope, see
:mod:`shinchoku.web.page_scopes`)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shinchoku.audit.services import record
from shinchoku.plans.models import Plan


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@csrf_exempt  # the benchmark's own client, on 127.0.0.1; the site never loads these URLs
@require_POST
def change(request: HttpRequest) -> HttpResponse:
    """Record a change as every service does, with an audit entry: the data version moves on."""
    plan = Plan.objects.select_related("municipality").order_by("pk").first()
    if plan is None:
        return HttpResponse("no plan", status=409, content_type="text/plain; charset=utf-8")
    record(
        actor=None,
        action="bench_change",
        target=plan,
        summary="ベンチマーク: 変更の記録",
        municipality=plan.municipality,
    )
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/floor/", floor),
    path("bench/change/", change),
    path("", include("shinchoku.urls")),
]
