"""JSON responses of the API: bodies with an ETag, errors in one shape, pages of long lists.

Every error is ``{"error": {"status": 404, "code": "not_found", "message": "…"}}`` with a
Japanese message saying what was not found or what to change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, ParamSpec

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.views.decorators.csrf import csrf_exempt

P = ParamSpec("P")

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 500


class ApiError(Exception):
    """An error the client can act on; ``message`` is Japanese."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def error_response(status: int, code: str, message: str) -> HttpResponse:
    body = {"error": {"status": status, "code": code, "message": message}}
    return HttpResponse(_dump(body), status=status, content_type="application/json")


def _dump(data: Any) -> bytes:
    """``data`` as compact UTF-8 JSON, with ``<`` written ``\\u003c`` (the same JSON): a typed text
    then never reads as markup, not even as the slot the page cache fills in a stored page
    (:mod:`shinchoku.web.page_cache`)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").encode("utf-8")


def json_body(data: Any) -> HttpResponse:
    """``data`` as a JSON response. Responses depend on who is signed in (staff see unpublished
    rounds), hence ``Vary: Cookie``; ``Cache-Control: no-cache`` makes clients revalidate, which
    the ETag (:func:`with_etag`) keeps cheap."""
    response = HttpResponse(_dump(data), content_type="application/json")
    response["Cache-Control"] = "no-cache"
    patch_vary_headers(response, ["Cookie"])
    return response


def with_etag(request: HttpRequest, response: HttpResponse) -> HttpResponseBase:
    """``response`` (a 200) with a strong ETag of its bytes; 304 when the client has it already."""
    if response.status_code != 200:
        return response
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response) or response


def json_response(request: HttpRequest, data: Any) -> HttpResponseBase:
    """``data`` as JSON (:func:`json_body`) with its ETag (:func:`with_etag`)."""
    return with_etag(request, json_body(data))


def method_not_allowed() -> HttpResponse:
    response = error_response(405, "method_not_allowed", "この API は読み取り専用です(GET と HEAD のみ)。")
    response["Allow"] = "GET, HEAD"
    return response


def api_view(view: Callable[P, HttpResponseBase]) -> Callable[P, HttpResponseBase]:
    """Allow GET and HEAD only (any other method: a JSON 405 with ``Allow``) and turn ApiError
    and Http404 into JSON errors.

    The view is exempt from Django's CSRF check, which would otherwise answer an unsafe method
    with its HTML 403 page before this wrapper could say 405. That is safe because the check
    protects writes made with a visitor's cookie, and these views write nothing: every method
    but GET and HEAD is refused here before the view runs.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
        request = args[0]
        assert isinstance(request, HttpRequest)
        if request.method not in {"GET", "HEAD"}:
            return method_not_allowed()
        try:
            return view(*args, **kwargs)
        except ApiError as error:
            return error_response(error.status, error.code, error.message)
        except Http404:
            return error_response(404, "not_found", "指定されたものは見つかりません。")

    return wrapper


# Longer numbers are past any page or limit; not converting them keeps int() from long work.
_MAX_DIGITS = 18


def _positive(request: HttpRequest, name: str, default: int, maximum: int | None = None) -> int:
    """The query parameter ``name`` as a whole number from 1 (and at most ``maximum``), written in
    ASCII digits: ``str.isdigit`` alone would take ² or ١ and then fail in ``int``."""
    if name not in request.GET:
        return default
    raw = request.GET[name]  # the last value when repeated; an empty one is refused
    if not (raw.isascii() and raw.isdigit()) or int(raw[: _MAX_DIGITS + 1]) < 1:
        raise ApiError(
            400, "bad_request", f"{name} には1以上の整数を半角数字で指定してください(指定: {raw[:50]})。"
        )
    value = int(raw) if len(raw) <= _MAX_DIGITS else 10**_MAX_DIGITS
    if maximum is not None and value > maximum:
        raise ApiError(400, "bad_request", f"{name} は{maximum}以下にしてください(指定: {raw[:50]})。")
    return value


def paginate(
    request: HttpRequest,
    items: Sequence[Any] | QuerySet[Any],
    rows: Callable[[list[Any]], list[Any]] = list,
) -> dict[str, Any]:
    """One page of ``items`` chosen by ``?page=`` (from 1) and ``?per_page=`` (1 to 500); 400 for
    anything else, 404 for a page past the last. A queryset is counted and sliced in the database,
    and ``rows`` turns the page's items into its results: only one page is ever read."""
    per_page = _positive(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    page = _positive(request, "page", 1)
    count = items.count() if isinstance(items, QuerySet) else len(items)
    pages = max(1, -(-count // per_page))
    if page > pages:
        raise not_found(f"{page}ページ目はありません(全 {pages} ページ)。")

    def link(number: int) -> str | None:
        if not 1 <= number <= pages:
            return None
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    start = (page - 1) * per_page
    return {
        "count": count,
        "page": page,
        "per_page": per_page,
        "pages": pages,
        "next": link(page + 1),
        "previous": link(page - 1),
        "results": rows(list(items[start : start + per_page])),
    }
