"""The printable PDF of the report, in the published layout (A4 landscape, Japanese font embedded).

A finished PDF is kept on disk under the hash of its content and of what else decides it (Typst's
version, the template, the fonts), so an unchanged report is served without typesetting; otherwise
it is typeset by :mod:`shinchoku.reports.pdf.typeset`.
"""

from __future__ import annotations

import hashlib

from shinchoku.reports import registry
from shinchoku.reports.content import build_report_content
from shinchoku.reports.pdf import cache
from shinchoku.reports.pdf.typeset import engine_key, typeset


def render(request: registry.ReportRequest) -> bytes:
    content = build_report_content(request.round, request.audience)
    key = hashlib.sha256("\n".join([engine_key(), repr(content)]).encode()).hexdigest()
    path = cache.report_path(key)
    pdf = cache.read(path)
    if pdf is None:
        pdf = typeset(content)
        cache.write(path, pdf)
        cache.prune(path.parent, "*.pdf", cache.KEEP_REPORTS)
    if request.progress:
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
