"""The report as HTML: one set of templates for the HTML format and every part of the PDF.

:func:`render_html` turns :class:`ReportContent` (or a slice of it: the cover, the summary, some
policies) into a complete HTML document with its style sheet inlined. The HTML format uses the
screen style sheet only; the PDF adds the print style sheet (:func:`print_css`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

from django.template.loader import render_to_string

from shinchoku.reports.content import PolicyPart, ReportContent

STYLES = Path(__file__).resolve().parent / "templates" / "reports"


@functools.cache
def screen_css() -> str:
    return (STYLES / "report.css").read_text(encoding="utf-8")


@functools.cache
def print_css(font_face: str) -> str:
    """The screen style sheet, the ``font_face`` rules, then the print layout."""
    return "\n".join([screen_css(), font_face, (STYLES / "print.css").read_text(encoding="utf-8")])


def render_html(
    content: ReportContent,
    *,
    css: str,
    cover: bool = True,
    summary: bool = True,
    policies: Sequence[PolicyPart] | None = None,
    page_refs: Mapping[str, int] | None = None,
    link_targets: bool = False,
) -> str:
    """A complete HTML document of ``content``.

    ``cover`` includes the cover and contents, ``summary`` the summary; ``policies`` defaults to
    all of them.
    ``page_refs`` gives the contents' page numbers (anchor → page); None leaves them to the PDF
    engine's ``target-counter`` (and empty in a browser, which has no pages).
    ``link_targets`` gives each contents link its target's id, for a cover laid out without the
    parts it links to (see :func:`shinchoku.reports.pdf.parts.cover_job`).
    """
    return render_to_string(
        "reports/document.html",
        {
            "content": content,
            "css": css,
            "cover": cover,
            "summary": summary,
            "policies": content.policies if policies is None else policies,
            "page_refs": page_refs,
            "link_targets": link_targets,
        },
    )
