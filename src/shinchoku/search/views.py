"""The search page: parse the form, run the search over what the reader may see, render one page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shinchoku.search.forms import SearchForm
from shinchoku.search.query import (
    build_hits,
    filter_choices,
    matching_entries,
    query_terms,
    readable_rounds,
)

PER_PAGE = 20


def search(request: HttpRequest) -> HttpResponse:
    rounds = readable_rounds(request.user)
    form = SearchForm(request.GET or None, filter_choices(rounds))
    query = form.query()
    terms = query_terms(query)
    entry_ids = matching_entries(rounds, terms, form.filters())
    page = Paginator(entry_ids, PER_PAGE).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    context = {
        "form": form,
        "query": query,
        "searched": bool(terms),
        "page": page,
        "hits": build_hits(request.user, list(page.object_list), terms),
        "page_query": others.urlencode(),
    }
    return render(request, "search/results.html", context)
