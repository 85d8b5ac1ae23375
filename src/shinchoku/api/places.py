"""The place filters of the API's lists: ``?prefecture=`` (a two-digit code, 01–47) and
``?municipality=`` (a 全国地方公共団体コード, six digits or the first five), refused with a Japanese
400 when they are not written as such codes. A code naming no municipality finds nothing."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from shinchoku.api.responses import ApiError
from shinchoku.core.local_government_code import LocalGovernmentCodeError, normalise_code
from shinchoku.core.prefectures import prefecture

PLACE_PARAMETERS = ("prefecture", "municipality")


def place_filter(request: HttpRequest, field: str = "") -> Q:
    """A filter of municipalities (``field`` = ``""``) or of rows with a municipality at ``field``
    (e.g. ``"municipality__"``) from the request's ``prefecture`` and ``municipality``."""
    found = Q()
    raw_prefecture = request.GET.get("prefecture")
    if raw_prefecture is not None:
        chosen = prefecture(raw_prefecture)
        if chosen is None:
            raise ApiError(
                400,
                "bad_request",
                "prefecture には都道府県コードを2桁の半角数字(01〜47)で指定してください"
                f"(指定: {raw_prefecture[:50]})。",
            )
        found &= Q(**{f"{field}code__startswith": chosen.code})
    raw_code = request.GET.get("municipality")
    if raw_code is not None:
        found &= Q(**{f"{field}code": _code(raw_code)})
    return found


def _code(raw: str) -> str:
    """Six digits as given (a wrong check digit then finds nothing, as any unknown code), five with
    their check digit added; anything else is a 400."""
    if raw.isascii() and raw.isdigit() and len(raw) == 6:
        return raw
    try:
        return normalise_code(raw[:50])
    except LocalGovernmentCodeError as error:
        raise ApiError(400, "bad_request", f"municipality: {error}") from error
