"""The printable PDF of the report, in the published layout (A4 landscape, Japanese font embedded).

A finished PDF is kept on disk under the hash of its content, templates and renderer versions, so
an unchanged report is served without loading WeasyPrint; otherwise it is assembled from parts
(:mod:`shinchoku.reports.pdf.engine`), of which only those whose content changed are laid out.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import version

from shinchoku.reports import registry
from shinchoku.reports.content import build_report_content
from shinchoku.reports.document import STYLES, print_css
from shinchoku.reports.fonts import report_font
from shinchoku.reports.pdf import cache, engine


@functools.cache
def _templates() -> str:
    """The report templates' text: a change to them is a change to every PDF."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(STYLES.glob("*")))


def render(request: registry.ReportRequest) -> bytes:
    content = build_report_content(request.round, request.audience)
    css = print_css(report_font().font_face_css())
    versions = f"{version('weasyprint')} {version('pikepdf')}"
    key = hashlib.sha256("\n".join([versions, css, _templates(), repr(content)]).encode()).hexdigest()
    path = cache.report_path(key)
    pdf = cache.read(path)
    if pdf is None:
        pdf = engine.render_parts(content, request.progress)
        cache.write(path, pdf)
        cache.prune(path.parent, "*.pdf", cache.KEEP_REPORTS)
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
