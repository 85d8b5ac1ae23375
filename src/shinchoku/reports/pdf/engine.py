"""Laying out the report PDF in parts, so that a change re-lays out one 施策 only.

The report is split into parts: cover and contents, summary, and one part per 施策. Every part
starts on a new page, so a part's pages never depend on the others. Laid-out parts are kept in
memory under the hash of their content.

- With most parts unknown (the first render in a process), the whole report is laid out as one
  document, as in :func:`render_single`, and its pages are split into parts for later renders.
- With most parts known, the missing parts are laid out alone, without running header and page
  numbers; a cheap "stamp" document of blank pages carries those, and its margin boxes are
  grafted onto the parts' pages. The contents' page numbers are computed from the parts' page
  counts. The result is page-for-page the one-document render, whose numbers come from
  ``counter()`` and ``target-counter()``.

Grafting and splitting use ``Page._page_box`` (WeasyPrint internals, pinned by the tests).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

import weasyprint
from weasyprint.formatting_structure.boxes import MarginBox
from weasyprint.text.fonts import FontConfiguration

from shinchoku.reports.content import ReportContent
from shinchoku.reports.document import print_css, render_html
from shinchoku.reports.fonts import report_font
from shinchoku.reports.pdf.cache import MemoryCache

# Parts are laid out without margin boxes; the stamp draws them. The margins stay the same.
_PART_CSS = "@page { @top-left { content: none } @bottom-center { content: none } }"
_STAMP_CSS = (
    "<style>.stamp { break-after: page; height: 1px; } .stamp:last-child { break-after: auto; }</style>"
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class _Part:
    """Laid-out pages, with the document they came from (it writes the combined PDF)."""

    document: weasyprint.Document
    pages: tuple[weasyprint.Page, ...]


@dataclass(frozen=True)
class _Styles:
    full: weasyprint.CSS
    part: weasyprint.CSS
    key: str


_FONT_CONFIG = FontConfiguration()
_PARTS: MemoryCache[_Part] = MemoryCache(limit=256)
_COVER_PAGES: MemoryCache[int] = MemoryCache(limit=64)
_STYLES: dict[str, _Styles] = {}


def clear_cache() -> None:
    """Forget every laid-out part (tests; memory pressure)."""
    _PARTS.clear()
    _COVER_PAGES.clear()


def _styles() -> _Styles:
    """The print style sheets, parsed once per process (parsing costs as much as a small part)."""
    css = print_css(report_font().font_face_css())
    if css not in _STYLES:
        _STYLES[css] = _Styles(
            weasyprint.CSS(string=css, font_config=_FONT_CONFIG),
            weasyprint.CSS(string=css + _PART_CSS, font_config=_FONT_CONFIG),
            hashlib.sha256(f"{weasyprint.__version__}\n{css}".encode()).hexdigest()[:16],
        )
    return _STYLES[css]


def _hash(*values: object) -> str:
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()


def _layout(html: str, stylesheet: weasyprint.CSS) -> weasyprint.Document:
    return weasyprint.HTML(string=html).render(stylesheets=[stylesheet], font_config=_FONT_CONFIG)


def render_single(content: ReportContent) -> bytes:
    """The naive render: the whole report as one document (no cache)."""
    document = _layout(render_html(content, css=""), _styles().full)
    return bytes(document.write_pdf(pdf_tags=True))


@dataclass(frozen=True)
class _Plan:
    """The cache keys of a report's parts: the summary, then one per 施策, in page order."""

    anchors: tuple[str, ...]
    keys: tuple[str, ...]
    cover: str  # without the page numbers of the contents

    def cover_key(self, refs: Mapping[str, int]) -> str:
        return _hash(self.cover, sorted(refs.items()))


def _plan(content: ReportContent, styles: _Styles) -> _Plan:
    years = (content.short_year_label, content.next_year_label)
    keys = [_hash(styles.key, "summary", content.year_label, years, content.summary)]
    keys += [_hash(styles.key, "policy", years, policy) for policy in content.policies]
    contents = tuple((p.anchor, p.goal, p.node, p.rating) for p in content.policies)
    facts = (content.municipality, content.municipality_code, content.period_label, content.year_label)
    cover = _hash(styles.key, "cover", content.title, facts, content.draft_notice, contents)
    return _Plan(("summary", *(p.anchor for p in content.policies)), tuple(keys), cover)


