"""API responses kept in the page cache, like the pages (:func:`shinchoku.web.page_cache.cached_page`):
the same keys (per URL with its query string; per user and rights for a signed-in reader, who may
read unpublished rounds), the same data version, the same render-once coordination.

The stored response is the JSON body; its ETag is computed from the bytes for every response (a
SHA-256 of a few kilobytes), so a client holding it still gets a 304.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase

from shinchoku.api.responses import with_etag
from shinchoku.web.audience import PUBLIC, STAFF
from shinchoku.web.page_cache import cached_page


def cached_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """Serve ``view`` (taking the ``audience`` keyword, returning a 200 JSON body) from the page
    cache: as the staff audience for a signed-in reader, the public one otherwise."""
    stored = cached_page(view)

    @functools.wraps(view)
    def serve(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        audience = STAFF if request.user.is_authenticated else PUBLIC
        return with_etag(request, stored(request, *args, audience=audience, **kwargs))

    return serve
