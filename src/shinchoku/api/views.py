"""The read-only JSON API (v1): thin views over :mod:`.resources`.

Each view resolves the plan (and round) the reader may see, asks :mod:`.resources` for the body
and returns it with an ETag; lists that can be long are paginated (``?page=``, ``?per_page=``). The
lists of municipalities and plans, which grow with the number of cities, are read one page at a
time, filtered by ``?prefecture=`` and ``?municipality=`` (:mod:`.places`) and kept in the page
cache (:mod:`.caching`).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from shinchoku.api import openapi, resources
from shinchoku.api.caching import cached_json
from shinchoku.api.places import place_filter
from shinchoku.api.responses import ApiError, api_view, json_body, json_response, paginate
from shinchoku.web.audience import Audience


@api_view
@cached_json
def municipality_list(request: HttpRequest, audience: Audience) -> HttpResponse:
    found = resources.municipalities(place_filter(request))
    return json_body(paginate(request, found, resources.municipality_rows))


@api_view
@cached_json
def plan_list(request: HttpRequest, audience: Audience) -> HttpResponse:
    found = resources.plans(place_filter(request, "municipality__"))
    return json_body(paginate(request, found, lambda page: resources.plan_rows(request.user, page)))


@api_view
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    return json_response(request, resources.plan_detail(request.user, plan))


@api_view
def node_tree(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    return json_response(request, {"nodes": resources.nodes(request.user, plan)})


@api_view
def round_list(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    return json_response(request, {"rounds": resources.rounds(request.user, plan)})


@api_view
def round_detail(request: HttpRequest, plan_id: int, year: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    round_ = resources.round_or_404(request.user, plan, year)
    return json_response(request, resources.round_document(request.user, plan, round_))


@api_view
def entry_list(request: HttpRequest, plan_id: int, year: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    round_ = resources.round_or_404(request.user, plan, year)
    return json_response(request, paginate(request, resources.entries(request.user, plan, round_)))


@api_view
def evaluation_list(request: HttpRequest, plan_id: int, year: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    round_ = resources.round_or_404(request.user, plan, year)
    return json_response(request, paginate(request, resources.evaluations(request.user, plan, round_)))


@api_view
def opinion_list(request: HttpRequest, plan_id: int, year: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    round_ = resources.round_or_404(request.user, plan, year)
    return json_response(request, paginate(request, resources.opinions(plan, round_)))


@api_view
def indicator_list(request: HttpRequest, plan_id: int) -> HttpResponseBase:
    plan = resources.plan_or_404(plan_id)
    return json_response(request, paginate(request, resources.indicators(request.user, plan)))


@api_view
def openapi_document(request: HttpRequest) -> HttpResponseBase:
    return json_response(request, openapi.document())


@api_view
def not_found(request: HttpRequest, path: str) -> HttpResponseBase:
    """Every other address under /api/ (a path that is not an endpoint, or an ID that is not a
    number): the same JSON 404 as the endpoints give, never the site's HTML page."""
    raise ApiError(
        404,
        "not_found",
        "この URL の API はありません。/api/v1/openapi.json で使える URL を確かめてください。",
    )