def render_parts(content: ReportContent, progress: Progress | None = None) -> bytes:
    """The report, from laid-out parts where they are known; written as tagged PDF."""
    styles = _styles()
    plan = _plan(content, styles)
    missing = sum(1 for key in plan.keys if _PARTS.get(key) is None)
    if missing * 2 > len(plan.keys):
        return _render_and_split(content, plan, styles, progress)
    steps = len(plan.keys) + 2
    body: list[_Part] = []
    for number, (key, anchor) in enumerate(zip(plan.keys, plan.anchors, strict=True), 1):
        body.append(_laid_out(key, functools.partial(_part_html, content, anchor), styles.part))
        if progress:
            progress(number, steps)
    refs = _page_refs(plan.anchors, _cover_pages(content, plan, styles), [len(part.pages) for part in body])
    cover_html = functools.partial(render_html, content, css="", summary=False, policies=(), page_refs=refs)
    cover = _laid_out(plan.cover_key(refs), cover_html, styles.part)
    pages = [page for part in (cover, *body) for page in part.pages]
    stamp = _laid_out(
        _hash(styles.key, "stamp", content.title, len(pages)),
        lambda: _stamp(content, len(pages)),
        styles.full,
    )
    numbered = [_graft(page, stamp_page) for page, stamp_page in zip(pages, stamp.pages, strict=True)]
    pdf = bytes(cover.document.copy(numbered).write_pdf(pdf_tags=True))
    if progress:
        progress(steps, steps)
    return pdf


def _render_and_split(
    content: ReportContent, plan: _Plan, styles: _Styles, progress: Progress | None
) -> bytes:
    """Lay out the whole report at once, and keep its pages as parts for the next render."""
    if progress:
        progress(0, 2)
    document = _layout(render_html(content, css=""), styles.full)
    starts = [_first_page(document, anchor) for anchor in plan.anchors]
    ends = [*starts[1:], len(document.pages)]
    for key, start, end in zip(plan.keys, starts, ends, strict=True):
        _PARTS.put(key, _Part(document, tuple(document.pages[start:end])))
    refs = {anchor: start + 1 for anchor, start in zip(plan.anchors, starts, strict=True)}
    _PARTS.put(plan.cover_key(refs), _Part(document, tuple(document.pages[: starts[0]])))
    _COVER_PAGES.put(plan.cover, starts[0])
    if progress:
        progress(1, 2)
    pdf = bytes(document.write_pdf(pdf_tags=True))
    if progress:
        progress(2, 2)
    return pdf


def _first_page(document: weasyprint.Document, anchor: str) -> int:
    return next(index for index, page in enumerate(document.pages) if anchor in page.anchors)


def _laid_out(key: str, build: Callable[[], str], stylesheet: weasyprint.CSS) -> _Part:
    part = _PARTS.get(key)
    if part is None:
        document = _layout(build(), stylesheet)
        part = _Part(document, tuple(document.pages))
        _PARTS.put(key, part)
    return part


def _part_html(content: ReportContent, anchor: str) -> str:
    if anchor == "summary":
        return render_html(content, css="", cover=False, policies=())
    policies = tuple(policy for policy in content.policies if policy.anchor == anchor)
    return render_html(content, css="", cover=False, summary=False, policies=policies)


def _cover_pages(content: ReportContent, plan: _Plan, styles: _Styles) -> int:
    """How many pages the cover and contents take; the page numbers they print do not change it."""
    count = _COVER_PAGES.get(plan.cover)
    if count is None:
        draft = _layout(render_html(content, css="", summary=False, policies=(), page_refs={}), styles.part)
        count = len(draft.pages)
        _COVER_PAGES.put(plan.cover, count)
    return count


def _page_refs(anchors: Sequence[str], cover_pages: int, lengths: Sequence[int]) -> dict[str, int]:
    refs: dict[str, int] = {}
    page = cover_pages + 1
    for anchor, length in zip(anchors, lengths, strict=True):
        refs[anchor] = page
        page += length
    return refs


def _stamp(content: ReportContent, total: int) -> str:
    """Blank pages carrying the running header and page numbers (the first is the cover)."""
    pages = "".join(
        '<div class="stamp cover"></div>' if n == 0 else '<div class="stamp"></div>' for n in range(total)
    )
    title = escape(f"{content.municipality} {content.title}")
    return (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">{_STAMP_CSS}</head>'
        f'<body data-title="{title}">{pages}</body></html>'
    )


def _graft(page: weasyprint.Page, stamp: weasyprint.Page) -> weasyprint.Page:
    """A copy of ``page`` drawing ``stamp``'s margin boxes (header, page number) instead of its own."""
    box = page._page_box.copy_with_children(
        [
            *(child for child in page._page_box.children if not isinstance(child, MarginBox)),
            *(child for child in stamp._page_box.children if isinstance(child, MarginBox)),
        ]
    )
    return weasyprint.Page(box)
