"""Downloading the national entries file (CSV or JSON lines) from the public site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBadRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from shinchoku.reports.national.export import FILE_NAMES, MEDIA_TYPES, NationalFormat, chunks


@require_GET
def download(
    request: HttpRequest, national_format: NationalFormat
) -> StreamingHttpResponse | HttpResponseBadRequest:
    """The file, streamed round by round; what the public may see, whoever asks.
    ``?bom=false`` leaves the CSV's byte order mark out, as for the per-round CSV."""
    bom = request.GET.get("bom", "true").strip().lower()
    if bom not in {"true", "false"}:
        message = f"bom には true か false を指定してください(指定: {bom})。"
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(
        chunks(national_format, bom=bom == "true"), content_type=MEDIA_TYPES[national_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{FILE_NAMES[national_format]}"'
    return response
