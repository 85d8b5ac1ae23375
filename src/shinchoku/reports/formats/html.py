"""The accessible HTML version of the report, published beside the PDF.

One self-contained file: the style sheet is inline and nothing is fetched (no font, script or
image), headings are in order, tables have captions and header cells with ``scope``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from django.template.loader import render_to_string

from shinchoku.reports import registry
from shinchoku.reports.content import ReportContent, build_report_content

STYLE_SHEET = Path(__file__).resolve().parent.parent / "templates" / "reports" / "report.css"


@functools.cache
def style_sheet() -> str:
    return STYLE_SHEET.read_text(encoding="utf-8")


def render_html(content: ReportContent) -> str:
    """``content`` as one complete HTML document, its style sheet inlined."""
    return render_to_string("reports/document.html", {"content": content, "css": style_sheet()})


def render(request: registry.ReportRequest) -> bytes:
    content = build_report_content(request.round, request.audience)
    if request.progress:
        request.progress(1, 1)
    return render_html(content).encode("utf-8")


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
