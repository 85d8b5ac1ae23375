"""WeasyPrint: laying out one part of the report (:func:`render`), or the whole report as one
document, the naive render the tests and benchmarks compare the parts with (:func:`render_single`).

Style sheets and fonts are loaded once per process; importing this module costs about half a
second (WeasyPrint and its libraries), which is why the rest of the package imports it lazily.
"""

from __future__ import annotations

import functools

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from shinchoku.reports.content import ReportContent
from shinchoku.reports.document import print_css, render_html
from shinchoku.reports.fonts import report_font
from shinchoku.reports.pdf.parts import PART_CSS, Bookmark, Job, RenderedPart

_POINTS_PER_PIXEL = 0.75  # PDF points are 1/72 in, CSS pixels 1/96 in


@functools.cache
def _font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _stylesheet(css: str) -> weasyprint.CSS:
    """Parsed once per process: parsing costs as much as laying out a small part."""
    return weasyprint.CSS(string=css, font_config=_font_config())


def prepare() -> None:
    """Load the fonts and parse the style sheets now: worker processes forked afterwards share
    them instead of each loading them again (about half a second of CPU each)."""
    css = print_css(report_font().font_face_css())
    _stylesheet(css)
    _stylesheet(css + PART_CSS)


def _layout(html: str, css: str) -> weasyprint.Document:
    return weasyprint.HTML(string=html).render(stylesheets=[_stylesheet(css)], font_config=_font_config())


def render(job: Job) -> RenderedPart:
    """Lay out ``job`` and write it as PDF (tagged, except the stamp)."""
    css = print_css(report_font().font_face_css())
    document = _layout(job.html, css if job.stamp else css + PART_CSS)
    pdf = bytes(document.write_pdf(pdf_tags=not job.stamp))
    bookmarks = tuple(
        Bookmark(
            level=level,
            label=label,
            page=number,
            left=x * _POINTS_PER_PIXEL,
            top=(page.height - y) * _POINTS_PER_PIXEL,
            is_open=state != "closed",
        )
        for number, page in enumerate(document.pages)
        for level, label, (x, y), state in page.bookmarks
    )
    return RenderedPart(pdf, len(document.pages), bookmarks)


def render_single(content: ReportContent) -> bytes:
    """The naive render: the whole report as one document, numbers from ``counter()``, no cache."""
    document = _layout(render_html(content, css=""), print_css(report_font().font_face_css()))
    return bytes(document.write_pdf(pdf_tags=True))
