"""The search page: parse the form, run the search over what the reader may see, render one page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shinchoku.accounts.permissions import visible_entries
from shinchoku.search.facets import count_by_city_and_plan, facet_links, narrow
from shinchoku.search.forms import SearchForm
from shinchoku.search.places import search_places
from shinchoku.search.query import build_hits, matching_entries, query_terms
from shinchoku.search.scope import search_scope
from shinchoku.web.audience import PUBLIC, STAFF, Audience
from shinchoku.web.page_cache import cached_page

PER_PAGE = 20
# A search of every city of a national deployment reads, counts and pages this many matches at most.
MAX_NATIONAL_MATCHES = 1000


def search(request: HttpRequest) -> HttpResponse:
    """One search page for everyone: a signed-in reader searches as staff (unpublished rounds of
    their municipality included), so the page is laid out as the staff site, with its header and
    links; anyone else gets the public site's."""
    return _results(request, audience=STAFF if request.user.is_authenticated else PUBLIC)


@cached_page
def _results(request: HttpRequest, audience: Audience) -> HttpResponse:
    places = search_places(request.user, request.GET)
    within = places.prefecture.code if places.prefecture is not None else None
    scope = search_scope(request.user, municipality_id=places.city, prefecture_code=within)
    form = SearchForm(request.GET or None, scope, places)
    query = form.query()
    terms = query_terms(query)
    filters = form.filters()
    visible = visible_entries(request.user, prefix="entry__")
    # Every city of a national deployment: the first matches only (see matching_entries).
    national = places.city is None and places.prefecture is None and bool(places.prefectures)
    limit = MAX_NATIONAL_MATCHES + 1 if national else None
    matches = matching_entries(scope.rounds, terms, filters, visible=visible, limit=limit)
    capped = len(matches) > MAX_NATIONAL_MATCHES
    matches = matches[:MAX_NATIONAL_MATCHES] if capped else matches
    chosen = {"municipality_id": filters.municipality_id, "plan_id": filters.plan_id}
    page = Paginator(narrow(matches, scope, **chosen), PER_PAGE).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    context = {
        "audience": audience,
        "form": form,
        "query": query,
        "searched": bool(terms),
        "capped": MAX_NATIONAL_MATCHES if capped else None,
        "page": page,
        "hits": build_hits(request.user, list(page.object_list), terms, scope),
        "facets": facet_links(count_by_city_and_plan(matches, scope), request.GET, **chosen),
        "page_query": others.urlencode(),
    }
    return render(request, "search/results.html", context)
