"""The accessible HTML version of the report, published beside the PDF.

One self-contained file: the style sheet is inline and nothing is fetched (no font, script or
image), headings are in order, tables have captions and header cells with ``scope``.
"""

from __future__ import annotations

from shinchoku.reports import registry
from shinchoku.reports.content import build_report_content
from shinchoku.reports.document import render_html, screen_css


def render(request: registry.ReportRequest) -> bytes:
    content = build_report_content(request.round, request.audience)
    if request.progress:
        request.progress(1, 1)
    return render_html(content, css=screen_css()).encode("utf-8")


FORMAT = registry.register(
    registry.ReportFormat(
        key="html",
        label="HTML(アクセシブル版)",
        description="画面読み上げソフトでも読める、PDF と同じ内容の HTML 版です。",
        media_type="text/html; charset=utf-8",
        extension="html",
        render=render,
    )
)
