"""The printable PDF of the report, in the published layout (A4 landscape, Japanese font embedded).

A finished PDF is kept on disk under its content's hash, so an unchanged report is served at
once; otherwise it is laid out part by part (:mod:`shinchoku.reports.pdf.engine`), re-using the
parts of unchanged 施策 laid out earlier in the same process.
"""

from __future__ import annotations

from importlib.metadata import version

from shinchoku.reports import registry
from shinchoku.reports.content import build_report_content
from shinchoku.reports.document import print_css
from shinchoku.reports.fonts import report_font
from shinchoku.reports.pdf import cache


def render(request: registry.ReportRequest) -> bytes:
    content = build_report_content(request.round, request.audience)
    css = print_css(report_font().font_face_css())
    path = cache.pdf_path(version("weasyprint"), css, repr(content))
    pdf = cache.read(path)
    if pdf is None:
        from shinchoku.reports.pdf import engine  # WeasyPrint is slow to import: only when needed

        pdf = engine.render_parts(content, request.progress)
        cache.write(path, pdf)
    elif request.progress:
        request.progress(1, 1)
    return pdf


FORMAT = registry.register(
    registry.ReportFormat(
        key="pdf",
        label="PDF(印刷用)",
        description="公表資料と同じ体裁(A4横)の PDF です。",
        media_type="application/pdf",
        extension="pdf",
        render=render,
    )
)
